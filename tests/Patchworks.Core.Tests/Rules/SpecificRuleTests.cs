using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Core.Tests.Rules;

/// <summary>Rules whose message or location needs more than the rule table checks.</summary>
public sealed class SpecificRuleTests
{
    [Fact]
    public void A_url_over_255_characters_says_its_length_and_the_limit()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items\",", "/{{region}}/items" + new string('x', 300) + "\","));
        var diagnostic = Assert.Single(Analysis.Connector(text));
        Assert.Equal("PW1005", diagnostic.Code);
        Assert.Equal("\"url\" is 333 characters long; at most 255 are allowed.", diagnostic.Message);
    }

    [Fact]
    public void A_default_over_1024_characters_is_reported_on_the_default()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"default\": \"eu\"", $"\"default\": \"{new string('e', 1025)}\""));
        var diagnostic = Assert.Single(Analysis.Connector(text));
        Assert.Equal("PW1005", diagnostic.Code);
        Assert.Equal("\"default\" is 1025 characters long; at most 1024 are allowed.", diagnostic.Message);
        Assert.Equal(1027, diagnostic.Span.Length);
    }

    [Fact]
    public void Placeholders_in_a_referenced_file_are_reported_in_that_file_at_their_own_line()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"$ref\": \"body.xml\" }"));
        var diagnostics = Analysis.Connector(text, stage: f => f.Add("body.xml", "<item>\n  <name>{{nmae}}</name>\n</item>\n"));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("PW2001", InMemoryFileSystem.PathOf("body.xml")), (diagnostic.Code, diagnostic.FilePath));
        Assert.Equal(new Patchworks.Core.Text.Position(1, 10), diagnostic.Range.Start);
    }

    [Fact]
    public void Undefined_placeholder_lists_the_scopes_searched_and_carries_data_for_a_quick_fix()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items", "/{{regoin}}/items"));
        var diagnostic = Assert.Single(Analysis.Connector(text));
        Assert.Equal("'{{regoin}}' is not defined. Searched: endpoint 'list' variables, auth method 'key' variables, connector variables. Did you mean 'region'?", diagnostic.Message);
        Assert.Equal("region", diagnostic.Data!["suggestion"]);
        Assert.Equal("Endpoint", diagnostic.Data["scope"]);
    }

    [Fact]
    public void Duplicate_definitions_point_at_the_first_one()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"id\": \"create\"", "\"id\": \"list\""));
        var diagnostic = Assert.Single(Analysis.Connector(text));
        var related = Assert.Single(diagnostic.Related);
        Assert.Equal(text.IndexOf("\"id\": \"list\"", StringComparison.Ordinal) + 6, Analysis_Offset(text, related.Range.Start));
    }

    [Fact]
    public void Unused_variables_are_tagged_unnecessary_warnings()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("{ \"key\": \"status\" }", "{ \"key\": \"status\" }, { \"key\": \"spare\" }"));
        var diagnostic = Assert.Single(Analysis.Connector(text));
        Assert.Equal(Patchworks.Core.Diagnostics.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(Patchworks.Core.Diagnostics.DiagnosticTags.Unnecessary, diagnostic.Tags);
    }

    [Fact]
    public void A_literal_secret_is_never_echoed_in_a_message()
    {
        var instance = Fixtures.Edit(Fixtures.Instance, ("\"env:TEST_API_KEY\"", "\"sk_live_very_secret\""));
        var diagnostics = Analysis.Connector(Fixtures.Connector, instance);
        Assert.All(diagnostics, d => Assert.DoesNotContain("sk_live_very_secret", d.Message, StringComparison.Ordinal));
        var malformed = Fixtures.Edit(Fixtures.Instance, ("\"env:TEST_API_KEY\"", "\"vault:sk_live_very_secret\""));
        Assert.All(Analysis.Connector(Fixtures.Connector, malformed), d => Assert.DoesNotContain("sk_live_very_secret", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_variable_in_endpoint_values_is_a_literal_secret()
    {
        var instance = Fixtures.Edit(Fixtures.Instance, ("\"authMethod\": \"key\",", "\"authMethod\": \"key\", \"endpointValues\": { \"list\": { \"api_key\": \"sk_live_x\" } },"));
        var diagnostics = Analysis.Connector(Fixtures.Connector, instance);
        Assert.Equal(["PW5007", "PW5005"], diagnostics.Select(d => d.Code));
        Assert.Equal("There is no variable \"api_key\" or filter in endpoint 'list'.", diagnostics[0].Message);
        Assert.Equal("\"sk_live_x\"", Analysis.SpanText(instance, diagnostics[1]));
    }

    [Fact]
    public void Company_groups_differing_only_in_case_are_one_group()
    {
        var second = Fixtures.Edit(Fixtures.Instance, ("\"companyGroup\": \"UK\"", "\"companyGroup\": \"uk\""));
        var diagnostics = Analysis.Connector(Fixtures.Connector, Fixtures.Instance, f => f.Add("second.instance.json", second));
        Assert.Empty(diagnostics);
        var files = new InMemoryFileSystem().Add(Fixtures.ConnectorFile, Fixtures.Connector).Add(Fixtures.InstanceFile, Fixtures.Instance).Add("second.instance.json", second);
        var both = Analysis.Run(files, Fixtures.ConnectorFile, Fixtures.InstanceFile, "second.instance.json");
        Assert.Equal("PW5008", Assert.Single(both).Code);
    }

    [Fact]
    public void Control_characters_from_a_file_are_escaped_in_messages()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"name\": \"Test\"", "\"name\": \u001b[31mRED"));
        var diagnostics = Analysis.Connector(text);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.DoesNotContain(d.Message, char.IsControl));
        Assert.Contains(diagnostics, d => d.Message.Contains("\\u001B", StringComparison.Ordinal));
    }

    private static int Analysis_Offset(string text, Patchworks.Core.Text.Position position) => new Patchworks.Core.Text.LineIndex(text).GetOffset(position);
}
