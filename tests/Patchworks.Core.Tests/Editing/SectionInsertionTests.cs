using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Editing;

/// <summary>Add Endpoint / Add Authentication Method: the insert changes nothing but the new item's text; comments, trailing commas and odd layout elsewhere stay byte for byte.</summary>
public sealed class SectionInsertionTests
{
    private const string Odd = """
        // Header comment: kept.
        {
            "name": "Odd",   /* inline block comment */
          "version": {"number":1},
            "authMethods": [ { "id": "k", "name": "Key", "type": "none" }, ],  // trailing comma in the array
          "endpoints": [
                {
                  // a comment inside the last endpoint
                  "id": "one", "name": "One", "direction": "receive", "method": "GET", "url": "https://x/{{a}}"
                }
          ],
          /* after */ "helpLink": "https://example.com"
        }
        // Footer comment: kept.

        """;

    private static SectionInsertionResult Insert(string text, string section, string item, string? unit = "  ") =>
        SectionInsertion.Insert(JsonParser.Parse(text), section, JsonNode.Parse(item), unit);

    /// <summary>The new text is the old one with one run inserted: that run.</summary>
    private static string Inserted(string before, string after)
    {
        var start = 0;
        while (start < before.Length && before[start] == after[start])
        {
            start++;
        }
        var end = 0;
        while (end < before.Length - start && before[^(1 + end)] == after[^(1 + end)])
        {
            end++;
        }
        Assert.Equal(before.Length, start + end);
        return after[start..^end];
    }

    private static List<string?> Ids(string text, string section) =>
        [.. JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip })![section]!.AsArray().Select(e => e!["id"]!.GetValue<string>())];

    [Fact]
    public void An_endpoint_is_appended_after_the_last_one_and_the_rest_of_the_file_is_byte_for_byte_the_same()
    {
        var result = Insert(Odd, "endpoints", """{ "id": "two", "name": "Two", "direction": "send", "method": "POST", "url": "https://x" }""");

        Assert.Equal(1, result.Index);
        Assert.Contains("\"id\": \"two\"", Inserted(Odd, result.NewText), StringComparison.Ordinal);
        Assert.Contains("// a comment inside the last endpoint", result.NewText, StringComparison.Ordinal);
        Assert.StartsWith("// Header comment: kept.\n{\n    \"name\": \"Odd\",   /* inline block comment */", result.NewText, StringComparison.Ordinal);
        Assert.EndsWith("  /* after */ \"helpLink\": \"https://example.com\"\n}\n// Footer comment: kept.\n", result.NewText, StringComparison.Ordinal);
        Assert.Equal(["one", "two"], Ids(result.NewText, "endpoints"));
        Assert.All(result.Edits, e => Assert.Equal(0, e.Span.Length)); // insertions only
    }

    [Fact]
    public void An_auth_method_goes_into_an_array_with_a_trailing_comma_which_keeps_its_comments()
    {
        var result = Insert(Odd, "authMethods", """{ "id": "basic", "name": "Basic", "type": "basic", "basic": { "username": "u", "password": "p" } }""");

        Assert.Equal(1, result.Index);
        Assert.Equal(["k", "basic"], Ids(result.NewText, "authMethods"));
        var arrayStart = Odd.IndexOf("\"authMethods\"", StringComparison.Ordinal);
        Assert.Equal(Odd[..arrayStart], result.NewText[..arrayStart]);
        Assert.EndsWith(Odd[Odd.IndexOf("  // trailing comma in the array", StringComparison.Ordinal)..], result.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connector_without_the_section_gets_the_array_auth_methods_before_the_endpoints()
    {
        const string text = "{\n  // c\n  \"name\": \"N\",\n  \"endpoints\": []\n}\n";
        var result = Insert(text, "authMethods", """{ "id": "a", "name": "A", "type": "none" }""");
        Assert.Equal(0, result.Index);
        Assert.True(result.NewText.IndexOf("\"authMethods\"", StringComparison.Ordinal) < result.NewText.IndexOf("\"endpoints\"", StringComparison.Ordinal));
        Assert.Contains("  // c\n  \"name\": \"N\",", result.NewText, StringComparison.Ordinal);
        Inserted(text, result.NewText);

        var withoutEndpoints = Insert("""{ "name": "N" }""", "endpoints", """{ "id": "e" }""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "name": "N", "endpoints": [{ "id": "e" }] }"""), JsonNode.Parse(withoutEndpoints.NewText)), withoutEndpoints.NewText);
    }

    [Fact]
    public void A_file_with_syntax_errors_or_a_section_that_is_not_an_array_is_refused_rather_than_edited()
    {
        Assert.Contains("syntax errors", Assert.Throws<SectionInsertionException>(() => Insert("""{ "endpoints": [ { "id": """, "endpoints", "{}")).Message, StringComparison.Ordinal);
        Assert.Contains("not an array", Assert.Throws<SectionInsertionException>(() => Insert("""{ "endpoints": {} }""", "endpoints", "{}")).Message, StringComparison.Ordinal);
        Assert.Contains("not a section", Assert.Throws<SectionInsertionException>(() => Insert("{}", "variables", "{}")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_new_item_is_indented_as_the_file_is()
    {
        const string tabbed = "{\n\t\"name\": \"T\",\n\t\"endpoints\": [\n\t\t{ \"id\": \"a\" }\n\t]\n}\n";
        var longText = new string('x', 110);
        var tabs = Insert(tabbed, "endpoints", $$"""{ "id": "b", "description": "{{longText}}" }""", unit: null);
        Assert.Equal($",\n\t\t{{\n\t\t\t\"id\": \"b\",\n\t\t\t\"description\": \"{longText}\"\n\t\t}}", Inserted(tabbed, tabs.NewText));
    }

    [Fact]
    public void A_comment_after_the_last_item_stays_with_it()
    {
        const string text = "{\n  \"endpoints\": [\n    { \"id\": \"a\" } // the first\n  ]\n}\n";
        Assert.Equal("{\n  \"endpoints\": [\n    { \"id\": \"a\" }, // the first\n    { \"id\": \"b\" }\n  ]\n}\n", Insert(text, "endpoints", """{ "id": "b" }""").NewText);
    }

    [Fact]
    public void An_empty_array_gets_the_item_on_its_own_line_and_crlf_files_get_crlf()
    {
        const string text = "{\r\n  \"name\": \"N\",\r\n  \"endpoints\": []\r\n}\r\n";
        var result = Insert(text, "endpoints", """{ "id": "a" }""", unit: null);
        Assert.Equal("{\r\n  \"name\": \"N\",\r\n  \"endpoints\": [\r\n    { \"id\": \"a\" }\r\n  ]\r\n}\r\n", result.NewText);
        Assert.Equal(0, result.Index);
    }

    [Fact]
    public void The_layout_keeps_plain_objects_on_one_line_while_they_fit()
    {
        Assert.Equal("{ \"a\": 1, \"b\": \"x\" }\n", JsonLayout.Write(JsonNode.Parse("""{"a":1,"b":"x"}""")));
        Assert.Equal("{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}\n", JsonLayout.Write(JsonNode.Parse("""{"a":{"b":[1,2]}}""")));
        Assert.Equal("{}\n", JsonLayout.Write(new JsonObject()));
    }
}
