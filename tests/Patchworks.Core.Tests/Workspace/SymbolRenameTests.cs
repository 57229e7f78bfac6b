using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

public sealed class SymbolRenameTests
{
    /// <summary>The staged files with a plan's edits applied, last edit first so earlier offsets hold.</summary>
    private static Dictionary<string, string> Apply(SymbolReferences index, RenamePlan plan)
    {
        Assert.Null(plan.Refusal);
        var texts = index.Texts.ToDictionary(t => t.Key, t => t.Value);
        foreach (var edit in plan.Edits.OrderByDescending(e => e.Span.Start))
        {
            var text = texts[edit.FilePath];
            texts[edit.FilePath] = string.Concat(text.AsSpan(0, edit.Span.Start), edit.NewText, text.AsSpan(edit.Span.End));
        }
        return texts;
    }

    private static IReadOnlyList<Patchworks.Core.Diagnostics.Diagnostic> Validate(Dictionary<string, string> texts) =>
        Analysis.Run(SymbolFixture.Files(texts[SymbolFixture.ConnectorPath], texts[SymbolFixture.InstancePath], texts[SymbolFixture.BodyPath]),
            Fixtures.ConnectorFile, Fixtures.InstanceFile);

    [Fact]
    public void The_fixture_validates_clean()
    {
        var index = SymbolFixture.Build();
        Assert.Empty(Validate(index.Texts.ToDictionary(t => t.Key, t => t.Value)));
    }

    [Fact]
    public void Renaming_a_connector_variable_changes_every_use_and_nothing_else()
    {
        var index = SymbolFixture.Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "{{host}}", 3), "api_host");
        Assert.Equal(6, plan.Edits.Count);
        var texts = Apply(index, plan);
        Assert.Empty(Validate(texts));
        Assert.Equal(SymbolFixture.Connector.Replace("host", "api_host", StringComparison.Ordinal), texts[SymbolFixture.ConnectorPath]);
        Assert.Equal(SymbolFixture.Instance.Replace("\"host\"", "\"api_host\"", StringComparison.Ordinal), texts[SymbolFixture.InstancePath]);
        Assert.Equal("{ \"server\": \"{{api_host}}\" }\n", texts[SymbolFixture.BodyPath]);
    }

    [Fact]
    public void Renaming_an_auth_method_changes_endpoints_and_instances()
    {
        var index = SymbolFixture.Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.InstancePath, SymbolFixture.At(SymbolFixture.Instance, "\"key\"", 1), "api-key");
        var texts = Apply(index, plan);
        Assert.Equal(3, plan.Edits.Count);
        Assert.Empty(Validate(texts));
        Assert.Contains("\"authMethod\": \"api-key\"", texts[SymbolFixture.InstancePath], StringComparison.Ordinal);
        Assert.Contains("// the key lives in the environment", texts[SymbolFixture.InstancePath], StringComparison.Ordinal);
    }

    [Fact]
    public void Renaming_an_endpoint_changes_instance_endpoint_values()
    {
        var index = SymbolFixture.Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"list\""), "list-items");
        var texts = Apply(index, plan);
        Assert.Empty(Validate(texts));
        Assert.Contains("\"endpointValues\": { \"list-items\": { \"status\": \"active\" } }", texts[SymbolFixture.InstancePath], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{host}}", "2host", "not a valid variable key")]
    [InlineData("{{host}}", "ho st", "not a valid variable key")]
    [InlineData("{{host}}", "region", "already a variable of the same scope (connector variables)")]
    [InlineData("{{host}}", "status", "already defined in endpoint 'list' variables")]
    [InlineData("{{status}}", "api_key", "already defined in auth method 'key' variables")]
    [InlineData("\"list\"", "create", "already has an endpoint 'create'")]
    [InlineData("\"list\"", "-list", "not a valid id")]
    [InlineData("[\"key\"]", "key\n", "not a valid id")]
    public void Bad_or_colliding_names_are_refused(string at, string newName, string reason)
    {
        var index = SymbolFixture.Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, at, 2), newName);
        Assert.Empty(plan.Edits);
        Assert.Contains(reason, plan.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_that_would_duplicate_an_instance_key_is_refused()
    {
        var instance = Fixtures.Edit(SymbolFixture.Instance, ("{ \"host\": \"api.example.com\" }", "{ \"host\": \"api.example.com\", \"other\": \"x\" }"));
        var index = SymbolFixture.Build(instance: instance);
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"host\""), "other");
        Assert.Contains("already has a key 'other'", plan.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_but_names_can_be_renamed()
    {
        var index = SymbolFixture.Build();
        Assert.Contains("Nothing to rename here", SymbolRename.Prepare(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"systemType\"")).Refusal, StringComparison.Ordinal);
        Assert.Contains("rename it in the file explorer", SymbolRename.Prepare(index, SymbolFixture.InstancePath, SymbolFixture.At(SymbolFixture.Instance, "test.connector")).Refusal, StringComparison.Ordinal);
        var target = SymbolRename.Prepare(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "{{api_key}}", 0));
        Assert.Equal("api_key", target.Symbol!.Name);
        Assert.Equal("api_key", SymbolFixture.Connector.Substring(target.Location!.Span.Start, target.Location.Span.Length));
    }

    [Fact]
    public void A_name_written_with_escapes_is_refused_rather_than_half_renamed()
    {
        var instance = Fixtures.Edit(SymbolFixture.Instance, ("{ \"host\":", "{ \"ho\\u0073t\":"));
        var index = SymbolFixture.Build(instance: instance);
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"host\""), "server");
        Assert.Contains("not written literally in test.instance.json", plan.Refusal, StringComparison.Ordinal);
    }
    [Fact]
    public void A_rename_that_would_capture_an_undefined_placeholder_is_refused()
    {
        var connector = Fixtures.Edit(SymbolFixture.Connector, ("{{region}}/items\",\n      \"authMethods\"", "{{region}}/{{zone}}/items\",\n      \"authMethods\""));
        var index = SymbolFixture.Build(connector);
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(connector, "\"region\""), "zone");
        Assert.Equal("{{zone}} is written in endpoint 'list' without a definition: after the rename it would refer to this variable.", plan.Refusal);
    }

    [Fact]
    public void A_token_variable_named_by_token_variable_is_renamed_with_its_uses()
    {
        var connector = Fixtures.Edit(SymbolFixture.Connector,
            ("\"type\": \"apiKey\",", "\"type\": \"apiKey\", \"token\": { \"variable\": \"access\" }, \"headers\": [ { \"key\": \"X-Access\", \"value\": \"{{access}}\" } ],"));
        var index = SymbolFixture.Build(connector);
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(connector, "{{access}}", 3), "session");
        Assert.Equal(2, plan.Edits.Count);
        Assert.Contains("\"variable\": \"session\" }, \"headers\": [ { \"key\": \"X-Access\", \"value\": \"{{session}}\" } ]", Apply(index, plan)[SymbolFixture.ConnectorPath], StringComparison.Ordinal);
    }
}
