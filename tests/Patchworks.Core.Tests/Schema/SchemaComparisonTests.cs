using System.Text.Json.Nodes;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema.Inference;
using Patchworks.Core.Syntax;
using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Core.Tests.Schema;

/// <summary>
/// Compare Schema (ported from the extension's runner-schema and runner-text-records tests, whose TypeScript
/// comparison this replaces), plus what only the server's reading gives: JSONC schemas and declaration spans.
/// </summary>
public sealed class SchemaComparisonTests
{
    private const string Product = """
        {
          "type": "object",
          "required": ["id", "name"],
          "properties": {
            "id": { "type": "integer" },
            "name": { "type": "string" },
            "price": { "type": "string" },
            "stock_quantity": { "type": ["integer", "null"] },
            "categories": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "integer" } } } }
          }
        }
        """;

    private static JsonNode?[] Records(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(r => r?.DeepClone())];

    private static SchemaComparisonResult Compare(string schema, string records, bool text = false) =>
        SchemaComparison.Compare(JsonParser.Parse(schema).Root, Records(records), text);

    private static string Wrong(SchemaComparisonResult result) =>
        string.Join("; ", result.WrongTypes.Select(w => $"{w.Path}: {string.Join("|", w.Expected)} <- {string.Join(",", w.Received.Select(r => $"{r.Type}x{r.Records}"))}"));

    private static string Counts(IEnumerable<SchemaFieldCount> counts) => string.Join(", ", counts.Select(c => $"{c.Path}x{c.Records}"));

    [Fact]
    public void Records_that_match_give_nothing_to_report()
    {
        var result = Compare(Product, """
            [{ "id": 1, "name": "a", "price": "1.00", "stock_quantity": null, "categories": [{ "id": 3 }] },
             { "id": 2, "name": "b", "price": "2.00", "stock_quantity": 4, "categories": [] }]
            """);
        Assert.Equal(2, result.RecordsChecked);
        Assert.True(result.Matches, Wrong(result));
        Assert.False(result.Text);
    }

    [Fact]
    public void Missing_required_extra_wrong_types_and_never_received_are_listed_with_counts()
    {
        var result = Compare(Product, """
            [{ "id": 1, "price": 4.5, "colour": "red", "categories": [{ "id": "x", "slug": "s" }, { "id": "y" }] },
             { "id": "2", "name": "b", "colour": "blue" }]
            """);
        Assert.Equal("namex1", Counts(result.MissingRequired));
        Assert.Equal("categories[].slugx1, colourx2", Counts(result.Extra));
        // Counted once per record even though two categories of the first record are wrong.
        Assert.Equal("categories[].id: integer <- stringx1; id: integer <- stringx1; price: string <- numberx1", Wrong(result));
        Assert.Equal(["stock_quantity"], result.NeverReceived);
        Assert.False(result.Matches);
        // categories never came in the second record but did in the first: its fields are checked, not listed.
        Assert.Equal(["categories", "price", "stock_quantity"], Compare(Product, """[{ "id": 1, "name": "a" }]""").NeverReceived);
    }

    [Fact]
    public void An_integer_satisfies_number_and_a_fraction_does_not_satisfy_integer()
    {
        const string schema = """{ "type": "object", "properties": { "n": { "type": "number" }, "i": { "type": "integer" } } }""";
        Assert.Empty(Compare(schema, """[{ "n": 3, "i": 1 }, { "n": 3.5, "i": 2.0 }]""").WrongTypes);
        Assert.Equal("i: integer <- numberx1", Wrong(Compare(schema, """[{ "n": 3, "i": 1.5 }]""")));
    }

    [Fact]
    public void Local_refs_and_anyOf_are_followed()
    {
        const string schema = """
            {
              "$defs": { "money": { "anyOf": [{ "type": "string" }, { "type": "null" }] } },
              "type": "object",
              "properties": { "price": { "$ref": "#/$defs/money" } }
            }
            """;
        Assert.Empty(Compare(schema, """[{ "price": null }, { "price": "1" }]""").WrongTypes);
        Assert.Equal("price: string|null <- integerx1", Wrong(Compare(schema, """[{ "price": 1 }]""")));
    }

