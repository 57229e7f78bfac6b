using System.Diagnostics;
using System.Text.Json.Nodes;
using Patchworks.Core.Schema;
using Patchworks.Core.Schema.Inference;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Tests.Schema;

public sealed class SchemaInferrerTests
{
    private static JsonNode?[] Records(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(r => r?.DeepClone())];

    private static JsonObject Infer(string json, InferenceOptions? options = null) => SchemaInferrer.Infer(Records(json), options).Schema;

    private static JsonNode? At(JsonObject schema, string path)
    {
        JsonNode? node = schema;
        foreach (var step in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node?[step];
        }
        return node;
    }

    private static string? Text(JsonNode? node) => node?.ToJsonString();

    /// <summary>Every record must be valid against the schema inferred from it (checked with the project's own validator).</summary>
    private static void AssertValid(JsonObject schema, string recordsJson)
    {
        var compiled = SchemaCompiler.Compile(JsonParser.Parse(schema.ToJsonString()));
        foreach (var record in Records(recordsJson))
        {
            var violations = SchemaValidator.Validate(JsonParser.Parse(record?.ToJsonString() ?? "null").Root!, compiled);
            Assert.True(violations.Count == 0, $"{record?.ToJsonString()} is not valid against {schema.ToJsonString()}: {string.Join("; ", violations.Select(v => v.Message))}");
        }
    }

    [Fact]
    public void Types_of_every_field_with_integer_merged_into_number_and_several_kinds_as_a_type_list()
    {
        const string records = """
            [ { "id": 1, "price": 10, "qty": 2, "flag": true, "mixed": "a" },
              { "id": 2, "price": 10.5, "qty": 3, "flag": false, "mixed": 4 } ]
            """;
        var schema = Infer(records);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.Equal("\"integer\"", Text(At(schema, "properties.id.type")));
        Assert.Equal("\"number\"", Text(At(schema, "properties.price.type")));
        Assert.Equal("\"integer\"", Text(At(schema, "properties.qty.type")));
        Assert.Equal("\"boolean\"", Text(At(schema, "properties.flag.type")));
        Assert.Equal("[\"string\",\"integer\"]", Text(At(schema, "properties.mixed.type")));
        AssertValid(schema, records);
    }

    [Fact]
    public void A_number_without_a_fraction_is_an_integer_as_json_schema_counts_it()
    {
        var schema = Infer("""[ { "n": 1.0 }, { "n": 2e2 } ]""");
        Assert.Equal("\"integer\"", Text(At(schema, "properties.n.type")));
    }

    [Fact]
    public void Required_is_the_properties_every_record_has_and_null_makes_a_type_nullable()
    {
        const string records = """
            [ { "id": 1, "note": "x", "discount": null },
              { "id": 2, "discount": 5 },
              { "id": 3, "discount": null } ]
            """;
        var schema = Infer(records);
        Assert.Equal("[\"id\",\"discount\"]", Text(schema["required"]));
        Assert.Equal("[\"integer\",\"null\"]", Text(At(schema, "properties.discount.type")));
        Assert.Equal("\"string\"", Text(At(schema, "properties.note.type")));
        AssertValid(schema, records);
    }

    [Fact]
    public void A_field_only_ever_null_is_typed_null()
    {
        var schema = Infer("""[ { "x": null }, { "x": null } ]""");
        Assert.Equal("\"null\"", Text(At(schema, "properties.x.type")));
    }

    [Theory]
    [InlineData("\"2024-05-01T10:00:00Z\"", "\"2025-01-31T23:59:59.123+02:00\"", "date-time")]
    [InlineData("\"2024-05-01\"", "\"2024-02-29\"", "date")]
    [InlineData("\"ann@shop.example\"", "\"bob.smith+x@mail.shop.example\"", "email")]
    [InlineData("\"https://shop.example/a?b=1\"", "\"http://localhost:3000/x\"", "uri")]
    [InlineData("\"9b2f6c1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b\"", "\"00000000-0000-0000-0000-000000000000\"", "uuid")]
    public void A_format_when_every_value_matches(string first, string second, string format)
    {
        var schema = Infer($$"""[ { "v": {{first}} }, { "v": {{second}} }, { "v": null } ]""");
        Assert.Equal(format, (string?)At(schema, "properties.v.format"));
    }

