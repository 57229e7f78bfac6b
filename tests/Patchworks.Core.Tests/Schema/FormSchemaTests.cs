using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Xunit;

namespace Patchworks.Core.Tests.Schema;

/// <summary>The fields the editor's forms are built from (patchworks/schemaFields), read off a schema.</summary>
public sealed class FormSchemaTests
{
    private static FormSchema Of(string schema) => FormSchema.Of(SchemaCompiler.Compile(JsonParser.Parse(schema)));

    private const string Schema = """
        {
          "$id": "https://example.test/thing.schema.json",
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "One. Two. Three. Four." },
            "count": { "type": "integer" },
            "on": { "type": "boolean" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "mode": { "enum": ["a", "b"], "description": "Short." },
            "either": { "oneOf": [{ "type": "string" }, { "type": "object" }] },
            "owner": { "$ref": "#/definitions/person", "description": "The owner, not any person." },
            "people": { "type": "array", "items": { "$ref": "#/definitions/person" } },
            "inline": { "type": "object", "properties": { "deep": { "type": "number" } } },
            "paging": { "$ref": "#/definitions/paging" }
          },
          "definitions": {
            "person": { "type": "object", "description": "Any person.", "properties": { "name": { "type": "string" }, "friend": { "$ref": "#/definitions/person" } } },
            "paging": {
              "type": "object",
              "properties": { "method": { "enum": ["page", "cursor"] }, "size": { "type": "integer" } },
              "x-methods": { "page": { "required": ["size"], "optional": [] }, "cursor": { "required": [], "optional": ["size"] } }
            }
          }
        }
        """;

    [Fact]
    public void Each_property_gets_the_kind_its_type_gives()
    {
        var root = Of(Schema).Objects[""].Properties.ToDictionary(p => p.Key, p => p.Value.Kind);

        Assert.Equal("text", root["name"]);
        Assert.Equal("number", root["count"]);
        Assert.Equal("checkbox", root["on"]);
        Assert.Equal("csv", root["tags"]);
        Assert.Equal("select", root["mode"]);
        Assert.Equal("textarea", root["either"]);
    }

    [Fact]
    public void Help_is_the_descriptions_first_two_sentences_and_a_description_beside_a_ref_wins()
    {
        var root = Of(Schema).Objects[""].Properties.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("One. Two.", root["name"].Help);
        Assert.Equal("Short.", root["mode"].Help);
        Assert.Equal(["a", "b"], root["mode"].Options);
        Assert.Equal("The owner, not any person.", root["owner"].Help);
        Assert.Null(root["count"].Help);
    }

    [Fact]
    public void Objects_are_keyed_by_their_definition_or_inline_path_and_a_recursive_definition_is_listed_once()
    {
        var form = Of(Schema);
        var root = form.Objects[""].Properties.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("https://example.test/thing.schema.json", form.Id);
        Assert.Equal("person", root["owner"].Object);
        Assert.Equal("person", root["people"].Items);
        Assert.Null(root["tags"].Items);
        Assert.Equal("inline", root["inline"].Object);
        Assert.Equal(["", "inline", "paging", "person"], form.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("person", form.Objects["person"].Properties.Single(p => p.Key == "friend").Value.Object);
        Assert.Equal("number", form.Objects["inline"].Properties.Single().Value.Kind);
    }

    [Fact]
    public void An_x_methods_table_is_given_with_its_object()
    {
        var paging = Of(Schema).Objects["paging"];

        Assert.Equal(["page", "cursor"], paging.Methods.Select(m => m.Key));
        Assert.Equal(["size"], paging.Methods[0].Value.Required);
        Assert.Equal(["size"], paging.Methods[1].Value.Optional);
        Assert.Empty(Of(Schema).Objects["person"].Methods);
    }

    [Fact]
    public void The_connector_schema_gives_every_object_the_wizards_ask_for_with_properties_in_the_schemas_order()
    {
        var form = FormSchema.Of(SchemaCatalog.Connector);

        foreach (var key in new[] { "", "version", "rateLimit", "variable", "parameter", "authMethod", "endpoint", "pagination", "listener", "queue", "exchange", "message" })
        {
            Assert.True(form.Objects.ContainsKey(key), $"no object {key}");
        }
        Assert.Equal(["id", "name"], form.Objects["authMethod"].Properties.Take(2).Select(p => p.Key));
        Assert.Contains(form.Objects["pagination"].Methods, m => m.Key == "pageNumber");
    }
}
