using Patchworks.Core.Diagnostics;
using Patchworks.Core.Editing;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Editing;

/// <summary>
/// Quick fixes on files written in other styles than the fixture (tabs, CRLF, comments): the edit follows the
/// file's own style, and the analysis afterwards no longer reports the diagnostic and nothing new.
/// </summary>
public sealed class QuickFixesTests
{
    private static DiagnosticFacts Facts(Diagnostic diagnostic) => new(diagnostic.Code, diagnostic.Span, diagnostic.Data ?? new Dictionary<string, string>());

    private static string FixConnector(string text, string code, string titleStart)
    {
        var diagnostic = Analysis.Connector(text).First(d => d.Code == code);
        var document = ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), text, new InMemoryFileSystem());
        var fix = QuickFixes.For(document, Facts(diagnostic)).First(f => f.Title.StartsWith(titleStart, StringComparison.Ordinal));
        return TextEdit.Apply(text, fix.Edits);
    }

    private static (string Text, QuickFix Fix) FixInstance(string instance, string code)
    {
        var diagnostic = Analysis.Connector(Fixtures.Connector, instance).First(d => d.Code == code);
        var document = InstanceDocument.Create(InMemoryFileSystem.PathOf(Fixtures.InstanceFile), instance);
        var fix = Assert.Single(QuickFixes.For(document, Facts(diagnostic)));
        return (TextEdit.Apply(instance, fix.Edits), fix);
    }

    private static string Tabs(string text) => text.Replace("  ", "\t", StringComparison.Ordinal);

    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    [Fact]
    public void A_variables_array_created_in_a_tab_indented_crlf_file_uses_tabs_and_crlf()
    {
        var text = Crlf(Tabs(Fixtures.Edit(Fixtures.Connector, ("\"name\": \"Socks\"", "\"name\": \"{{colour}}\""))));
        var fixedText = FixConnector(text, "PW2001", "Define variable");
        Assert.Equal(Fixtures.Edit(text, ("\"sampleBody\": { \"name\": \"{{colour}}\" }", "\"sampleBody\": { \"name\": \"{{colour}}\" },\r\n\t\t\t\"variables\": [ { \"key\": \"colour\" } ]")), fixedText);
        Assert.Empty(Analysis.Connector(fixedText));
    }

    [Fact]
    public void A_literal_secret_moves_out_of_a_multi_line_values_block_keeping_its_comments()
    {
        var instance = Fixtures.Edit(Fixtures.Instance, (
            "  \"values\": { \"host\": \"api.example.com\" },\n  \"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }\n",
            "  \"values\": {\n    // where the API lives\n    \"host\": \"api.example.com\",\n    \"api_key\": \"abc123\" // oops\n  },\n  \"secrets\": {\n    /* none yet */\n  }\n"));
        var (fixedText, fix) = FixInstance(instance, "PW5005");
        Assert.Equal(
            Fixtures.Edit(instance, ("\"host\": \"api.example.com\",\n    \"api_key\": \"abc123\" // oops", "\"host\": \"api.example.com\" // oops"),
                ("/* none yet */\n  }", "/* none yet */\n    \"api_key\": \"secret:test-uk-api_key\"\n  }")),
            fixedText);
        Assert.DoesNotContain("abc123", string.Concat(fix.Edits.Select(e => e.NewText)), StringComparison.Ordinal);
        Assert.Empty(Analysis.Connector(Fixtures.Connector, fixedText));
    }

    [Fact]
    public void Pagination_option_values_follow_the_option_types()
    {
        Assert.Equal("100", PaginationFixes.PlaceholderValue("limit"));
        Assert.Equal("\"links.next\"", PaginationFixes.PlaceholderValue("tokenPath"));
        Assert.Equal("\"id\"", PaginationFixes.PlaceholderValue("idKey"));
    }
}
