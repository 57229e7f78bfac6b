using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;
using static Patchworks.Importing.Tests.Infrastructure.Harness;

namespace Patchworks.Importing.Tests;

/// <summary>Hand-made collections, one mapping rule each; every output must validate without an error.</summary>
public sealed class PostmanMappingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string[] AuthOf(JsonObject endpoint) => endpoint["authMethods"]?.AsArray().Select(a => (string)a!).ToArray() ?? [];

    [Fact]
    public void Auth_is_inherited_from_the_collection_and_folders_and_overridden_by_requests()
    {
        var text = Collection(
            Folder("Orders",
                Request("List orders", "GET", "https://api.example.com/orders") + "," +
                Request("Public ping", "GET", "https://api.example.com/ping", """ "auth": { "type": "noauth" } """) + "," +
                Request("Inherit explicitly", "GET", "https://api.example.com/orders/count", """ "auth": { "type": "inherit" } """),
                """ "auth": { "type": "bearer", "bearer": [ { "key": "token", "value": "{{access_token}}" } ] } """) + "," +
            Request("List products", "GET", "https://api.example.com/products") + "," +
            Request("Keyed", "GET", "https://api.example.com/keyed", """ "auth": { "type": "apikey", "apikey": [ { "key": "key", "value": "X-Api-Key" }, { "key": "value", "value": "{{api_key}}" }, { "key": "in", "value": "header" } ] } """),
            """
            "auth": { "type": "basic", "basic": [ { "key": "username", "value": "{{user}}" }, { "key": "password", "value": "{{pass}}" } ] },
            "variable": [ { "key": "user", "value": "admin" }, { "key": "pass", "value": "" }, { "key": "access_token", "value": "" }, { "key": "api_key", "value": "" } ]
            """);

        var (connector, instance, _) = ImportValid(_folder, text);

        Assert.Equal(["bearer-token"], AuthOf(Endpoint(connector, "list-orders")));
        Assert.Equal(["bearer-token"], AuthOf(Endpoint(connector, "inherit-explicitly")));
        Assert.Equal(["no-auth"], AuthOf(Endpoint(connector, "public-ping")));
        Assert.Equal(["basic"], AuthOf(Endpoint(connector, "list-products")));
        Assert.Equal(["api-key"], AuthOf(Endpoint(connector, "keyed")));
        Assert.Equal("basic", (string?)instance["authMethod"]);
        Assert.Equal("{{user}}", (string?)Auth(connector, "basic")["basic"]!["username"]);
        Assert.Equal("Bearer {{access_token}}", (string?)Auth(connector, "bearer-token")["headers"]![0]!["value"]);
        var apiKey = Auth(connector, "api-key")["apiKey"]!;
        Assert.Equal(("header", "X-Api-Key", "{{api_key}}"), ((string?)apiKey["in"], (string?)apiKey["name"], (string?)apiKey["value"]));
        Assert.Equal("admin", (string?)instance["values"]!["user"]);
        Assert.StartsWith("env:", (string?)instance["secrets"]!["pass"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_credentials", "oauth2ClientCredentials", "oauth2-client-credentials")]
    [InlineData("password_credentials", "oauth2Password", "oauth2-password")]
    [InlineData("authorization_code", "oauth2AuthorizationCode", "oauth2-authorization-code")]
    [InlineData("authorization_code_with_pkce", "oauth2AuthorizationCode", "oauth2-authorization-code")]
    [InlineData("implicit", "oauth2AuthorizationCode", "oauth2-authorization-code")]
    public void OAuth2_grants_become_their_auth_types(string grant, string type, string id)
    {
        var text = Collection(Request("Me", "GET", "https://api.example.com/me"), $$"""
            "auth": { "type": "oauth2", "oauth2": [
              { "key": "grant_type", "value": "{{grant}}" },
              { "key": "accessTokenUrl", "value": "https://login.example.com/oauth/token" },
              { "key": "authUrl", "value": "https://login.example.com/oauth/authorize" },
              { "key": "clientId", "value": "my-client" },
              { "key": "clientSecret", "value": "s3cr3t-client-secret-value" },
              { "key": "username", "value": "jane" },
              { "key": "password", "value": "hunter2-password" },
              { "key": "scope", "value": "read write" },
              { "key": "client_authentication", "value": "header" },
              { "key": "addTokenTo", "value": "header" }
            ] }
            """);

        var (connector, instance, _) = ImportValid(_folder, text);

        var method = Auth(connector, id);
        Assert.Equal(type, (string?)method["type"]);
        Assert.Equal("https://login.example.com/oauth/token", (string?)method["url"]);
        Assert.Equal("basic", (string?)method["oauth2"]!["clientAuthentication"]);
        Assert.Equal("read write", (string?)method["oauth2"]!["scope"]);
        Assert.Equal("{{client_id}}", (string?)method["oauth2"]!["clientId"]);
        Assert.Equal("my-client", (string?)instance["values"]!["client_id"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("s3cr3t-client-secret-value", StringComparison.Ordinal) || t.Contains("hunter2-password", StringComparison.Ordinal));
        if (type == "oauth2AuthorizationCode")
        {
            Assert.Equal("https://login.example.com/oauth/authorize", (string?)method["additionalUrl"]);
            Assert.Equal(grant == "authorization_code_with_pkce", (bool?)method["oauth2"]!["pkce"]);
        }
    }

    [Fact]
    public void OAuth1_and_unsupported_auth_types()
    {
        var text = Collection(
            Request("Signed", "GET", "https://api.example.com/signed", """
                "auth": { "type": "oauth1", "oauth1": [ { "key": "consumerKey", "value": "ck-literal-12345" }, { "key": "consumerSecret", "value": "cs-literal-67890" },
                  { "key": "token", "value": "{{tok}}" }, { "key": "tokenSecret", "value": "{{tok_secret}}" }, { "key": "signatureMethod", "value": "HMAC-SHA256" },
                  { "key": "realm", "value": "1234567_SB1" }, { "key": "addParamsToHeader", "value": true } ] }
                """) + "," +
            Request("Hawk", "GET", "https://api.example.com/hawk", """ "auth": { "type": "hawk", "hawk": [ { "key": "authKey", "value": "hawk-key-value" } ] } """));

        var (connector, _, result) = ImportValid(_folder, text);

        var oauth1 = Auth(connector, "oauth1");
        Assert.Equal("HMAC-SHA256", (string?)oauth1["oauth1"]!["signatureMethod"]);
        Assert.Equal("1234567_SB1", (string?)oauth1["oauth1"]!["realm"]);
        Assert.Equal("{{consumer_key}}", (string?)oauth1["oauth1"]!["consumerKey"]);
        Assert.Equal("none", (string?)Auth(connector, "hawk")["type"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("auth type hawk", StringComparison.Ordinal));
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("ck-literal-12345", StringComparison.Ordinal) || t.Contains("cs-literal-67890", StringComparison.Ordinal));
    }

    [Fact]
    public void Postman_v2_0_auth_objects_and_string_urls_are_read()
    {
        var text = """
            {
              "info": { "name": "Old", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json" },
              "auth": { "type": "basic", "basic": { "username": "shop", "password": "v20-password-literal" } },
              "item": [ { "name": "Stock", "request": { "method": "GET", "url": "https://erp.example.com/api/stock?warehouse=main" } },
                        { "name": "Bare", "request": "https://erp.example.com/api/bare" } ]
            }
            """;

        var (connector, instance, _) = ImportValid(_folder, text);

        Assert.Equal("{{password}}", (string?)Auth(connector, "basic")["basic"]!["password"]);
        Assert.Equal("shop", (string?)instance["values"]!["username"]);
        var stock = Endpoint(connector, "stock");
        Assert.Equal("https://erp.example.com/api/stock", (string?)stock["url"]);
        Assert.Equal("warehouse", (string?)stock["query"]![0]!["key"]);
        Assert.Equal("GET", (string?)Endpoint(connector, "bare")["method"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("v20-password-literal", StringComparison.Ordinal));
    }

    [Fact]
    public void Bodies_raw_json_xml_urlencoded_formdata_graphql_and_file()
    {
        var text = Collection(string.Join(",",
            Request("Json", "POST", "https://api.example.com/orders", """ "body": { "mode": "raw", "raw": "{ \"sku\": \"A-1\", \"qty\": 2 }", "options": { "raw": { "language": "json" } } } """),
            Request("Xml", "POST", "https://api.example.com/soap", """ "body": { "mode": "raw", "raw": "<Envelope><Body>{{payload}}</Body></Envelope>", "options": { "raw": { "language": "xml" } } } """),
            Request("Form", "POST", "https://api.example.com/form", """ "body": { "mode": "urlencoded", "urlencoded": [ { "key": "grant", "value": "x" }, { "key": "off", "value": "y", "disabled": true } ] } """),
            Request("Multipart", "POST", "https://api.example.com/upload", """ "body": { "mode": "formdata", "formdata": [ { "key": "title", "value": "t", "type": "text" }, { "key": "file", "src": "/etc/passwd", "type": "file" } ] } """),
            Request("Graph", "POST", "https://api.example.com/graphql", """ "body": { "mode": "graphql", "graphql": { "query": "query { products(first: 10) { id } }", "variables": "{ \"first\": 10 }" } } """),
            Request("Binary", "PUT", "https://api.example.com/blob", """ "body": { "mode": "file", "file": { "src": "/home/user/secret.bin" } } """)),
            """ "variable": [ { "key": "payload", "value": "<x/>" } ] """);

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal(2, (int?)Endpoint(connector, "json")["sampleBody"]!["qty"]);
        var xml = Endpoint(connector, "xml");
        Assert.Equal("xml", (string?)xml["dataType"]);
        Assert.Equal("<Envelope><Body>{{payload}}</Body></Envelope>", (string?)xml["sampleBody"]);
        Assert.Equal(["grant"], Endpoint(connector, "form")["body"]!.AsArray().Select(p => (string)p!["key"]!));
        Assert.Equal(["title"], Endpoint(connector, "multipart")["body"]!.AsArray().Select(p => (string)p!["key"]!));
        var graph = Endpoint(connector, "graph")["sampleBody"]!;
        Assert.Equal("query { products(first: 10) { id } }", (string?)graph["query"]);
        Assert.Equal(10, (int?)graph["variables"]!["first"]);
        Assert.Null(Endpoint(connector, "binary")["sampleBody"]);
        var dropped = result.Report.Of(ReportKind.Dropped).ToList();
        Assert.Contains(dropped, e => e.Location == "item[2].request.body.urlencoded[1]" && e.Message.Contains("disabled", StringComparison.Ordinal));
        Assert.Contains(dropped, e => e.Location == "item[3].request.body.formdata[1]" && e.Message.Contains("never read", StringComparison.Ordinal));
        Assert.Contains(dropped, e => e.Location == "item[5].request.body");
    }

    [Fact]
    public void Disabled_query_parameters_and_headers_are_dropped_and_reported_with_their_location()
    {
        var text = Collection(Request("List", "GET", null, """
            "description": "List items.",
            "header": [ { "key": "Accept", "value": "application/json" }, { "key": "X-Debug", "value": "1", "disabled": true } ],
            "url": { "raw": "https://api.example.com/items?a=1&b=2", "protocol": "https", "host": ["api", "example", "com"], "path": ["items"],
                     "query": [ { "key": "a", "value": "1" }, { "key": "b", "value": "2", "disabled": true }, { "key": "c", "value": "" } ] }
            """));

        var (connector, _, result) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "list");
        Assert.Equal("https://api.example.com/items", (string?)endpoint["url"]);
        Assert.Equal(["a", "c"], endpoint["query"]!.AsArray().Select(p => (string)p!["key"]!));
        Assert.Null(endpoint["query"]![1]!["required"]);
        Assert.Equal(["Accept"], endpoint["headers"]!.AsArray().Select(p => (string)p!["key"]!));
        Assert.Equal("List items.", (string?)endpoint["description"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[0].request.header[1]");
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[0].request.url.query[1]");
    }

    [Fact]
    public void Path_variables_become_placeholders_endpoint_variables_and_instance_values()
    {
        var text = Collection(Request("Get order", "GET", null, """
            "url": { "raw": "{{baseUrl}}/orders/:orderId/lines/:lineId", "host": ["{{baseUrl}}"], "path": ["orders", ":orderId", "lines", ":lineId"],
                     "variable": [ { "key": "orderId", "value": "1001" }, { "key": "lineId", "value": "" } ] }
            """),
            """ "variable": [ { "key": "baseUrl", "value": "https://shop.example.com/api" } ] """);

        var (connector, instance, _) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "get-order");
        Assert.Equal("{{baseUrl}}/orders/{{orderId}}/lines/{{lineId}}", (string?)endpoint["url"]);
        Assert.Equal(["orderId", "lineId"], endpoint["variables"]!.AsArray().Select(v => (string)v!["key"]!));
        Assert.Equal("1001", (string?)instance["endpointValues"]!["get-order"]!["orderId"]);
        Assert.Equal("https://shop.example.com/api", (string?)instance["values"]!["baseUrl"]);
    }

    [Fact]
    public void Scripts_are_kept_as_comments_and_reported()
    {
        var text = Collection(
            Request("Scripted", "GET", "https://api.example.com/x", "", """
                "event": [ { "listen": "prerequest", "script": { "exec": ["pm.environment.set('ts', Date.now());"] } },
                           { "listen": "test", "script": { "exec": ["pm.test('ok', () => pm.response.to.have.status(200));", "/* block */"] } } ]
                """),
            """ "event": [ { "listen": "prerequest", "script": { "exec": "console.log('collection');" } } ] """);

        var (_, _, result) = ImportValid(_folder, text);

        var written = _folder.Read(result.ConnectorFileName!);
        Assert.Contains("// Postman pre-request script of the request \"Scripted\" (not run by Patchworks):", written, StringComparison.Ordinal);
        Assert.Contains("//   pm.environment.set('ts', Date.now());", written, StringComparison.Ordinal);
        Assert.Contains("//   console.log('collection');", written, StringComparison.Ordinal);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[0].event[1]" && e.Message.Contains("test script", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "event[0]");
    }

    [Fact]
    public void Unicode_names_become_ascii_ids_and_keep_their_names()
    {
        var text = Collection(
            Folder("Bestellungen", Request("Bestellung ändern (Größe)", "PUT", "https://api.example.com/bestellungen/{{bestell_nr}}")) + "," +
            Request("注文一覧", "GET", "https://api.example.com/orders") + "," +
            Request("Crème brûlée 🍮", "GET", "https://api.example.com/desserts"),
            """ "variable": [ { "key": "bestell_nr", "value": "42" } ] """, name: "Bücherladen — Ärger");

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal("bucherladen-arger.connector.json", result.ConnectorFileName);
        Assert.Equal("Bücherladen — Ärger", (string?)connector["name"]);
        var ids = connector["endpoints"]!.AsArray().Select(e => (string)e!["id"]!).ToList();
        Assert.Equal(["bestellung-andern-grosse", "get-orders", "creme-brulee"], ids);
        Assert.Equal("Bestellung ändern (Größe)", (string?)Endpoint(connector, "bestellung-andern-grosse")["name"]);
        // "Bestellungen" is no entity type the Core API lists: Other, and the report names the folder's word.
        Assert.Equal("Other", (string?)Endpoint(connector, "bestellung-andern-grosse")["entityType"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("entityType Other for 1 endpoint, from the folder \"Bestellungen\" (\"bestellungen\" is none of the entity types publishing knows: Orders, Products,", StringComparison.Ordinal));
        Assert.Equal("注文一覧", (string?)Endpoint(connector, "get-orders")["name"]);
    }

    [Fact]
    public void Duplicate_requests_are_one_endpoint_and_reported()
    {
        var request = Request("List", "GET", "https://api.example.com/items?page=1");
        var text = Collection(request + "," + request.Replace("\"List\"", "\"List again\"", StringComparison.Ordinal) + "," + Request("List", "GET", "https://api.example.com/other"));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal(["list", "list-2"], connector["endpoints"]!.AsArray().Select(e => (string)e!["id"]!));
        Assert.Equal(1, result.DuplicateCount);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[1].request" && e.Message.Contains("duplicate of endpoint list", StringComparison.Ordinal));
    }

    [Fact]
    public void Urls_without_scheme_or_host_and_too_long_urls()
    {
        var longPath = new string('a', 300);
        var text = Collection(string.Join(",",
            Request("Local", "POST", "localhost:3000/hook"),
            Request("Relative", "GET", "/v1/items"),
            Request("Long", "GET", "https://api.example.com/" + longPath)));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal("http://localhost:3000/hook", (string?)Endpoint(connector, "local")["url"]);
        Assert.Equal("{{base_url}}/v1/items", (string?)Endpoint(connector, "relative")["url"]);
        Assert.Contains(connector["variables"]!.AsArray(), v => (string?)v!["key"] == "base_url");
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "item[2].request" && e.Message.Contains("255", StringComparison.Ordinal));
        Assert.Equal(2, connector["endpoints"]!.AsArray().Count);
    }

    [Fact]
    public void Variable_names_that_are_not_keys_are_renamed_everywhere()
    {
        var text = Collection(Request("Get", "GET", "{{base-url}}/x/{{$guid}}", """ "header": [ { "key": "X-Tenant", "value": "{{tenant.id}}" } ] """),
            """ "variable": [ { "key": "base-url", "value": "https://api.example.com" }, { "key": "tenant.id", "value": "t1" }, { "key": "unused", "value": "u" } ] """);

        var (connector, instance, result) = ImportValid(_folder, text);

        var endpoint = Endpoint(connector, "get");
        Assert.Equal("{{base_url}}/x/{{_guid}}", (string?)endpoint["url"]);
        Assert.Equal("{{tenant_id}}", (string?)endpoint["headers"]![0]!["value"]);
        Assert.Equal("base-url", (string?)connector["variables"]![0]!["displayName"]);
        Assert.Equal("t1", (string?)instance["values"]!["tenant_id"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("variable unused", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("dynamic variable", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_imports_the_matching_requests()
    {
        var text = Collection(Folder("Orders", Request("List orders", "GET", "https://a.example.com/orders")) + "," + Folder("Products", Request("List products", "GET", "https://a.example.com/products")));

        var (connector, _, _) = ImportValid(_folder, text, only: "Orders/*");

        Assert.Equal(["list-orders"], connector["endpoints"]!.AsArray().Select(e => (string)e!["id"]!));
    }

    [Fact]
    public void Environment_values_fill_the_instance_and_secret_ones_become_references()
    {
        var text = Collection(Request("Get", "GET", "{{host}}/x", """ "header": [ { "key": "X-Api-Key", "value": "{{key}}" } ] """));
        var environment = """
            { "name": "Staging", "values": [
              { "key": "host", "value": "https://staging.example.com", "enabled": true },
              { "key": "key", "value": "env-secret-abcdef123456", "type": "secret", "enabled": true },
              { "key": "off", "value": "x", "enabled": false } ] }
            """;

        var (connector, instance, result) = ImportValid(_folder, text, environment);

        Assert.Equal("https://staging.example.com", (string?)instance["values"]!["host"]);
        Assert.Equal("env:TEST_API_KEY", (string?)instance["secrets"]!["key"]);
        Assert.Equal(true, (bool?)connector["variables"]!.AsArray().Single(v => (string?)v!["key"] == "key")!["secret"]);
        Assert.DoesNotContain(_folder.AllText(), t => t.Contains("env-secret-abcdef123456", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Secret), e => e.Message.Contains("TEST_API_KEY", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "environment values[2]");
    }

    [Fact]
    public void An_empty_collection_imports_nothing()
    {
        var result = Import(Collection(""));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Report.Of(ReportKind.Error), e => e.Message.Contains("nothing to import", StringComparison.Ordinal));
        Assert.Null(result.ConnectorText);
    }

    [Fact]
    public void Malformed_json_is_an_error_with_its_location()
    {
        var result = Import("{\n  \"info\": { \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\" },\n  \"item\": [ { \"name\": \"x\", } ,, ]\n}", format: "postman");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Report.Of(ReportKind.Error));
        Assert.StartsWith("line 3, column", error.Location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "1", "name": "v1", "order": [], "requests": [] }""", "Collection v1")]
    [InlineData("""{ "values": [] }""", "environment")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{ "info": { "name": "x" } }""", "item")]
    public void Wrong_documents_are_errors_that_say_why(string text, string expected)
    {
        var result = Import(text, format: "postman");

        Assert.False(result.Succeeded);
        Assert.Contains(expected, Assert.Single(result.Report.Of(ReportKind.Error)).Message, StringComparison.Ordinal);
    }
}

/// <summary>Values at or past every limit of the connector format: what is written still validates.</summary>
public sealed class HostileValueTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Long_odd_and_empty_values_are_cut_renamed_or_dropped_so_the_connector_validates()
    {
        var longText = new string('x', 5000);
        var text = Collection(string.Join(",",
                Request("🍮", "get", "https://a.example.com/" + new string('p', 200), $$"""
                    "auth": { "type": "{{new string('z', 300)}}" },
                    "header": [ { "key": "Bad Header\nName", "value": "v" }, { "key": "", "value": "empty" }, { "key": "X-Long", "value": "{{longText}}" } ],
                    "description": "{{longText}}"
                    """),
                Request("", "PATCH", "{{ spaced var }}/x?{{qk}}={{qv}}&=novalue"),
                Request(new string('n', 300), "OPTIONS", "https://a.example.com/opt", """ "body": { "mode": "raw", "raw": "not json {{" } """),
                Request("Weird method", "PROPFIND", "https://a.example.com/dav"),
                Request("Brackets", "POST", "https://a.example.com/b", """ "body": { "mode": "raw", "raw": "[[1,2],[3]] {{ }} {{a b}} [[pagination.page]]" } """)),
            $$"""
            "variable": [ { "key": "1st", "value": "{{longText}}" }, { "key": "ok", "value": "fine", "description": "{{longText}}" }, { "key": {{Quote("{{")}}, "value": "x" } ]
            """, name: new string('N', 300));

        var (connector, _, result) = ImportValid(_folder, text);

        Assert.Equal(128, ((string)connector["name"]!).Length);
        Assert.Equal(4, connector["endpoints"]!.AsArray().Count);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("a space was put between the braces", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("PROPFIND", StringComparison.Ordinal));
    }
}
