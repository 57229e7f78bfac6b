using System.Text.Json.Nodes;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.Core.Tests.Schema;

public sealed class SchemaMergerTests
{
    private static SchemaMergeResult Merge(string declared, string inferred) =>
        SchemaMerger.Merge(JsonNode.Parse(declared)!.AsObject(), JsonNode.Parse(inferred)!.AsObject());

    [Fact]
    public void Keeps_everything_declared_and_adds_new_properties_without_making_them_required()
    {
        const string declared = """
            { "title": "Order", "type": "object", "description": "An order.", "required": ["id"],
              "properties": { "id": { "type": "integer", "description": "The order id.", "minimum": 1 }, "status": { "type": "string", "enum": ["paid", "pending"] } } }
            """;
        const string inferred = """
            { "type": "object", "required": ["id", "total"],
              "properties": { "id": { "type": "integer" }, "status": { "type": "string", "enum": ["paid", "pending"] }, "total": { "type": "number" } } }
            """;
        var result = Merge(declared, inferred);
        var schema = result.Schema;
        Assert.Equal("Order", (string?)schema["title"]);
        Assert.Equal("An order.", (string?)schema["description"]);
        Assert.Equal("The order id.", (string?)schema["properties"]!["id"]!["description"]);
        Assert.Equal(1, (int)schema["properties"]!["id"]!["minimum"]!);
        Assert.Equal("[\"id\"]", schema["required"]!.ToJsonString());
        Assert.Equal("number", (string?)schema["properties"]!["total"]!["type"]);
        var change = Assert.Single(result.Changes);
        Assert.Equal(SchemaChangeKind.Added, change.Kind);
        Assert.Equal("/properties/total", change.Path);
        Assert.Contains("not made required", change.Message, StringComparison.Ordinal);
        Assert.True(result.Changed);
    }

    [Fact]
    public void The_declared_schema_given_is_not_modified()
    {
        var declared = JsonNode.Parse("""{ "type": "object", "properties": {} }""")!.AsObject();
        SchemaMerger.Merge(declared, JsonNode.Parse("""{ "type": "object", "properties": { "a": { "type": "string" } } }""")!.AsObject());
        Assert.Equal("""{"type":"object","properties":{}}""", declared.ToJsonString());
    }

    [Fact]
    public void Widens_types_integer_to_number_another_type_and_null()
    {
        const string declared = """{ "type": "object", "properties": { "qty": { "type": "integer" }, "code": { "type": "string" }, "note": { "type": "string", "enum": ["a", "b"] } } }""";
        const string inferred = """{ "type": "object", "properties": { "qty": { "type": "number" }, "code": { "type": ["string", "integer"] }, "note": { "type": ["string", "null"], "enum": ["a", null] } } }""";
        var result = Merge(declared, inferred);
        var properties = result.Schema["properties"]!;
        Assert.Equal("\"number\"", properties["qty"]!["type"]!.ToJsonString());
        Assert.Equal("[\"string\",\"integer\"]", properties["code"]!["type"]!.ToJsonString());
        Assert.Equal("[\"string\",\"null\"]", properties["note"]!["type"]!.ToJsonString());
        Assert.Equal("[\"a\",\"b\",null]", properties["note"]!["enum"]!.ToJsonString());
        Assert.Equal(3, result.Changes.Count(c => c.Kind == SchemaChangeKind.Widened));
        Assert.Contains(result.Changes, c => c.Path == "/properties/qty/type" && c.Message.Contains("integer → number", StringComparison.Ordinal));
    }

    [Fact]
    public void Near_miss_integers_under_a_declared_number_and_matching_types_change_nothing()
    {
        const string declared = """{ "type": "object", "properties": { "price": { "type": "number" }, "name": { "type": ["string", "null"] } } }""";
        const string inferred = """{ "type": "object", "properties": { "price": { "type": "integer" }, "name": { "type": "string" } } }""";
        var result = Merge(declared, inferred);
        Assert.Empty(result.Changes);
        Assert.False(result.Changed);
        Assert.Equal(JsonNode.Parse(declared)!.ToJsonString(), result.Schema.ToJsonString());
    }

