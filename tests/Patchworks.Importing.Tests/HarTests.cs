using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>HAR 1.2: a hand-made recording of a browsing session (pages, static assets, one API origin, an auth header), edge cases, and a fuzz.</summary>
public sealed class HarTests
{
    private static string Session => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HandMade", "shop-session.har"));

    private const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2VjcmV0LXNpZ25hdHVyZQ";

    [Fact]
    public void A_browsing_session_becomes_one_endpoint_per_call_template()
    {
        using var folder = new TempFolder();
        var (connector, instance, result) = Harness.ImportValid(folder, Session);

        Assert.Equal("har", result.Format);
        var ids = connector["endpoints"]!.AsArray().Select(e => (string)e!["id"]!).ToList();
        Assert.Equal(["get-v1-products", "get-v1-products-id", "get-v1-products-id-reviews", "post-v1-cart-items", "post-v1-orders", "get-v1-orders-id", "post-oauth-token", "get-v1-search"], ids);
        Assert.Equal("{{base_url}}/v1/products/{{id}}", (string?)Harness.Endpoint(connector, "get-v1-products-id")["url"]);
        Assert.Equal("{{base_url}}/v1/orders/{{id}}", (string?)Harness.Endpoint(connector, "get-v1-orders-id")["url"]);
        Assert.Equal("123", (string?)instance["endpointValues"]!["get-v1-products-id"]!["id"]);
        Assert.Equal("9f8b6c1e-3a1d-4c59-9a0e-2b7d5e0c1f22", (string?)instance["endpointValues"]!["get-v1-orders-id"]!["id"]);
        Assert.Equal("https://api.shop.example", (string?)instance["values"]!["base_url"]);
        Assert.Equal("https://auth.shop.example", (string?)instance["values"]!["auth_shop_example_url"]);
        Assert.Contains(result.Report.Of(ReportKind.Mapped), e => e.Message.Contains("is another call of GET /v1/products/{{id}}", StringComparison.Ordinal));
    }

