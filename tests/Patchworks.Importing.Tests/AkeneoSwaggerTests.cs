using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>
/// What importing Akeneo's published Swagger 2.0 (github.com/akeneo/pim-api-docs, content/swagger/akeneo-web-api.json)
/// got wrong, on a hand-made document of the same shape (HandMade/akeneo-shaped.swagger.json: Akeneo's document has no
/// licence, so it is not copied; the paths, parameters, bounds, defaults and schema shapes are the same): the token
/// request as an endpoint, the body's example ignored, a limit of 10 under a maximum of 100, a prose default sent as
/// search_after, page parameters sent beside a HAL next link, no dataPath for _embedded.items, the collection PATCH's
/// media type lost.
/// </summary>
public sealed class AkeneoSwaggerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Document => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HandMade", "akeneo-shaped.swagger.json"));

    /// <summary>The document changed by <paramref name="edit"/> (its JSON).</summary>
    private static string Edited(Action<JsonObject> edit)
    {
        var document = JsonNode.Parse(Document)!.AsObject();
        edit(document);
        return document.ToJsonString();
    }

    private static JsonObject Query(JsonObject endpoint, string key) =>
        endpoint["query"]!.AsArray().Select(q => q!.AsObject()).Single(q => (string?)q["key"] == key);

    private static bool HasQuery(JsonObject endpoint, string key) =>
        endpoint["query"]?.AsArray().Any(q => (string?)q!["key"] == key) ?? false;

    [Fact]
    public void The_token_request_of_a_document_without_security_schemes_becomes_an_oauth2_password_method_and_not_an_endpoint()
    {
        var (connector, instance, result) = Harness.ImportValid(_folder, Document);

        var endpoints = connector["endpoints"]!.AsArray();
        Assert.DoesNotContain(endpoints, e => ((string?)e!["url"])!.EndsWith("/token", StringComparison.Ordinal));
        Assert.Equal(4, endpoints.Count);
        var auth = Harness.Auth(connector, "oauth2-password");
        Assert.Equal("oauth2Password", (string?)auth["type"]);
        Assert.Equal("{{base_url}}/api/oauth/v1/token", (string?)auth["url"]);
        Assert.Equal("{{username}}", (string?)auth["oauth2"]!["username"]);
        Assert.Equal("{{password}}", (string?)auth["oauth2"]!["password"]);
        Assert.Equal("{{client_id}}", (string?)auth["oauth2"]!["clientId"]);
        Assert.Equal("{{client_secret}}", (string?)auth["oauth2"]!["clientSecret"]);
        // The client id and secret as Basic, as the token request's Authorization header says.
        Assert.Equal("basic", (string?)auth["oauth2"]!["clientAuthentication"]);
        Assert.Single(connector["authMethods"]!.AsArray());
        Assert.Equal("oauth2-password", (string?)instance["authMethod"]);
        var variables = connector["variables"]!.AsArray().ToDictionary(v => (string)v!["key"]!, v => v!.AsObject());
        Assert.True((bool?)variables["password"]["secret"]);
        Assert.True((bool?)variables["client_secret"]["secret"]);
        Assert.Contains("client_secret", instance["secrets"]!.AsObject().Select(s => s.Key));
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "paths[\"/api/oauth/v1/token\"].post" && e.Message.Contains("OAuth 2 token request", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_security_schemes_keeps_its_token_request_as_an_endpoint()
    {
        var text = Edited(d => d["securityDefinitions"] = new JsonObject { ["basic"] = new JsonObject { ["type"] = "basic" } });

        var (connector, _, _) = Harness.ImportValid(_folder, text);

        Assert.Contains(connector["endpoints"]!.AsArray(), e => ((string?)e!["url"])!.EndsWith("/api/oauth/v1/token", StringComparison.Ordinal));
        Assert.DoesNotContain(connector["authMethods"]!.AsArray(), a => (string?)a!["type"] == "oauth2Password");
    }

    /// <summary>The token body's schema.example (username admin, grant_type password) was left out with its password, and the body made of "string"s.</summary>
    [Fact]
    public void The_body_schema_example_is_the_sample_body_even_when_it_holds_a_password()
    {
        var text = Edited(d => d["securityDefinitions"] = new JsonObject { ["basic"] = new JsonObject { ["type"] = "basic" } });

        var (connector, _, _) = Harness.ImportValid(_folder, text);

        var body = Harness.Endpoint(connector, "post-token")["sampleBody"]!;
        Assert.Equal("admin", (string?)body["username"]);
        Assert.Equal("password", (string?)body["grant_type"]);
        Assert.Matches(@"^\{\{password(_\d+)?\}\}$", (string?)body["password"]);
    }

    [Fact]
    public void Without_an_example_the_first_x_examples_entry_is_the_sample_body()
    {
        var text = Edited(d => d["paths"]!["/api/rest/v1/families"]!["patch"]!["parameters"]![0]!["schema"]!.AsObject().Remove("example"));

        var (connector, _, _) = Harness.ImportValid(_folder, text);

        var body = Harness.Endpoint(connector, "patch-families")["sampleBody"]!;
        Assert.Equal("boots", (string?)body["code"]);
        Assert.Equal(["sku", "name"], body["attributes"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void A_page_size_under_a_next_link_is_the_parameters_maximum_and_the_report_says_so()
    {
        var (connector, _, result) = Harness.ImportValid(_folder, Document);

        foreach (var id in new[] { "get-families", "get-products" })
        {
            var limit = Query(Harness.Endpoint(connector, id), "limit");
            Assert.Equal("100", (string?)limit["value"]);
            Assert.True((bool?)limit["required"]);
        }
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("page size limit is 100 (the parameter's maximum; its default is 10)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_default_written_as_prose_is_not_sent()
    {
        // Without the response's next link, search_after would stay a query parameter: it must not carry the prose.
        var text = Edited(d => d["paths"]!["/api/rest/v1/products"]!["get"]!["responses"]!["200"]!["schema"] = new JsonObject { ["type"] = "object" });

        var (connector, _, result) = Harness.ImportValid(_folder, text);

        var searchAfter = Query(Harness.Endpoint(connector, "get-products"), "search_after");
        Assert.Null(searchAfter["value"]);
        Assert.NotEqual(true, (bool?)searchAfter["required"]);
        Assert.DoesNotContain("cursor to the first page", connector.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("\"cursor to the first page\" of search_after is a description", StringComparison.Ordinal));
        // A real default is still a value.
        Assert.Equal("page", (string?)Query(Harness.Endpoint(connector, "get-products"), "pagination_type")["value"]);
    }

    [Fact]
    public void A_hal_next_link_is_next_page_url_pagination_and_the_page_and_cursor_parameters_leave_the_query()
    {
        var (connector, _, _) = Harness.ImportValid(_folder, Document);

        foreach (var id in new[] { "get-families", "get-products" })
        {
            var endpoint = Harness.Endpoint(connector, id);
            Assert.Equal("nextPageUrl", (string?)endpoint["pagination"]!["method"]);
            Assert.Equal("_links.next.href", (string?)endpoint["pagination"]!["nextUrlPath"]);
            Assert.False(HasQuery(endpoint, "page"));
            Assert.False(HasQuery(endpoint, "search_after"));
        }
        // Of pagination_type's page and search_after, the cursor one, whose links Akeneo recommends.
        var type = Query(Harness.Endpoint(connector, "get-products"), "pagination_type");
        Assert.Equal("search_after", (string?)type["value"]);
        Assert.True((bool?)type["required"]);
    }

    [Fact]
    public void A_links_next_field_and_a_plain_next_field_are_next_page_url_pagination_too()
    {
        var links = Edited(d => d["definitions"]!["PageLinks"]!["properties"] = JsonNode.Parse("""{ "links": { "type": "object", "properties": { "next": { "type": "string" } } } }"""));
        var plain = Edited(d => d["definitions"]!["PageLinks"]!["properties"] = JsonNode.Parse("""{ "next": { "type": "string", "format": "uri" } }"""));

        using var other = new TempFolder();
        var (withLinks, _, _) = Harness.ImportValid(_folder, links);
        var (withNext, _, _) = Harness.ImportValid(other, plain);

        Assert.Equal("links.next", (string?)Harness.Endpoint(withLinks, "get-families")["pagination"]!["nextUrlPath"]);
        Assert.Equal("next", (string?)Harness.Endpoint(withNext, "get-families")["pagination"]!["nextUrlPath"]);
    }

    [Fact]
    public void A_hal_list_has_the_data_path_embedded_items_and_the_record_schema_of_its_items()
    {
        var (connector, _, result) = Harness.ImportValid(_folder, Document);

        var families = Harness.Endpoint(connector, "get-families");
        Assert.Equal("_embedded.items", (string?)families["dataPath"]);
        Assert.Equal("_embedded.items", (string?)Harness.Endpoint(connector, "get-products")["dataPath"]);
        // The record schema is a family's, named after the endpoint (not the list component FamilyList).
        var schema = Harness.Json(_folder.Read((string)families["schema"]!["$ref"]!));
        Assert.Equal("schemas/get-families.json", (string?)families["schema"]!["$ref"]);
        Assert.NotNull(schema["properties"]!["attribute_as_label"]);
        Assert.Null(schema["properties"]!["_embedded"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("dataPath _embedded.items", StringComparison.Ordinal));
    }

    [Fact]
    public void A_collection_patch_keeps_its_media_type_as_the_content_type_and_the_report_warns()
    {
        var (connector, _, result) = Harness.ImportValid(_folder, Document);

        var patch = Harness.Endpoint(connector, "patch-families");
        var contentType = patch["headers"]!.AsArray().Single(h => (string?)h!["key"] == "Content-Type")!;
        Assert.Equal("application/vnd.akeneo.collection+json", (string?)contentType["value"]);
        Assert.True((bool?)contentType["required"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "paths[\"/api/rest/v1/families\"].patch" && e.Message.Contains("one JSON object a line", StringComparison.Ordinal));
    }

    [Fact]
    public void An_openapi_3_vendor_json_body_type_is_kept_as_the_content_type()
    {
        var text = """
            openapi: 3.0.3
            info: { title: Vendor types, version: "1" }
            servers: [ { url: "https://api.example.com" } ]
            paths:
              /things:
                patch:
                  operationId: patchThings
                  requestBody:
                    content:
                      application/vnd.example.collection+json:
                        schema: { type: object, properties: { code: { type: string, example: abc } } }
                  responses: { "200": { description: OK } }
            """;

        var (connector, _, _) = Harness.ImportValid(_folder, text);

        var patch = Harness.Endpoint(connector, "patchthings");
        Assert.Equal("application/vnd.example.collection+json", (string?)patch["headers"]!.AsArray().Single(h => (string?)h!["key"] == "Content-Type")!["value"]);
        Assert.Equal("abc", (string?)patch["sampleBody"]!["code"]);
    }

    /// <summary>Akeneo's POST /media-files: a Swagger 2.0 body parameter (x-form-data) with a binary file field, imported as a JSON body { "product": "string", "file": "string" }.</summary>
    [Fact]
    public void A_body_with_a_binary_field_is_a_multipart_form_without_the_file()
    {
        var text = Edited(d => d["paths"]!["/api/rest/v1/media-files"] = JsonNode.Parse("""
            {
              "post": {
                "operationId": "post_media_files",
                "parameters": [
                  { "name": "Content-type", "in": "header", "type": "string", "required": true, "description": "multipart/form-data" },
                  {
                    "name": "body", "in": "body", "x-form-data": true,
                    "schema": {
                      "required": ["file"],
                      "properties": {
                        "product": { "type": "string", "description": "JSON naming the product, attribute, channel and locale" },
                        "file": { "type": "string", "format": "binary" }
                      }
                    }
                  }
                ],
                "responses": { "201": { "description": "Created" } }
              }
            }
            """));

        var (connector, _, result) = Harness.ImportValid(_folder, text);

        var endpoint = Harness.Endpoint(connector, "post-media-files");
        Assert.Null(endpoint["sampleBody"]);
        Assert.Equal(["product"], endpoint["body"]!.AsArray().Select(b => (string?)b!["key"]));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message == "the file field file is left out");
    }
}
