using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Syntax;

public sealed class JsonParserTests
{
    [Fact]
    public void Parses_values_with_exact_spans()
    {
        const string text = """{ "a": [1, -2.5e-3, true, null], "b": "x\"y" }""";
        var tree = JsonParser.Parse(text);
        Assert.Empty(tree.Errors);
        var root = Assert.IsType<ObjectSyntax>(tree.Root);
        Assert.Equal(new Patchworks.Core.Text.TextSpan(0, text.Length), root.Span);
        var array = Assert.IsType<ArraySyntax>(root["a"]);
        Assert.Equal("[1, -2.5e-3, true, null]", text.Substring(array.Span.Start, array.Span.Length));
        Assert.Equal(-0.0025, Assert.IsType<NumberSyntax>(array.Items[1]).Value);
        Assert.False(((NumberSyntax)array.Items[1]).IsInteger);
        Assert.True(((NumberSyntax)array.Items[0]).IsInteger);
        var b = Assert.IsType<StringSyntax>(root["b"]);
        Assert.Equal("x\"y", b.Value);
        Assert.Equal("\"x\\\"y\"", text.Substring(b.Span.Start, b.Span.Length));
        Assert.Same(root, root.Properties[1].Parent);
        Assert.Equal("\"b\": \"x\\\"y\"", text.Substring(root.Properties[1].Span.Start, root.Properties[1].Span.Length));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_jsonc_not_errors()
    {
        const string text = "{\n  // line\n  \"a\": 1, /* block */\n  \"b\": [1, 2,],\n}\n";
        var tree = JsonParser.Parse(text);
        Assert.Empty(tree.Errors);
        Assert.Equal(2, tree.Comments.Count);
        Assert.Equal("// line", text.Substring(tree.Comments[0].Start, tree.Comments[0].Length));
        Assert.Equal(2, ((ArraySyntax)((ObjectSyntax)tree.Root!)["b"]!).Items.Length);
    }

    [Fact]
    public void Half_typed_property_keeps_its_key_without_a_value()
    {
        const string text = "{\n  \"name\": \"x\",\n  \"desc\n}";
        var tree = JsonParser.Parse(text);
        var root = Assert.IsType<ObjectSyntax>(tree.Root);
        Assert.Equal(2, root.Properties.Length);
        Assert.Equal("desc", root.Properties[1].Name);
        Assert.Null(root.Properties[1].Value);
        Assert.Contains(tree.Errors, e => e.Descriptor.Code == "PW0002");
        Assert.True(root.IsClosed);
    }

    [Fact]
    public void Property_without_value_before_closing_brace()
    {
        var tree = JsonParser.Parse("{ \"a\": }");
        var property = ((ObjectSyntax)tree.Root!).Properties.Single();
        Assert.Null(property.Value);
        Assert.Equal(5, property.ColonOffset);
        var error = Assert.Single(tree.Errors);
        Assert.Equal("PW0005", error.Descriptor.Code);
        Assert.Equal(7, error.Span.Start);
    }

    [Fact]
    public void Missing_comma_between_lines_is_reported_after_the_first_value_and_both_properties_kept()
    {
        const string text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        var tree = JsonParser.Parse(text);
        var error = Assert.Single(tree.Errors);
        Assert.Equal("PW0003", error.Descriptor.Code);
        Assert.Equal(text.IndexOf('1', StringComparison.Ordinal) + 1, error.Span.Start);
        Assert.Equal(["a", "b"], ((ObjectSyntax)tree.Root!).Properties.Select(p => p.Name));
    }

    [Fact]
    public void Unclosed_braces_at_end_of_file_still_give_the_whole_tree()
    {
        const string text = "{ \"endpoints\": [ { \"id\": \"a\", \"url\": \"https://x\"";
        var tree = JsonParser.Parse(text);
        var root = Assert.IsType<ObjectSyntax>(tree.Root);
        Assert.False(root.IsClosed);
        var endpoint = Assert.IsType<ObjectSyntax>(((ArraySyntax)root["endpoints"]!).Items.Single());
        Assert.Equal("https://x", ((StringSyntax)endpoint["url"]!).Value);
        Assert.Equal(3, tree.Errors.Count(e => e.Descriptor.Code == "PW0006"));
        Assert.Equal(text.Length, root.Span.End);
    }

    [Fact]
    public void Missing_colon_on_the_same_line_still_takes_the_value()
    {
        var tree = JsonParser.Parse("{ \"a\" \"x\", \"b\": 1 }");
        var root = (ObjectSyntax)tree.Root!;
        Assert.Equal("x", ((StringSyntax)root["a"]!).Value);
        Assert.Equal(1, ((NumberSyntax)root["b"]!).Value);
        Assert.Equal("PW0004", Assert.Single(tree.Errors).Descriptor.Code);
    }

    [Fact]
    public void Unquoted_keys_are_kept_as_keys()
    {
        var tree = JsonParser.Parse("{ name: \"x\" }");
        Assert.Equal("x", ((StringSyntax)((ObjectSyntax)tree.Root!)["name"]!).Value);
        Assert.Equal("PW0007", Assert.Single(tree.Errors).Descriptor.Code);
    }

    [Theory]
    [InlineData("", "PW0014")]
    [InlineData("{} {}", "PW0012")]
    [InlineData("{ \"a\": 01 }", "PW0009")]
    [InlineData("{ \"a\": 1. }", "PW0009")]
    [InlineData("{ \"a\": \"\\x\" }", "PW0008")]
    [InlineData("{ \"a\": \"\\u12\" }", "PW0008")]
    [InlineData("{ \"a\": \"tab\there\" }", "PW0008")]
    [InlineData("/* open", "PW0010")]
    [InlineData("{ \"a\": 1, \"a\": 2 }", "PW0011")]
    [InlineData("[1 2]", "PW0003")]
    [InlineData("[1, :]", "PW0001")]
    [InlineData("{ \"a\": 1 ; }", "PW0001")]
    public void Reports_each_kind_of_syntax_error(string text, string code)
    {
        var tree = JsonParser.Parse(text);
        Assert.Contains(tree.Errors, e => e.Descriptor.Code == code);
    }

    [Fact]
    public void Duplicate_keys_are_found_in_large_objects_too()
    {
        var properties = string.Join(", ", Enumerable.Range(0, 20).Select(i => $"\"k{i}\": {i}"));
        var tree = JsonParser.Parse($"{{ {properties}, \"k3\": 0 }}");
        Assert.Equal("PW0011", Assert.Single(tree.Errors).Descriptor.Code);
    }

    [Fact]
    public void Deep_nesting_is_cut_off_without_recursion()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);
        var tree = JsonParser.Parse(text);
        Assert.Contains(tree.Errors, e => e.Descriptor.Code == "PW0013");
        Assert.DoesNotContain(tree.Errors, e => e.Descriptor.Code == "PW0012");
    }

    [Fact]
    public void Escaped_strings_map_value_offsets_to_text_offsets()
    {
        const string text = "{ \"u\": \"a\\n{{key}}\\u0041\" }";
        var tree = JsonParser.Parse(text);
        var value = (StringSyntax)((ObjectSyntax)tree.Root!)["u"]!;
        Assert.Equal("a\n{{key}}A", value.Value);
        var braces = value.Value.IndexOf("{{", StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("{{", StringComparison.Ordinal), tree.OffsetOfValueChar(value, braces));
        Assert.Equal(text.IndexOf("\\u0041", StringComparison.Ordinal), tree.OffsetOfValueChar(value, value.Value.Length - 1));
    }

    [Fact]
    public void FindNodeAt_returns_the_deepest_node()
    {
        const string text = "{ \"a\": { \"b\": [10, 20] } }";
        var tree = JsonParser.Parse(text);
        var node = tree.FindNodeAt(text.IndexOf("20", StringComparison.Ordinal) + 1);
        Assert.Equal(20, Assert.IsType<NumberSyntax>(node).Value);
        var key = tree.FindNodeAt(text.IndexOf("\"b\"", StringComparison.Ordinal) + 1);
        Assert.Equal("b", Assert.IsType<StringSyntax>(key).Value);
        Assert.Equal("a.b[1]", SyntaxPath.Of(node!));
    }

    [Fact]
    public void Surrogate_pairs_count_as_two_utf16_units()
    {
        const string text = "{ \"e\": \"😀\", \"x\": 1 }";
        var tree = JsonParser.Parse(text);
        var x = ((ObjectSyntax)tree.Root!).Find("x")!;
        Assert.Equal(text.IndexOf("\"x\"", StringComparison.Ordinal), x.Key.Span.Start);
        Assert.Equal(new Patchworks.Core.Text.Position(0, 13), tree.Lines.GetPosition(x.Key.Span.Start));
    }
}