    [Theory]
    [InlineData("\"2024-05-01T10:00:00Z\"", "\"yesterday\"")]
    [InlineData("\"2024-05-01T10:00:00Z\"", "\"2024-05-01 10:00:00\"")]
    [InlineData("\"2024-05-01\"", "\"2024-02-30\"")]
    [InlineData("\"ann@shop.example\"", "\"not an email\"")]
    [InlineData("\"https://shop.example/\"", "\"note:hello\"")]
    [InlineData("\"9b2f6c1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b\"", "\"9b2f6c1e\"")]
    [InlineData("\"2024-05-01\"", "20240501")]
    [InlineData("\"ann@shop.example\"", "\"\"")]
    public void No_format_when_one_value_does_not_match(string first, string second)
    {
        var schema = Infer($$"""[ { "v": {{first}} }, { "v": {{second}} } ]""");
        Assert.Null(At(schema, "properties.v.format"));
    }

    private static string Repeated(string field, params string[] values) =>
        "[" + string.Join(",", Enumerable.Range(0, 15).Select(i => $$"""{ "{{field}}": {{values[i % values.Length]}} }""")) + "]";

    [Fact]
    public void A_small_enum_for_a_repeated_short_string_over_enough_records()
    {
        var records = Repeated("status", "\"paid\"", "\"pending\"", "\"refunded\"");
        var schema = Infer(records);
        Assert.Equal("[\"paid\",\"pending\",\"refunded\"]", Text(At(schema, "properties.status.enum")));
        AssertValid(schema, records);
    }

    [Fact]
    public void A_nullable_enum_lists_null_so_null_stays_valid()
    {
        var records = Repeated("status", "\"paid\"", "null", "\"pending\"");
        var schema = Infer(records);
        Assert.Equal("[\"paid\",\"pending\",null]", Text(At(schema, "properties.status.enum")));
        Assert.Equal("[\"string\",\"null\"]", Text(At(schema, "properties.status.type")));
        AssertValid(schema, records);
    }