    [Fact]
    public void Static_assets_pages_and_preflights_are_dropped_and_reported()
    {
        var result = Harness.Import(Session);
        var dropped = result.Report.Of(ReportKind.Dropped).ToList();
        Assert.Equal(4, dropped.Count(e => e.Message.StartsWith("a static asset", StringComparison.Ordinal)));
        Assert.Equal(3, dropped.Count(e => e.Message.StartsWith("a page", StringComparison.Ordinal)));
        Assert.Single(dropped, e => e.Message.Contains("CORS preflight", StringComparison.Ordinal));
        Assert.Contains(dropped, e => e.Message == "4 static assets and 3 pages left out");
        Assert.Contains(dropped, e => e.Message.StartsWith("browser headers left out", StringComparison.Ordinal) && e.Message.Contains("User-Agent", StringComparison.Ordinal));
        Assert.DoesNotContain("www.shop.example", result.ConnectorText, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_become_secret_variables_and_are_never_written()
    {
        using var folder = new TempFolder();
        var (connector, instance, result) = Harness.ImportValid(folder, Session);

        foreach (var text in folder.AllText().Append(result.Report.ToText()).Append(result.Report.ToJson()))
        {
            foreach (var secret in new[] { Token, "s3cr3t-session-value", "hunter2-Secret!", "ak_live_0123456789abcdef", "tok_visa_4242" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        Assert.Equal("Bearer {{bearer_token}}", (string?)Harness.Endpoint(connector, "get-v1-products")["headers"]![0]!["value"]);
        foreach (var key in new[] { "bearer_token", "password", "api_key", "card_token" })
        {
            Assert.StartsWith("env:", (string?)instance["secrets"]![key], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_header_value_repeated_across_calls_becomes_a_variable()
    {
        using var folder = new TempFolder();
        var (connector, instance, _) = Harness.ImportValid(folder, Session);
        Assert.Equal("42", (string?)instance["values"]!["x_shop_id"]);
        Assert.Equal("{{x_shop_id}}", (string?)Harness.Endpoint(connector, "get-v1-orders-id")["headers"]!.AsArray().Single(h => (string?)h!["key"] == "X-Shop-Id")!["value"]);
    }

    [Fact]
    public void Json_responses_give_data_paths_and_inferred_schemas_without_their_values()
    {
        using var folder = new TempFolder();
        var (connector, _, result) = Harness.ImportValid(folder, Session);
        var products = Harness.Endpoint(connector, "get-v1-products");
        Assert.Equal("data", (string?)products["dataPath"]);
        var schema = Harness.Json(folder.Read((string)products["schema"]!["$ref"]!));
        // Inferred over every record of the response: whole numbers are integers.
        Assert.Equal("integer", (string?)schema["properties"]!["id"]!["type"]);
        Assert.Contains("id", schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("object", (string?)schema["properties"]!["stock"]!["type"]);
        Assert.DoesNotContain("Mug 123", folder.Read((string)products["schema"]!["$ref"]!), StringComparison.Ordinal);
        Assert.Null(Harness.Endpoint(connector, "get-v1-products-id")["dataPath"]);
        Assert.Null(Harness.Endpoint(connector, "get-v1-orders-id")["dataPath"]);
        Assert.Null(Harness.Endpoint(connector, "get-v1-products-id-reviews")["dataPath"]);
        Assert.Equal("results", (string?)Harness.Endpoint(connector, "get-v1-search")["dataPath"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("dataPath data", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_parameter_that_varies_across_calls_guesses_page_number()
    {
        using var folder = new TempFolder();
        var (connector, _, result) = Harness.ImportValid(folder, Session);
        var products = Harness.Endpoint(connector, "get-v1-products");
        var pagination = products["pagination"]!.AsObject();
        Assert.Equal("pageNumber", (string?)pagination["method"]);
        Assert.Equal("page", (string?)pagination["pageParam"]);
        Assert.Equal("per_page", (string?)pagination["limitParam"]);
        Assert.Equal(20, (int)pagination["limit"]!);
        Assert.Null(products["query"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("pagination pageNumber guessed from the recorded calls", StringComparison.Ordinal));
        // One call only, or a value that never changes: no guess.
        Assert.Null(Harness.Endpoint(connector, "get-v1-search")["pagination"]);
    }

    private static string Har(params (string Url, string Response)[] calls)
    {
        var entries = calls.Select(c => new JsonObject
        {
            ["request"] = new JsonObject { ["method"] = "GET", ["url"] = c.Url, ["headers"] = new JsonArray(), ["queryString"] = new JsonArray() },
            ["response"] = new JsonObject { ["status"] = 200, ["content"] = new JsonObject { ["mimeType"] = "application/json", ["text"] = c.Response } },
        });
        return new JsonObject { ["log"] = new JsonObject { ["version"] = "1.2", ["entries"] = new JsonArray([.. entries]) } }.ToJsonString();
    }

    [Fact]
    public void A_cursor_the_previous_response_held_guesses_next_page_token()
    {
        var har = Har(
            ("https://api.x.example/v1/customers?limit=2", """{ "data": [ { "id": 1 }, { "id": 2 } ], "meta": { "next_cursor": "c-abc123" } }"""),
            ("https://api.x.example/v1/customers?limit=2&cursor=c-abc123", """{ "data": [ { "id": 3 } ], "meta": { "next_cursor": null } }"""));
        using var folder = new TempFolder();
        var (connector, _, result) = Harness.ImportValid(folder, har);
        var endpoint = Harness.Endpoint(connector, "get-v1-customers");
        var pagination = endpoint["pagination"]!.AsObject();
        Assert.Equal("nextPageToken", (string?)pagination["method"]);
        Assert.Equal("meta.next_cursor", (string?)pagination["tokenPath"]);
        Assert.Equal("cursor", (string?)pagination["tokenParam"]);
        Assert.Equal("limit", (string?)pagination["limitParam"]);
        Assert.Equal(2, (int)pagination["limit"]!);
        Assert.Null(endpoint["query"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("pagination nextPageToken guessed from the recorded calls", StringComparison.Ordinal));
    }

    [Fact]
    public void A_next_url_the_previous_response_held_guesses_next_page_url()
    {
        var har = Har(
            ("https://api.x.example/v1/invoices", """{ "items": [ { "id": 1 } ], "links": { "next": "https://api.x.example/v1/invoices?page_token=zz9" } }"""),
            ("https://api.x.example/v1/invoices?page_token=zz9", """{ "items": [ { "id": 2 } ], "links": { "next": null } }"""));
        using var folder = new TempFolder();
        var (connector, _, _) = Harness.ImportValid(folder, har);
        var pagination = Harness.Endpoint(connector, "get-v1-invoices")["pagination"]!.AsObject();
        Assert.Equal("nextPageUrl", (string?)pagination["method"]);
        Assert.Equal("links.next", (string?)pagination["nextUrlPath"]);
    }

    [Fact]
    public void Bodies_become_sample_bodies_and_form_parameters()
    {
        using var folder = new TempFolder();
        var (connector, _, _) = Harness.ImportValid(folder, Session);
        Assert.Equal(2, (int)Harness.Endpoint(connector, "post-v1-cart-items")["sampleBody"]!["quantity"]!);
        var form = Harness.Endpoint(connector, "post-oauth-token")["body"]!.AsArray();
        Assert.Equal(["grant_type", "username", "password"], form.Select(p => (string)p!["key"]!).ToArray());
    }

    [Fact]
    public void Re_import_is_byte_identical()
    {
        using var folder = new TempFolder();
        var first = Harness.Import(Session);
        Harness.Write(first, folder);
        var before = folder.Read(first.ConnectorFileName!);
        var second = Harness.Import(Session, existing: (first.ConnectorFileName!, before));
        Assert.True(second.Succeeded);
        Assert.False(second.ConnectorChanged);
        Assert.Equal(first.ConnectorText, Harness.Import(Session).ConnectorText);
        Assert.Equal(first.Files, second.Files);
    }

    [Theory]
    [InlineData("""{ "log": { "version": "1.2", "entries": [] } }""", "nothing to import")]
    [InlineData("""{ "log": { "version": "1.2", "entries": [ { "request": { "method": "GET", "url": "https://x.example/a.png" }, "response": { "content": { "mimeType": "image/png" } } } ] } }""", "nothing to import")]
    [InlineData("""{ "log": { "version": "1.2", "entries": [ { "request": { "method": "GET", "url": "data:text/plain,hi" } } ] } }""", "nothing to import")]
    [InlineData("""{ "log": { "version": "1.2", "entries": [ """, "not valid JSON")]
    public void Nothing_to_import_or_broken_fails_with_a_clear_error(string text, string message)
    {
        var result = Harness.Import(text, format: "har");
        Assert.False(result.Succeeded);
        Assert.Contains(message, Assert.Single(result.Report.Of(ReportKind.Error)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_needs_log_and_entries()
    {
        Assert.Equal("har", Harness.Import(Session).Format);
        Assert.Equal("har", Harness.Import(Session, format: "har").Format);
        var notHar = """{ "log": { "level": "info" }, "message": "entries" }""";
        Assert.False(new Patchworks.Core.Importing.Har.HarImporter().Detect(notHar));
        Assert.True(new Patchworks.Core.Importing.Har.HarImporter().Detect(Session));
    }

    [Fact]
    public void Mutated_recordings_never_throw()
    {
        var random = new Random(16);
        var original = Session;
        for (var round = 0; round < 120; round++)
        {
            FuzzResult(Harness.Import(Mutations.Text(random, original, "{}[]\",:{{}}\\^'"), format: round % 2 == 0 ? "auto" : "har"));
        }
    }

    [Fact]
    public void Structurally_mutated_recordings_never_throw()
    {
        var random = new Random(17);
        JsonNode?[] replacements = [null, 1, "", "x", true, new JsonArray(), new JsonObject(), "https://", "/v1/1/2/3", new JsonArray(new JsonObject())];
        for (var round = 0; round < 120; round++)
        {
            var root = JsonNode.Parse(Session)!;
            for (var edits = random.Next(1, 5); edits > 0; edits--)
            {
                var nodes = Mutations.All(root).Where(n => n.Parent is not null).ToList();
                var node = nodes[random.Next(nodes.Count)];
                Mutations.Replace(node, replacements[random.Next(replacements.Length)]);
            }
            FuzzResult(Harness.Import(root.ToJsonString(), format: "har"));
        }
    }

    [Fact]
    public void Mutated_openapi_documents_never_throw()
    {
        var random = new Random(18);
        var original = Harness.Sample("xero/xero-projects.yaml");
        for (var round = 0; round < 60; round++)
        {
            FuzzResult(Harness.Import(Mutations.Text(random, original, "{}[]\":-\n  #&*!|>"), format: round % 2 == 0 ? "auto" : "openapi"));
        }
    }

    private static void FuzzResult(ImportResult result)
    {
        if (result.Succeeded)
        {
            Assert.NotNull(result.ConnectorText);
            Assert.True(result.EndpointCount > 0);
        }
        else
        {
            var error = Assert.Single(result.Report.Of(ReportKind.Error));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.False(error.Message.Contains("the import failed", StringComparison.Ordinal), error.Message);
        }
    }
}
