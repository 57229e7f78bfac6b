using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>Postman saved examples → record schemas and data paths; pagination guesses for Postman and cURL.</summary>
public sealed class PostmanExampleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>An item's "response" member: examples of (code, body text, extra members).</summary>
    private static string Examples(params (int? Code, string Body, string Extra)[] examples) =>
        "\"response\": [" + string.Join(",", examples.Select(e =>
            $$"""{ "name": "Example {{e.Code}}"{{(e.Code is { } code ? $", \"code\": {code}" : "")}}, "body": {{Quote(e.Body)}}{{(e.Extra.Length > 0 ? ", " + e.Extra : "")}} }""")) + "]";

    private JsonObject SchemaFile(JsonObject endpoint) => Json(_folder.Read((string)endpoint["schema"]!["$ref"]!));

    [Fact]
    public void The_first_2xx_json_example_gives_the_data_path_and_the_record_schema_file()
    {
        var text = Collection(Request("List orders", "GET", "https://api.shop.example/orders", itemExtras: Examples(
            (404, """{ "error": "not found" }""", ""),
            (200, """{ "orders": [ { "id": 1, "email": "a@shop.example", "placed_at": "2024-05-01T10:00:00Z" }, { "id": 2, "email": "b@shop.example", "placed_at": "2024-05-02T10:00:00Z", "note": null } ], "total_count": 2 }""", ""),
            (200, """[ { "other": true } ]""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "list-orders");
        Assert.Equal("orders", (string?)endpoint["dataPath"]);
        Assert.Equal("schemas/list-orders.json", (string?)endpoint["schema"]!["$ref"]);
        var schema = SchemaFile(endpoint);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("[\"id\",\"email\",\"placed_at\"]", schema["required"]!.ToJsonString());
        Assert.Equal("email", (string?)schema["properties"]!["email"]!["format"]);
        Assert.Equal("date-time", (string?)schema["properties"]!["placed_at"]!["format"]);
        Assert.Null(schema["properties"]!["other"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "item[0].response[1].body" && e.Message.StartsWith("dataPath orders", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "item[0].response[1].body" && e.Message.Contains("inferred from 2 records", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.StartsWith("2 further saved example responses", StringComparison.Ordinal));
        // The example's values are sample data: none reaches a written file.
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("a@shop.example", StringComparison.Ordinal));
    }

    [Fact]
    public void A_root_array_example_has_no_data_path_and_a_single_object_is_one_record()
    {
        var text = Collection(
            Request("List tags", "GET", "https://api.shop.example/tags", itemExtras: Examples((200, """[ { "id": 1, "label": "x" }, { "id": 2 } ]""", ""))) + "," +
            Request("Get order", "GET", "https://api.shop.example/orders/1", itemExtras: Examples((201, """{ "id": 7, "lines": [ { "sku": "A" } ] }""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        var tags = Endpoint(connector, "list-tags");
        Assert.Null(tags["dataPath"]);
        Assert.Equal("[\"id\"]", SchemaFile(tags)["required"]!.ToJsonString());
        var order = Endpoint(connector, "get-order");
        Assert.Null(order["dataPath"]);
        var orderSchema = SchemaFile(order);
        Assert.Equal("array", (string?)orderSchema["properties"]!["lines"]!["type"]);
        Assert.Contains(result.Report.Of(ReportKind.Mapped), e => e.Location == "item[0].response[0].body" && e.Message.Contains("is an array", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Mapped), e => e.Location == "item[1].response[0].body" && e.Message.Contains("one record", StringComparison.Ordinal));
    }

    [Fact]
    public void Near_misses_no_schema_from_an_error_example_a_text_body_broken_json_or_an_empty_list()
    {
        var text = Collection(
            Request("Only errors", "GET", "https://api.shop.example/a", itemExtras: Examples((500, """{ "data": [ { "id": 1 } ] }""", ""))) + "," +
            Request("Text", "GET", "https://api.shop.example/b", itemExtras: Examples((200, "OK", ""))) + "," +
            Request("Broken", "GET", "https://api.shop.example/c", itemExtras: Examples((200, """{ "data": [ { "id": 1 }, """, ""))) + "," +
            Request("Empty", "GET", "https://api.shop.example/d", itemExtras: Examples((200, """{ "data": [] }""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        foreach (var id in new[] { "only-errors", "text", "broken", "empty" })
        {
            Assert.Null(Endpoint(connector, id)["schema"]);
        }
        Assert.Null(Endpoint(connector, "only-errors")["dataPath"]);
        Assert.Equal("data", (string?)Endpoint(connector, "empty")["dataPath"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[0].response" && e.Message.Contains("no 2xx example", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[2].response[0].body" && e.Message.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[3].response[0].body" && e.Message.Contains("no record object", StringComparison.Ordinal));
        Assert.Empty(result.Files);
    }

    [Fact]
    public void Several_candidate_arrays_are_chosen_by_name_and_reported_as_a_guess()
    {
        var text = Collection(Request("Search", "GET", "https://api.shop.example/search", itemExtras: Examples(
            (200, """{ "facets": [ { "f": 1 }, { "f": 2 }, { "f": 3 } ], "items": [ { "sku": "A" } ], "page": 1 }""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal("items", (string?)Endpoint(connector, "search")["dataPath"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("among facets, items", StringComparison.Ordinal));
    }

    [Fact]
    public void Example_fields_guess_pagination_a_next_cursor_with_its_query_parameter()
    {
        var text = Collection(Request("List orders", "GET", "https://api.shop.example/orders?cursor=&limit=50", itemExtras: Examples(
            (200, """{ "data": [ { "id": 1 } ], "meta": { "next_cursor": "c-2" } }""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "list-orders");
        Assert.Equal("""{"method":"nextPageToken","tokenPath":"meta.next_cursor","tokenParam":"cursor","limitParam":"limit","limit":50}""", endpoint["pagination"]!.ToJsonString());
        Assert.Null(endpoint["query"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "item[0]" && e.Message.Contains("meta.next_cursor of the example response", StringComparison.Ordinal));
    }

    [Fact]
    public void Example_fields_guess_a_next_link_hal_style_and_a_link_header()
    {
        var text = Collection(
            Request("Hal", "GET", "https://api.shop.example/hal", itemExtras: Examples((200, """{ "_links": { "next": { "href": "https://api.shop.example/hal?page=2" } }, "data": [ { "id": 1 } ] }""", ""))) + "," +
            Request("Linked", "GET", "https://api.shop.example/linked", itemExtras: Examples((200, """[ { "id": 1 } ]""", """ "header": [ { "key": "Link", "value": "<https://api.shop.example/linked?page=2>; rel=\"next\"" } ] """))));

        var (connector, _, _) = ImportValid(_folder, text);

        Assert.Equal("""{"method":"nextPageUrl","nextUrlPath":"_links.next.href"}""", Endpoint(connector, "hal")["pagination"]!.ToJsonString());
        Assert.Equal("""{"method":"linkHeader"}""", Endpoint(connector, "linked")["pagination"]!.ToJsonString());
    }

    [Fact]
    public void Page_parameters_even_disabled_ones_guess_page_number_pagination_with_the_total_pages_field()
    {
        var text = Collection(Request("List products", "GET", null,
            """ "url": { "raw": "https://api.shop.example/products", "protocol": "https", "host": ["api", "shop", "example"], "path": ["products"], "query": [ { "key": "page", "value": "1", "disabled": true }, { "key": "per_page", "value": "25" } ] } """,
            Examples((200, """{ "products": [ { "id": 1 } ], "total_pages": 4 }""", ""))));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message == "pagination pageNumber guessed from the query parameter page (disabled in the source) and per_page: confirm it");
        var endpoint = Endpoint(connector, "list-products");
        Assert.Equal("""{"method":"pageNumber","pageParam":"page","limitParam":"per_page","limit":25,"totalPagesPath":"total_pages"}""", endpoint["pagination"]!.ToJsonString());
        Assert.Null(endpoint["query"]);
    }

    [Fact]
    public void Near_miss_a_post_request_or_plain_filters_get_no_pagination()
    {
        var text = Collection(
            Request("Create order", "POST", "https://api.shop.example/orders?page=1") + "," +
            Request("Filter", "GET", "https://api.shop.example/orders?status=paid&sort=desc"));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Null(Endpoint(connector, "create-order")["pagination"]);
        Assert.Null(Endpoint(connector, "filter")["pagination"]);
        Assert.DoesNotContain(result.Report.Entries, e => e.Message.Contains("pagination", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curl 'https://api.shop.example/orders?limit=20&offset=0'", """{"method":"limitOffset","offsetParam":"offset","limit":20,"limitParam":"limit"}""")]
    [InlineData("curl 'https://api.shop.example/orders?page=1&pageSize=10'", """{"method":"pageNumber","pageParam":"page","limitParam":"pageSize","limit":10}""")]
    [InlineData("curl 'https://api.shop.example/charges?starting_after=ch_1&limit=10'", """{"method":"customRelativeUri","lastIdParam":"starting_after","idKey":"id","limitParam":"limit","limit":10}""")]
    public void Curl_query_parameters_guess_pagination(string command, string pagination)
    {
        var (connector, _, result) = ImportValid(_folder, command);

        var endpoint = connector["endpoints"]![0]!.AsObject();
        Assert.Equal(pagination, endpoint["pagination"]!.ToJsonString());
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "line 1, column 1" && e.Message.StartsWith("pagination ", StringComparison.Ordinal));
    }

    [Fact]
    public void Curl_near_misses_a_cursor_with_no_response_is_only_reported_and_a_lone_limit_is_a_filter()
    {
        var (connector, _, result) = ImportValid(_folder, """
            curl 'https://api.shop.example/orders?cursor=abc'
            curl 'https://api.shop.example/products?limit=5'
            """);

        var endpoints = connector["endpoints"]!.AsArray();
        Assert.All(endpoints, e => Assert.Null(e!["pagination"]));
        Assert.Equal("cursor", (string?)endpoints[0]!["query"]![0]!["key"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("cursor looks like cursor pagination, but no response is known", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_adyen_management_collection_list_endpoints_get_data_path_schema_and_next_link()
    {
        var (connector, _, _) = ImportValid(_folder, Sample("adyen/ManagementService-v3.json"));

        var merchants = Endpoint(connector, "get-a-list-of-merchant-accounts");
        Assert.Equal("data", (string?)merchants["dataPath"]);
        Assert.Equal("""{"method":"nextPageUrl","nextUrlPath":"_links.next.href"}""", merchants["pagination"]!.ToJsonString());
        var schema = SchemaFile(merchants);
        Assert.Equal("string", (string?)schema["properties"]!["id"]!["type"]);
        Assert.Contains("id", schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.Null(schema["properties"]!["status"]!["enum"]);
        Assert.True(connector["endpoints"]!.AsArray().Count(e => e!["schema"] is not null) > 50);
    }

    [Fact]
    public void Real_adyen_checkout_collection_writes_example_schemas_that_validate()
    {
        var (connector, _, result) = ImportValid(_folder, Sample("adyen/CheckoutService-v71.json"));

        Assert.True(connector["endpoints"]!.AsArray().Count(e => e!["schema"] is not null) >= 40);
        Assert.All(result.Files, f => Assert.StartsWith("schemas/", f.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Report.Entries, e => e.Message.Contains("not imported (endpoint schemas are not guessed", StringComparison.Ordinal));
    }
}
