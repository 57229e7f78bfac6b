using Patchworks.Core.Model;

namespace Patchworks.Core.Tests.Syntax;

public sealed class PlaceholderScannerTests
{
    [Fact]
    public void Finds_variables_and_builtins_with_name_ranges()
    {
        const string text = "https://{{host}}/x?o=[[pagination.offset]]&m=[[meta.id]]";
        var tokens = PlaceholderScanner.Scan(text);
        Assert.Equal(3, tokens.Count);
        Assert.Equal(("host", PlaceholderKind.Variable), (tokens[0].Name, tokens[0].Kind));
        Assert.Equal("{{host}}", text.Substring(tokens[0].Start, tokens[0].Length));
        Assert.Equal("host", text.Substring(tokens[0].NameStart, tokens[0].NameLength));
        Assert.Equal(("pagination", "offset"), (tokens[1].Namespace, tokens[1].Member));
        Assert.Equal(("meta", "id"), (tokens[2].Namespace, tokens[2].Member));
        Assert.All(tokens, t => Assert.Null(t.Problem));
    }

    [Theory]
    [InlineData("{{}}")]
    [InlineData("{{ key }}")]
    [InlineData("{{9key}}")]
    [InlineData("{{a-b}}")]
    [InlineData("[[pagination.]]")]
    public void Malformed_placeholders_carry_a_problem(string text)
    {
        Assert.NotNull(Assert.Single(PlaceholderScanner.Scan(text)).Problem);
    }

    [Fact]
    public void Unclosed_placeholders_end_at_the_next_opening_or_the_line_end()
    {
        var tokens = PlaceholderScanner.Scan("a {{one b {{two}}\n{{three");
        Assert.Equal(3, tokens.Count);
        Assert.True(tokens[0].IsUnclosed);
        Assert.Equal("one b", tokens[0].Name);
        Assert.False(tokens[1].IsUnclosed);
        Assert.True(tokens[2].IsUnclosed);
    }

    [Theory]
    [InlineData("[[1, 2], [3]]")]
    [InlineData("<![CDATA[[x]]]>")]
    [InlineData("{ \"a\": { \"b\": 1 } }")]
    [InlineData("plain text")]
    public void Text_that_only_looks_like_brackets_holds_no_placeholder(string text)
    {
        Assert.Empty(PlaceholderScanner.Scan(text));
    }

    [Fact]
    public void Triple_braces_are_a_literal_brace_then_a_placeholder()
    {
        var token = Assert.Single(PlaceholderScanner.Scan("{{{key}}}"));
        Assert.Equal("key", token.Name);
        Assert.Equal(1, token.Start);
        Assert.Null(token.Problem);
    }
}