    [Fact]
    public void No_enum_with_too_few_values_too_many_distinct_ones_or_values_that_do_not_repeat()
    {
        // 9 values: fewer than the default minimum of 10.
        Assert.Null(At(Infer("[" + string.Join(",", Enumerable.Repeat("""{ "status": "paid" }""", 9)) + "]"), "properties.status.enum"));
        // 11 distinct values: more than the default maximum of 10.
        Assert.Null(At(Infer("[" + string.Join(",", Enumerable.Range(0, 22).Select(i => $$"""{ "status": "s{{i % 11}}" }""")) + "]"), "properties.status.enum"));
        // 8 distinct in 12: values that do not repeat enough are data, not a list.
        Assert.Null(At(Infer("[" + string.Join(",", Enumerable.Range(0, 12).Select(i => $$"""{ "status": "s{{i % 8}}" }""")) + "]"), "properties.status.enum"));
        // The options change both bounds.
        Assert.NotNull(At(Infer("[" + string.Join(",", Enumerable.Repeat("""{ "status": "paid" }""", 4)) + "]", new InferenceOptions { EnumMinValues = 4 }), "properties.status.enum"));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("customer_id")]
    [InlineData("customerId")]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("api_key")]
    [InlineData("password")]
    public void Never_an_enum_for_ids_names_free_text_or_credentials(string field)
    {
        Assert.Null(At(Infer(Repeated(field, "\"a1\"", "\"b2\"")), $"properties.{field}.enum"));
    }

    [Fact]
    public void A_field_named_like_an_id_by_accident_still_gets_its_enum()
    {
        // "paid" ends in "id" but is no identifier; "valid" neither.
        Assert.NotNull(At(Infer(Repeated("paid", "\"yes\"", "\"no\"")), "properties.paid.enum"));
    }

    [Fact]
    public void Never_an_enum_of_long_text_or_of_values_that_look_like_credentials()
    {
        Assert.Null(At(Infer(Repeated("state", "\"" + new string('x', 41) + "\"", "\"b\"")), "properties.state.enum"));
        Assert.Null(At(Infer(Repeated("state", "\"sk_live_4eC39HqLyjWDarjtT1zdp7dc\"", "\"b\"")), "properties.state.enum"));
    }

    [Fact]
    public void Nested_objects_and_array_items_are_merged_over_every_value()
    {
        const string records = """
            [ { "customer": { "id": 1, "email": "a@shop.example" }, "lines": [ { "sku": "A", "qty": 1 }, { "sku": "B", "qty": 2.5, "gift": true } ] },
              { "customer": { "id": 2 }, "lines": [] },
              { "customer": { "id": 3, "email": null }, "lines": [ { "sku": "C", "qty": 1 } ], "tags": ["x", 1] } ]
            """;
        var schema = Infer(records);
        Assert.Equal("[\"id\"]", Text(At(schema, "properties.customer.required")));
        Assert.Equal("[\"string\",\"null\"]", Text(At(schema, "properties.customer.properties.email.type")));
        Assert.Equal("email", (string?)At(schema, "properties.customer.properties.email.format"));
        Assert.Equal("\"array\"", Text(At(schema, "properties.lines.type")));
        Assert.Equal("[\"sku\",\"qty\"]", Text(At(schema, "properties.lines.items.required")));
        Assert.Equal("\"number\"", Text(At(schema, "properties.lines.items.properties.qty.type")));
        Assert.Equal("\"boolean\"", Text(At(schema, "properties.lines.items.properties.gift.type")));
        Assert.Equal("[\"string\",\"integer\"]", Text(At(schema, "properties.tags.items.type")));
        Assert.Equal("[\"customer\",\"lines\"]", Text(schema["required"]));
        AssertValid(schema, records);
    }

    [Fact]
    public void An_array_that_was_always_empty_has_no_items_and_no_records_give_an_open_schema()
    {
        Assert.Null(At(Infer("""[ { "tags": [] } ]"""), "properties.tags.items"));
        var empty = SchemaInferrer.Infer([]);
        Assert.Equal(0, empty.Records);
        Assert.Null(empty.Schema["type"]);
    }

    [Fact]
    public void Records_of_different_kinds_give_a_type_list_at_the_root()
    {
        const string records = """[ { "a": 1 }, "text", null ]""";
        var schema = Infer(records);
        Assert.Equal("[\"object\",\"string\",\"null\"]", Text(schema["type"]));
        // required constrains objects only: the string and the null stay valid.
        Assert.Equal("[\"a\"]", Text(schema["required"]));
        AssertValid(schema, records);
    }

    [Fact]
    public void Values_never_reach_the_schema_except_as_enum_members()
    {
        var schema = Infer("""[ { "email": "secret.person@shop.example", "token": "tok_abcdefgh12345678", "n": 42 } ]""");
        var text = schema.ToJsonString();
        Assert.DoesNotContain("secret.person", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_abcdefgh", text, StringComparison.Ordinal);
        Assert.DoesNotContain("42", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_stops_at_the_depth_bound_and_says_so()
    {
        JsonNode deep = new JsonObject { ["leaf"] = 1 };
        for (var i = 0; i < 200; i++)
        {
            deep = new JsonObject { ["x"] = deep };
        }
        var result = SchemaInferrer.Infer([deep], new InferenceOptions { MaxDepth = 10 });
        Assert.Contains(result.Limits, l => l.Contains("deeper than 10", StringComparison.Ordinal));
        var depth = 0;
        JsonNode? node = result.Schema;
        while (node?["properties"]?["x"] is { } next)
        {
            node = next;
            depth++;
        }
        Assert.Equal(10, depth);
        Assert.Equal("object", (string?)node!["type"]);
    }

    [Fact]
    public void A_map_with_thousands_of_keys_is_cut_at_the_property_bound()
    {
        var wide = new JsonObject();
        for (var i = 0; i < 3000; i++)
        {
            wide["k" + i] = i;
        }
        var result = SchemaInferrer.Infer([wide], new InferenceOptions { MaxProperties = 100 });
        Assert.Equal(100, result.Schema["properties"]!.AsObject().Count);
        Assert.Null(result.Schema["required"]);
        Assert.Contains(result.Limits, l => l.Contains("more than 100 properties", StringComparison.Ordinal));
    }

    [Fact]
    public void An_endless_stream_of_records_stops_at_the_record_bound_quickly()
    {
        static IEnumerable<JsonNode?> Endless()
        {
            while (true)
            {
                yield return new JsonObject { ["a"] = 1, ["b"] = "x" };
            }
        }
        var watch = Stopwatch.StartNew();
        var result = SchemaInferrer.Infer(Endless(), new InferenceOptions { MaxRecords = 50_000 });
        Assert.Equal(50_000, result.Records);
        Assert.Contains(result.Limits, l => l.Contains("first 50,000 records", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void The_value_bound_stops_a_huge_record_part_way()
    {
        var big = new JsonArray();
        for (var i = 0; i < 10_000; i++)
        {
            big.Add(i);
        }
        var result = SchemaInferrer.Infer([new JsonObject { ["a"] = big }, new JsonObject { ["a"] = new JsonArray() }], new InferenceOptions { MaxValues = 1000 });
        Assert.Equal(1, result.Records);
        Assert.NotEmpty(result.Limits);
    }
}