    [Fact]
    public void Hand_written_constraints_the_records_break_are_kept_and_reported_as_conflicts()
    {
        const string declared = """
            { "type": "object", "required": ["email"],
              "properties": { "status": { "type": "string", "enum": ["paid"] }, "email": { "type": "string", "format": "email" } } }
            """;
        const string inferred = """
            { "type": "object", "required": ["status"],
              "properties": { "status": { "type": "string", "enum": ["paid", "void"] }, "email": { "type": "string" } } }
            """;
        var result = Merge(declared, inferred);
        Assert.Equal("[\"paid\"]", result.Schema["properties"]!["status"]!["enum"]!.ToJsonString());
        Assert.Equal("email", (string?)result.Schema["properties"]!["email"]!["format"]);
        Assert.Equal("[\"email\"]", result.Schema["required"]!.ToJsonString());
        Assert.Contains(result.Changes, c => c.Kind == SchemaChangeKind.Conflict && c.Path == "/properties/status/enum" && c.Message.Contains("\"void\"", StringComparison.Ordinal));
        Assert.Contains(result.Changes, c => c.Kind == SchemaChangeKind.Conflict && c.Path == "/properties/email/format");
        Assert.Contains(result.Changes, c => c.Kind == SchemaChangeKind.Conflict && c.Path == "/required" && c.Message.StartsWith("email", StringComparison.Ordinal));
        Assert.False(result.Changed);
    }

    [Fact]
    public void Items_are_merged_and_added_where_the_declared_array_has_none()
    {
        const string declared = """{ "type": "object", "properties": { "lines": { "type": "array", "items": { "type": "object", "properties": { "sku": { "type": "string" } } } }, "tags": { "type": "array" } } }""";
        const string inferred = """{ "type": "object", "properties": { "lines": { "type": "array", "items": { "type": "object", "properties": { "sku": { "type": "string" }, "qty": { "type": "integer" } } } }, "tags": { "type": "array", "items": { "type": "string" } } } }""";
        var result = Merge(declared, inferred);
        Assert.Equal("integer", (string?)result.Schema["properties"]!["lines"]!["items"]!["properties"]!["qty"]!["type"]);
        Assert.Equal("string", (string?)result.Schema["properties"]!["tags"]!["items"]!["type"]);
        Assert.Contains(result.Changes, c => c.Path == "/properties/lines/items/properties/qty");
        Assert.Contains(result.Changes, c => c.Path == "/properties/tags/items");
    }

    [Fact]
    public void References_and_combinators_are_left_alone()
    {
        const string declared = """{ "type": "object", "properties": { "a": { "$ref": "other.json" }, "b": { "anyOf": [ { "type": "string" } ] } } }""";
        const string inferred = """{ "type": "object", "properties": { "a": { "type": "integer" }, "b": { "type": "integer" } } }""";
        var result = Merge(declared, inferred);
        Assert.Empty(result.Changes);
        Assert.Equal(JsonNode.Parse(declared)!.ToJsonString(), result.Schema.ToJsonString());
    }

    [Fact]
    public void A_stub_that_describes_nothing_is_filled_in_with_its_words_kept()
    {
        var result = Merge("""{ "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Order" }""", """{ "$schema": "x", "type": "object", "properties": { "id": { "type": "integer" } } }""");
        Assert.Equal("Order", (string?)result.Schema["title"]);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)result.Schema["$schema"]);
        Assert.Equal("object", (string?)result.Schema["type"]);
        Assert.Single(result.Changes);
    }

    [Fact]
    public void Merging_a_schema_inferred_from_the_same_records_again_changes_nothing()
    {
        var records = JsonNode.Parse("""[ { "id": 1, "tags": ["a"], "c": { "x": null } }, { "id": 2.5, "tags": [], "c": { "x": "y" } } ]""")!.AsArray().ToArray();
        var inferred = SchemaInferrer.Infer(records).Schema;
        var first = SchemaMerger.Merge(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() }, inferred);
        Assert.True(first.Changed);
        var second = SchemaMerger.Merge(first.Schema, inferred);
        Assert.Empty(second.Changes);
    }
}