    [Fact]
    public void A_ref_to_a_definition_declares_its_properties_there_and_an_unresolvable_or_remote_ref_allows_anything()
    {
        const string schema = """
            {
              "definitions": { "address": { "type": "object", "required": ["city"], "properties": { "city": { "type": "string" } } } },
              "type": "object",
              "properties": {
                "billing": { "$ref": "#/definitions/address" },
                "other": { "$ref": "other.json#/x" },
                "lost": { "$ref": "#/definitions/nowhere" }
              }
            }
            """;
        var tree = JsonParser.Parse(schema);
        var result = SchemaComparison.Compare(tree.Root, Records("""[{ "billing": { "zip": 1 }, "other": 5, "lost": [1] }]"""));
        Assert.Equal("billing.cityx1", Counts(result.MissingRequired));
        Assert.Equal("billing.zipx1", Counts(result.Extra));
        Assert.Empty(result.WrongTypes);
        Assert.Equal(["billing.city"], result.NeverReceived);
        // billing.city is written inside the definition.
        var city = result.Declarations["billing.city"];
        Assert.StartsWith("\"city\": { \"type\": \"string\" }", tree.Text[city.Start..]);
        Assert.True(city.Start < tree.Text.IndexOf("\"properties\": {\n    \"billing\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recursive_ref_ends()
    {
        const string schema = """{ "$ref": "#", "type": "object" }""";
        var result = Compare(schema, """[{ "a": 1 }]""");
        Assert.True(result.Matches);
        var node = """{ "type": "object", "properties": { "child": { "$ref": "#" }, "n": { "type": "integer" } } }""";
        var deep = Compare(node, """[{ "n": 1, "child": { "n": 2, "child": { "n": "x" } } }]""");
        Assert.Equal("child.child.n: integer <- stringx1", Wrong(deep));
    }

    [Fact]
    public void A_schema_without_properties_allows_any_field_and_a_record_of_the_wrong_kind_is_reported_as_such()
    {
        Assert.Empty(Compare("""{ "type": "object" }""", """[{ "anything": 1 }]""").Extra);
        Assert.Equal("(record): object <- stringx1", Wrong(Compare("""{ "type": "object" }""", """["text"]""")));
        // additionalProperties true or a schema allows undeclared fields where properties are listed.
        Assert.Empty(Compare("""{ "properties": { "a": {} }, "additionalProperties": true }""", """[{ "b": 1 }]""").Extra);
        Assert.Empty(Compare("""{ "properties": { "a": {} }, "additionalProperties": { "type": "string" } }""", """[{ "b": 1 }]""").Extra);
        Assert.Equal("bx1", Counts(Compare("""{ "properties": { "a": {} }, "additionalProperties": false }""", """[{ "b": 1 }]""").Extra));
    }

    [Fact]
    public void No_records_report_nothing_never_received()
    {
        var result = Compare(Product, "[]");
        Assert.Equal(0, result.RecordsChecked);
        Assert.Empty(result.NeverReceived);
    }

    [Fact]
    public void JSON_types_of_values()
    {
        var values = JsonNode.Parse("""[null, [], 1, 1.5, "s", true, {}, 2.0]""")!.AsArray();
        Assert.Equal(["null", "array", "integer", "number", "string", "boolean", "object", "integer"], values.Select(SchemaComparison.JsonTypeOf));
    }

    [Fact]
    public void A_JSONC_schema_with_comments_and_trailing_commas_is_compared_and_each_declaration_has_its_span()
    {
        const string schema = """
            {
              // a product, as the shop sends it
              "type": "object",
              "required": ["id",],
              "properties": {
                "id": { "type": "integer" }, /* the key */
                "name": { "type": "string", },
              },
            }
            """;
        var tree = JsonParser.Parse(schema);
        var result = SchemaComparison.Compare(tree.Root, Records("""[{ "id": "7", "colour": "red" }]"""));
        Assert.Equal("id: integer <- stringx1", Wrong(result));
        Assert.Equal(["name"], result.NeverReceived);
        Assert.Equal("colourx1", Counts(result.Extra));
        Assert.Equal("\"id\": { \"type\": \"integer\" }", tree.Text.Substring(result.Declarations["id"].Start, result.Declarations["id"].Length));
        Assert.StartsWith("\"name\": { \"type\": \"string\", }", tree.Text[result.Declarations["name"].Start..]);
        Assert.False(result.Declarations.ContainsKey("colour"));
        var line = tree.Lines.GetPosition(result.Declarations["name"].Start);
        Assert.Equal(6, line.Line);
    }

    [Fact]
    public void An_inline_schema_in_a_connector_has_spans_in_the_connector()
    {
        var inline = """{ "id": "x", "schema": { "type": "object", "properties": { "sku": { "type": "string" } } } }""";
        var inlineTree = JsonParser.Parse(inline);
        var schema = ((ObjectSyntax)inlineTree.Root!)["schema"]!;
        var result = SchemaComparison.Compare(schema, Records("""[{ "sku": 1 }]"""));
        Assert.Equal("sku: string <- integerx1", Wrong(result));
        Assert.Equal(inline.IndexOf("\"sku\"", StringComparison.Ordinal), result.Declarations["sku"].Start);
    }

    [Fact]
    public void A_schema_that_is_not_an_object_compares_nothing_but_counts_the_records()
    {
        var result = SchemaComparison.Compare(JsonParser.Parse("[1, 2]").Root, Records("""[{ "a": 1 }]"""));
        Assert.Equal(1, result.RecordsChecked);
        Assert.True(result.Matches);
    }

    // Text records (XML and CSV): the values are text, read as the declared types.

    private const string CustomerSchema = """
        {
          "type": "object",
          "required": ["entityId", "companyName"],
          "properties": {
            "@internalId": { "type": "integer" },
            "@type": { "type": "string" },
            "entityId": { "type": "string" },
            "companyName": { "type": "string" },
            "isPerson": { "type": "boolean" },
            "balance": { "type": ["number", "null"] },
            "addressbookList": {
              "type": "object",
              "properties": { "addressbook": { "type": "array", "items": { "type": "object", "properties": { "label": { "type": "string" } } } } }
            }
          }
        }
        """;

    /// <summary>What the runner lists for a NetSuite SuiteTalk (SOAP) customer search page: attributes as @name, nested and repeated elements flattened by path.</summary>
    private const string SuiteTalkRecords = """
        [
          { "@internalId": "1107", "@type": "listRel:Customer", "entityId": "ACME-0001", "companyName": "Acme & Sons",
            "addressbookList.addressbook.0.label": "Billing", "addressbookList.addressbook.1.label": "Shipping" },
          { "@internalId": "1108", "@type": "listRel:Customer", "entityId": "ACME-0002", "companyName": "Outdoor <Gear> Ltd" }
        ]
        """;

    [Fact]
    public void On_a_SOAP_search_text_reads_as_integers_nested_paths_and_repeated_elements_as_arrays()
    {
        var result = Compare(CustomerSchema, SuiteTalkRecords, text: true);
        Assert.True(result.Text);
        Assert.Empty(result.WrongTypes);
        Assert.Empty(result.MissingRequired);
        Assert.Empty(result.Extra);
        Assert.Equal(["balance", "isPerson"], result.NeverReceived);
        // Without text mode the same records are all strings and flat: the comparison would be wrong about them.
        Assert.NotEmpty(Compare(CustomerSchema, SuiteTalkRecords).WrongTypes);
    }

    [Fact]
    public void On_text_a_value_that_does_not_read_as_the_type_a_lone_element_as_a_list_of_one_an_empty_one_as_null()
    {
        var result = Compare(CustomerSchema, """
            [{ "@internalId": "abc", "entityId": "A", "companyName": "B", "isPerson": "TRUE", "balance": "", "addressbookList.addressbook.label": "Only" },
             { "@internalId": "7", "entityId": "C", "isPerson": "yes", "balance": "12.50", "colour": "red" }]
            """, text: true);
        Assert.Equal("@internalId: integer <- stringx1; isPerson: boolean <- stringx1", Wrong(result));
        Assert.Equal("companyNamex1", Counts(result.MissingRequired));
        Assert.Equal("colourx1", Counts(result.Extra));
        Assert.Equal(["@type"], result.NeverReceived);
    }

    [Fact]
    public void Nested_text_records_dotted_paths_become_objects_numbered_ones_arrays_and_a_text_record_stays_text()
    {
        var nested = SchemaComparison.NestTextRecord(JsonNode.Parse("""{ "@id": "1", "Address.PostCode": "AB1", "Line.0.Sku": "X", "Line.1.Sku": "Y" }"""));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "@id": "1", "Address": { "PostCode": "AB1" }, "Line": [{ "Sku": "X" }, { "Sku": "Y" }] }"""), nested), nested?.ToJsonString());
        Assert.Equal("2", SchemaComparison.NestTextRecord(JsonValue.Create("2"))!.GetValue<string>());
    }

    [Fact]
    public void The_Peoplevox_run_its_CSV_records_against_the_sample_schema_in_text_mode()
    {
        var run = RunRecords.Read(File.ReadAllText(Path.Combine(SampleCorpus.RepositoryRoot, "extension", "test", "unit", "fixtures", "peoplevox-item-types.run.json")));
        Assert.True(run.Text);
        var schema = JsonParser.Parse(File.ReadAllText(SampleCorpus.Absolute(Path.Combine("peoplevox", "schemas", "item-type.json"))));
        var result = SchemaComparison.Compare(schema.Root, run.Records, run.Text);
        Assert.Equal(run.Records.Count, result.RecordsChecked);
        Assert.True(result.RecordsChecked > 0);
        Assert.Empty(result.MissingRequired);
        Assert.Empty(result.Extra);
        Assert.Empty(result.WrongTypes);
        // The item types template has five columns; the schema declares the other fields Peoplevox can send too.
        Assert.Equal(["Attribute1", "Attribute2", "Attribute3", "Depth", "Height", "SalesPrice", "Width"], result.NeverReceived);
    }
}
