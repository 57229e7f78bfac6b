using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Schema.Inference;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Schema;

public sealed class SchemaUpdateTests
{
    private static JsonNode?[] Records(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(r => r?.DeepClone())];

    /// <summary>Applies the update to the schema file's root object; returns the new text and the result.</summary>
    private static (string Text, SchemaUpdateResult Result) Update(string text, string records)
    {
        var tree = JsonParser.Parse(text);
        var result = SchemaUpdate.Merge(tree, (ObjectSyntax)tree.Root!, Records(records));
        return (TextEdit.Apply(text, result.Edits), result);
    }

    [Fact]
    public void A_new_property_is_inserted_after_the_last_with_the_files_indentation_and_every_comment_stays()
    {
        const string text = "{\n    // the product\n    \"type\": \"object\",\n    \"properties\": {\n        \"id\": { \"type\": \"integer\" } // the key\n    }\n}\n";
        var (updated, result) = Update(text, """[{ "id": 1, "name": "a" }, { "id": 2, "name": "b" }]""");
        Assert.Equal(
            "{\n    // the product\n    \"type\": \"object\",\n    \"properties\": {\n        \"id\": { \"type\": \"integer\" }, // the key\n        \"name\": {\n            \"type\": \"string\"\n        }\n    }\n}\n",
            updated);
        var change = Assert.Single(result.Changes);
        Assert.Equal(SchemaChangeKind.Added, change.Kind);
        Assert.Equal("/properties/name", change.Path);
        Assert.Empty(JsonParser.Parse(updated).Errors);
    }

    [Fact]
    public void A_widened_type_replaces_only_the_type_value()
    {
        const string text = "{ \"type\": \"object\", /* keep */ \"properties\": { \"price\": { \"type\": \"integer\", \"description\": \"cents\" } } }";
        var (updated, result) = Update(text, """[{ "price": 1 }, { "price": 2.5 }]""");
        Assert.Equal("{ \"type\": \"object\", /* keep */ \"properties\": { \"price\": { \"type\": \"number\", \"description\": \"cents\" } } }", updated);
        Assert.Equal(SchemaChangeKind.Widened, Assert.Single(result.Changes).Kind);
    }

    [Fact]
    public void A_null_widens_to_a_type_list_on_one_line()
    {
        const string text = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"note\": {\n      \"type\": \"string\"\n    }\n  }\n}";
        var (updated, _) = Update(text, """[{ "note": "x" }, { "note": null }]""");
        Assert.Equal("{\n  \"type\": \"object\",\n  \"properties\": {\n    \"note\": {\n      \"type\": [\"string\", \"null\"]\n    }\n  }\n}", updated);
    }

    [Fact]
    public void A_second_update_with_the_same_records_changes_nothing()
    {
        const string text = "{\n\t\"type\": \"object\",\n\t\"properties\": {\n\t\t\"id\": { \"type\": \"integer\" }\n\t}\n}";
        const string records = """[{ "id": 1, "tags": ["a"], "price": 2.5 }, { "id": 2, "tags": [], "price": null }]""";
        var (once, first) = Update(text, records);
        Assert.NotEmpty(first.Edits);
        Assert.Contains("\n\t\t\"tags\": {\n\t\t\t\"type\": \"array\"", once, StringComparison.Ordinal);
        var (twice, second) = Update(once, records);
        Assert.Empty(second.Edits);
        Assert.Equal(once, twice);
        Assert.DoesNotContain(second.Changes, c => c.Kind != SchemaChangeKind.Conflict);
    }

    [Fact]
    public void Records_the_schema_already_describes_change_nothing_and_conflicts_are_reported_not_written()
    {
        const string text = "{ \"type\": \"object\", \"properties\": { \"status\": { \"type\": \"string\", \"enum\": [\"paid\"] } } }";
        var (updated, result) = Update(text, """[{ "status": "paid" }, { "status": "open" }, { "status": "open" }]""");
        Assert.Equal(text, updated);
        Assert.Equal(SchemaChangeKind.Conflict, Assert.Single(result.Changes).Kind);
    }

    [Fact]
    public void No_records_no_edits()
    {
        var (updated, result) = Update("{ \"type\": \"object\" }", "[]");
        Assert.Equal("{ \"type\": \"object\" }", updated);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void An_endpoint_without_a_schema_gets_one_as_its_last_property()
    {
        const string text = "{\n  \"endpoints\": [\n    {\n      \"id\": \"list\", // listed\n      \"url\": \"/items\"\n    }\n  ]\n}";
        var tree = JsonParser.Parse(text);
        var endpoint = (ObjectSyntax)((ArraySyntax)((ObjectSyntax)tree.Root!)["endpoints"]!).Items[0];
        var result = SchemaUpdate.Insert(tree, endpoint, Records("""[{ "id": 1 }]"""));
        var updated = TextEdit.Apply(text, result.Edits);
        Assert.StartsWith("{\n  \"endpoints\": [\n    {\n      \"id\": \"list\", // listed\n      \"url\": \"/items\",\n      \"schema\": {\n        \"type\": \"object\",", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("$schema", updated, StringComparison.Ordinal);
        Assert.Empty(JsonParser.Parse(updated).Errors);
        var schema = JsonNode.Parse(SyntaxJsonWriter.Write(((ObjectSyntax)((ArraySyntax)((ObjectSyntax)JsonParser.Parse(updated).Root!)["endpoints"]!).Items[0])["schema"]!))!;
        Assert.Equal("integer", (string?)schema["properties"]!["id"]!["type"]);
    }

    [Fact]
    public void Crlf_files_get_crlf_and_one_line_objects_stay_on_one_line()
    {
        const string text = "{\r\n  \"type\": \"object\",\r\n  \"properties\": {\r\n    \"a\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"integer\" } } }\r\n  }\r\n}";
        var (updated, result) = Update(text, """[{ "a": { "x": 1, "y": true }, "b": { "c": "d" } }]""");
        Assert.Equal(
            "{\r\n  \"type\": \"object\",\r\n  \"properties\": {\r\n    \"a\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"integer\" }, \"y\": { \"type\": \"boolean\" } } },\r\n    \"b\": {\r\n      \"type\": \"object\",\r\n      \"properties\": {\r\n        \"c\": {\r\n          \"type\": \"string\"\r\n        }\r\n      },\r\n      \"required\": [\"c\"]\r\n    }\r\n  }\r\n}",
            updated);
        Assert.Equal(["/properties/a/properties/y", "/properties/b"], result.Changes.Select(c => c.Path));
        Assert.DoesNotContain("\n", updated.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_typed_property_in_the_schema_gives_no_edit()
    {
        const string text = "{ \"type\": \"object\", \"properties\": { \"id\": } }";
        var (updated, result) = Update(text, """[{ "id": 1, "name": "a" }]""");
        Assert.Equal(text, updated);
        Assert.Empty(result.Changes);
    }

    [Fact]
    public void A_nullable_enum_gets_null_in_its_type_and_its_enum()
    {
        const string text = "{ \"type\": \"object\", \"properties\": { \"s\": { \"type\": \"string\", \"enum\": [\"a\", \"b\"] /* the two */ } } }";
        var (updated, _) = Update(text, """[{ "s": "a" }, { "s": null }, { "s": "b" }]""");
        Assert.Equal("{ \"type\": \"object\", \"properties\": { \"s\": { \"type\": [\"string\", \"null\"], \"enum\": [\"a\", \"b\", null] /* the two */ } } }", updated);
    }
}
