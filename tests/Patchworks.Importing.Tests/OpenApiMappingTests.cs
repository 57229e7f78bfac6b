using System.Text.Json.Nodes;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>Hand-made OpenAPI and Swagger documents, one mapping rule each.</summary>
public sealed class OpenApiMappingTests
{
    /// <summary>An OpenAPI 3.0 YAML document around the given paths (and optional components and extra top-level YAML).</summary>
    private static string Yaml(string paths, string components = "", string top = "", string version = "3.0.3") =>
        $"""
        openapi: {version}
        info:
          title: Shop API
          version: "1.0"
        servers:
          - url: https://api.shop.example/v1
        {top}
        paths:
        {Indent(paths)}
        {(components.Length > 0 ? "components:\n" + Indent(components) : "")}
        """;

    private static string Indent(string text) => string.Join('\n', text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => "  " + l));

    private static (JsonObject Connector, JsonObject Instance, ImportResult Result, TempFolder Folder) Valid(string text)
    {
        var folder = new TempFolder();
        var (connector, instance, result) = Harness.ImportValid(folder, text);
        return (connector, instance, result, folder);
    }

    private static JsonObject SchemaOf(TempFolder folder, JsonObject endpoint) =>
        Harness.Json(folder.Read((string)endpoint["schema"]!["$ref"]!));

    private const string ListOrders = """
        /orders:
          get:
            operationId: listOrders
            summary: List orders
            tags: [Orders]
            responses:
              "200":
                description: ok
                content:
                  application/json:
                    schema:
                      type: array
                      items:
                        $ref: '#/components/schemas/Order'
        """;

    private const string Order = """
        schemas:
          Order:
            type: object
            properties:
              id: { type: integer }
              number: { type: string }
        """;

    // ---- detection and versions ------------------------------------------------------------------------

    [Fact]
    public void Yaml_json_and_swagger_are_detected()
    {
        Assert.Equal("openapi", Harness.Import(Yaml(ListOrders, Order)).Format);
        var json = """{ "info": { "title": "X", "version": "1" }, "openapi": "3.1.0", "paths": { "/a": { "get": { "responses": { "200": { "description": "ok" } } } } } }""";
        Assert.Equal("openapi", Harness.Import(json).Format);
        Assert.True(Harness.Import(json, format: "openapi").Succeeded);
        var swagger = """{ "swagger": "2.0", "info": { "title": "X", "version": "1" }, "host": "api.example.com", "basePath": "/v2", "schemes": ["https"], "paths": { "/a": { "get": { "responses": { "200": { "description": "ok" } } } } } }""";
        var result = Harness.Import(swagger);
        Assert.Equal("openapi", result.Format);
        Assert.Contains(result.Report.Entries, e => e.Message.Contains("Swagger 2.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Swagger_2_host_and_base_path_make_the_base_url_and_body_parameters_a_sample_body()
    {
        var swagger = """
            {
              "swagger": "2.0",
              "info": { "title": "Legacy Shop", "version": "1" },
              "host": "legacy.shop.example", "basePath": "/api", "schemes": ["https"],
              "securityDefinitions": { "key": { "type": "apiKey", "in": "header", "name": "X-Auth-Key" } },
              "security": [ { "key": [] } ],
              "paths": {
                "/products/{id}": {
                  "put": {
                    "operationId": "updateProduct", "tags": ["Products"],
                    "consumes": ["application/json"],
                    "parameters": [
                      { "name": "id", "in": "path", "required": true, "type": "integer" },
                      { "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Product" } }
                    ],
                    "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Product" } } }
                  }
                }
              },
              "definitions": { "Product": { "type": "object", "properties": { "name": { "type": "string", "example": "Mug" }, "price": { "type": "number" } } } }
            }
            """;
        var (connector, instance, _, folder) = Valid(swagger);
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "updateproduct");
        Assert.Equal("{{base_url}}/products/{{id}}", (string?)endpoint["url"]);
        Assert.Equal("send", (string?)endpoint["direction"]);
        Assert.Equal("Products", (string?)endpoint["entityType"]);
        Assert.Equal("Mug", (string?)endpoint["sampleBody"]!["name"]);
        Assert.Equal("https://legacy.shop.example/api", (string?)instance["values"]!["base_url"]);
        var auth = Harness.Auth(connector, "api-key");
        Assert.Equal("X-Auth-Key", (string?)auth["apiKey"]!["name"]);
    }

    // ---- servers -------------------------------------------------------------------------------------

    [Fact]
    public void Server_variables_become_connector_variables_and_the_base_url_a_placeholder()
    {
        var text = """
            openapi: 3.0.3
            info: { title: Regional, version: "1" }
            servers:
              - url: https://{region}.api.example.com/{version}
                variables:
                  region: { default: eu, enum: [eu, us], description: The data centre }
                  version: { default: v2 }
              - url: https://sandbox.example.com
            paths:
              /ping:
                get:
                  responses: { "200": { description: ok } }
            """;
        var (connector, instance, result, folder) = Valid(text);
        using var _f = folder;
        var keys = connector["variables"]!.AsArray().Select(v => (string?)v!["key"]).ToList();
        Assert.Contains("region", keys);
        Assert.Contains("version", keys);
        Assert.Contains("base_url", keys);
        // The template is the connector's default (resolved from the server variables when used); the instance sets only them.
        var baseUrl = connector["variables"]!.AsArray().Single(v => (string?)v!["key"] == "base_url")!;
        Assert.Equal("https://{{region}}.api.example.com/{{version}}", (string?)baseUrl["default"]);
        Assert.Null(instance["values"]!["base_url"]);
        var resolved = Cli.Tests.Infrastructure.CliProcess.Run(folder.Path, "resolve", "--root", ".", result.ConnectorFileName!, "get-ping", "-i", result.InstanceFileName!);
        Assert.Contains("GET https://eu.api.example.com/v2/ping", resolved.Stdout, StringComparison.Ordinal);
        Assert.Equal("eu", (string?)instance["values"]!["region"]);
        Assert.Contains("eu, us", (string?)connector["variables"]!.AsArray().Single(v => (string?)v!["key"] == "region")!["description"], StringComparison.Ordinal);
        Assert.Equal("{{base_url}}/ping", (string?)connector["endpoints"]![0]!["url"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("sandbox.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void No_server_or_a_relative_one_leaves_base_url_to_fill_in()
    {
        var none = Yaml(ListOrders, Order).Replace("servers:\n  - url: https://api.shop.example/v1\n", "", StringComparison.Ordinal);
        var (connector, _, result, folder) = Valid(none);
        using (folder)
        {
            Assert.Equal("{{base_url}}/orders", (string?)connector["endpoints"]![0]!["url"]);
            Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Location == "servers");
        }
        var relative = Yaml(ListOrders, Order).Replace("https://api.shop.example/v1", "/api/v3", StringComparison.Ordinal);
        var (connector2, _, _, folder2) = Valid(relative);
        using (folder2)
        {
            Assert.Equal("{{base_url}}/api/v3/orders", (string?)connector2["endpoints"]![0]!["url"]);
        }
    }

    // ---- security ------------------------------------------------------------------------------------

    [Fact]
    public void Every_security_scheme_type_becomes_its_auth_method()
    {
        var components = """
            securitySchemes:
              basicAuth: { type: http, scheme: basic }
              bearerAuth: { type: http, scheme: bearer, bearerFormat: JWT }
              headerKey: { type: apiKey, in: header, name: X-Api-Key }
              queryKey: { type: apiKey, in: query, name: api_key }
              cookieKey: { type: apiKey, in: cookie, name: session }
              oauth:
                type: oauth2
                flows:
                  clientCredentials:
                    tokenUrl: https://auth.shop.example/token
                    scopes: { read_orders: Read orders, write_orders: Write orders }
                  password:
                    tokenUrl: https://auth.shop.example/token
                    scopes: {}
                  authorizationCode:
                    authorizationUrl: https://auth.shop.example/authorize
                    tokenUrl: https://auth.shop.example/token
                    scopes: { read_orders: Read orders }
              oidc: { type: openIdConnect, openIdConnectUrl: 'https://auth.shop.example/.well-known/openid-configuration' }
            """ + "\n" + Order;
        var (connector, _, result, folder) = Valid(Yaml(ListOrders, components, top: "security:\n  - bearerAuth: []"));
        using var _f = folder;
        var methods = connector["authMethods"]!.AsArray().Select(a => a!.AsObject()).ToList();
        string TypeOf(string id) => (string)methods.Single(m => (string?)m["id"] == id)["type"]!;
        Assert.Equal("basic", TypeOf("basic"));
        Assert.Equal("token", TypeOf("bearer-token"));
        Assert.Equal("Bearer {{access_token}}", (string?)methods.Single(m => (string?)m["id"] == "bearer-token")["headers"]![0]!["value"]);
        var header = methods.Single(m => (string?)m["apiKey"]?["name"] == "X-Api-Key");
        Assert.Equal("header", (string?)header["apiKey"]!["in"]);
        var query = methods.Single(m => (string?)m["apiKey"]?["name"] == "api_key");
        Assert.Equal("query", (string?)query["apiKey"]!["in"]);
        var clientCredentials = methods.Single(m => (string?)m["type"] == "oauth2ClientCredentials");
        Assert.Equal("https://auth.shop.example/token", (string?)clientCredentials["url"]);
        Assert.Equal("read_orders write_orders", (string?)clientCredentials["oauth2"]!["scope"]);
        Assert.Single(methods, m => (string?)m["type"] == "oauth2Password");
        var code = methods.Single(m => (string?)m["type"] == "oauth2AuthorizationCode");
        Assert.Equal("https://auth.shop.example/authorize", (string?)code["additionalUrl"]);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "components.securitySchemes.oidc" && e.Message.Contains("OpenID Connect", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Location == "components.securitySchemes.cookieKey");
        var secrets = connector["variables"]!.AsArray().Where(v => v!["secret"]?.GetValue<bool>() == true).Select(v => (string?)v!["key"]).ToList();
        Assert.Contains("access_token", secrets);
        Assert.Contains("password", secrets);
        Assert.Contains("client_secret", secrets);
        Assert.Contains("x_api_key", secrets);
    }

    [Fact]
    public void Operation_security_picks_the_method_and_an_empty_requirement_means_none()
    {
        var paths = """
            /public:
              get:
                operationId: publicInfo
                security: []
                responses: { "200": { description: ok } }
            /private:
              get:
                operationId: privateInfo
                security: [ { basicAuth: [] } ]
                responses: { "200": { description: ok } }
            /default:
              get:
                operationId: defaultInfo
                responses: { "200": { description: ok } }
            """;
        var components = "securitySchemes:\n  basicAuth: { type: http, scheme: basic }\n  key: { type: apiKey, in: header, name: X-Key }";
        var (connector, instance, _, folder) = Valid(Yaml(paths, components, top: "security:\n  - key: []"));
        using var _f = folder;
        Assert.Equal("no-auth", (string?)Harness.Endpoint(connector, "publicinfo")["authMethods"]![0]);
        Assert.Equal("basic", (string?)Harness.Endpoint(connector, "privateinfo")["authMethods"]![0]);
        Assert.Equal("api-key", (string?)Harness.Endpoint(connector, "defaultinfo")["authMethods"]![0]);
        Assert.Equal("api-key", (string?)instance["authMethod"]);
    }

    // ---- operations and parameters -------------------------------------------------------------------

    [Fact]
    public void Path_query_and_header_parameters_map_with_their_required_flags()
    {
        var paths = """
            /stores/{storeId}/orders/{orderId}:
              parameters:
                - { name: storeId, in: path, required: true, schema: { type: string, example: main } }
              get:
                summary: Get an order
                parameters:
                  - { name: orderId, in: path, required: true, schema: { type: integer }, example: 1001 }
                  - { name: expand, in: query, required: true, schema: { type: string, default: lines } }
                  - { name: fields, in: query, schema: { type: string } }
                  - { name: X-Tenant, in: header, required: true, schema: { type: string } }
                  - { name: Accept, in: header, schema: { type: string } }
                  - { name: sid, in: cookie, schema: { type: string } }
                responses: { "200": { description: ok } }
            """;
        var (connector, instance, result, folder) = Valid(Yaml(paths));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "get-stores-storeid-orders-orderid");
        Assert.Equal("Get an order", (string?)endpoint["name"]);
        Assert.Equal("{{base_url}}/stores/{{storeId}}/orders/{{orderId}}", (string?)endpoint["url"]);
        Assert.Equal(["storeId", "orderId"], endpoint["variables"]!.AsArray().Select(v => (string)v!["key"]!).Order().Reverse().ToArray());
        Assert.Equal("main", (string?)instance["endpointValues"]![(string)endpoint["id"]!]!["storeId"]);
        Assert.Equal("1001", (string?)instance["endpointValues"]![(string)endpoint["id"]!]!["orderId"]);
        var query = endpoint["query"]!.AsArray();
        Assert.Equal("lines", (string?)query[0]!["value"]);
        Assert.True((bool)query[0]!["required"]!);
        Assert.Null(query[1]!["required"]);
        var headers = endpoint["headers"]!.AsArray();
        Assert.Single(headers);
        Assert.Equal("X-Tenant", (string?)headers[0]!["key"]);
        Assert.True((bool)headers[0]!["required"]!);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("cookie parameter sid", StringComparison.Ordinal));
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("header parameter Accept", StringComparison.Ordinal));
    }

    [Fact]
    public void Id_from_operation_id_else_method_and_path_name_from_summary_entity_from_tag_direction_from_method()
    {
        var paths = """
            /orders:
              post:
                operationId: createOrder
                summary: Create an order
                tags: [Sales Orders, Other]
                responses: { "201": { description: created } }
            /orders/{id}:
              delete:
                parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
                responses: { "204": { description: gone } }
              head:
                parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
                responses: { "200": { description: ok } }
              trace:
                responses: { "200": { description: ok } }
            """;
        var (connector, _, result, folder) = Valid(Yaml(paths));
        using var _f = folder;
        var create = Harness.Endpoint(connector, "createorder");
        Assert.Equal("Create an order", (string?)create["name"]);
        Assert.Equal("Orders", (string?)create["entityType"]); // the tag "Sales orders": a type publishing knows
        Assert.Equal("send", (string?)create["direction"]);
        Assert.Equal("send", (string?)Harness.Endpoint(connector, "delete-orders-id")["direction"]);
        Assert.Equal("receive", (string?)Harness.Endpoint(connector, "head-orders-id")["direction"]);
        Assert.Equal(3, connector["endpoints"]!.AsArray().Count);
        Assert.Equal(4, result.RequestCount);
        Assert.Contains(result.Report.Of(ReportKind.Dropped), e => e.Message.Contains("TRACE", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_body_example_examples_and_schema_make_the_sample_body()
    {
        var paths = """
            /a:
              post:
                operationId: withExample
                requestBody:
                  content:
                    application/json:
                      example: { sku: MUG-1, qty: 2 }
                responses: { "200": { description: ok } }
            /b:
              post:
                operationId: withExamples
                requestBody:
                  content:
                    application/json:
                      examples:
                        small: { value: { sku: MUG-2 } }
                responses: { "200": { description: ok } }
            /c:
              post:
                operationId: withSchema
                requestBody:
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/NewLine' }
                responses: { "200": { description: ok } }
            /d:
              post:
                operationId: withForm
                requestBody:
                  content:
                    application/x-www-form-urlencoded:
                      schema:
                        type: object
                        required: [name]
                        properties:
                          name: { type: string, example: Mug }
                          file: { type: string, format: binary }
                responses: { "200": { description: ok } }
            /e:
              post:
                operationId: withXml
                requestBody:
                  content:
                    application/xml:
                      example: <order/>
                responses: { "200": { description: ok } }
            """;
        var components = """
            schemas:
              NewLine:
                type: object
                properties:
                  sku: { type: string }
                  qty: { type: integer, default: 1 }
                  created: { type: string, format: date-time, readOnly: true }
                  tags: { type: array, items: { type: string, enum: [a, b] } }
            """;
        var (connector, _, _, folder) = Valid(Yaml(paths, components));
        using var _f = folder;
        Assert.Equal("MUG-1", (string?)Harness.Endpoint(connector, "withexample")["sampleBody"]!["sku"]);
        Assert.Equal("MUG-2", (string?)Harness.Endpoint(connector, "withexamples")["sampleBody"]!["sku"]);
        var generated = Harness.Endpoint(connector, "withschema");
        Assert.Equal("string", (string?)generated["sampleBody"]!["sku"]);
        Assert.Equal(1, (int)generated["sampleBody"]!["qty"]!);
        Assert.Equal("a", (string?)generated["sampleBody"]!["tags"]![0]);
        Assert.Null(generated["sampleBody"]!["created"]);
        Assert.Equal("schemas/newline.json", (string?)generated["schema"]!["$ref"]);
        var form = Harness.Endpoint(connector, "withform")["body"]!.AsArray();
        Assert.Single(form);
        Assert.Equal("Mug", (string?)form[0]!["value"]);
        var xml = Harness.Endpoint(connector, "withxml");
        Assert.Equal("xml", (string?)xml["dataType"]);
        Assert.Equal("<order/>", (string?)xml["sampleBody"]);
    }

    // ---- responses: schemas and data paths -----------------------------------------------------------

    [Fact]
    public void An_array_response_is_a_list_of_records_without_a_data_path()
    {
        var (connector, _, _, folder) = Valid(Yaml(ListOrders, Order));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "listorders");
        Assert.Null(endpoint["dataPath"]);
        Assert.Equal("schemas/order.json", (string?)endpoint["schema"]!["$ref"]);
        var schema = SchemaOf(folder, endpoint);
        Assert.Equal("integer", (string?)schema["properties"]!["id"]!["type"]);
        Assert.Equal("Orders", (string?)endpoint["entityType"]);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("items")]
    [InlineData("results")]
    public void The_array_property_of_the_response_is_the_data_path(string property)
    {
        var paths = $$"""
            /orders:
              get:
                operationId: listOrders
                responses:
                  "200":
                    description: ok
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            {{property}}: { type: array, items: { $ref: '#/components/schemas/Order' } }
                            errors: { type: array, items: { type: string } }
                            total: { type: integer }
            """;
        var (connector, _, result, folder) = Valid(Yaml(paths, Order));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "listorders");
        Assert.Equal(property, (string?)endpoint["dataPath"]);
        Assert.Equal("schemas/order.json", (string?)endpoint["schema"]!["$ref"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.StartsWith("dataPath " + property, StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_record_with_an_array_field_has_no_data_path()
    {
        var paths = """
            /orders/{id}:
              get:
                operationId: getOrder
                parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
                responses:
                  "200":
                    description: ok
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            id: { type: integer }
                            customer: { type: string }
                            lines: { type: array, items: { type: object, properties: { sku: { type: string } } } }
            """;
        var (connector, _, _, folder) = Valid(Yaml(paths));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "getorder");
        Assert.Null(endpoint["dataPath"]);
        Assert.NotNull(SchemaOf(folder, endpoint)["properties"]!["lines"]);
    }

    [Fact]
    public void A_schema_that_refers_to_itself_terminates()
    {
        var components = """
            schemas:
              Category:
                type: object
                properties:
                  name: { type: string }
                  parent: { $ref: '#/components/schemas/Category' }
                  children: { type: array, items: { $ref: '#/components/schemas/Category' } }
              A: { type: object, properties: { b: { $ref: '#/components/schemas/B' } } }
              B: { type: object, properties: { a: { $ref: '#/components/schemas/A' } } }
            """;
        var paths = """
            /categories:
              get:
                operationId: listCategories
                responses:
                  "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Category' } } } } }
            /a:
              get:
                operationId: getA
                responses:
                  "200": { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/A' } } } }
            """;
        var (connector, _, _, folder) = Valid(Yaml(paths, components));
        using var _f = folder;
        var category = SchemaOf(folder, Harness.Endpoint(connector, "listcategories"));
        Assert.Contains("recursive", (string?)category["properties"]!["parent"]!["description"], StringComparison.Ordinal);
        Assert.Contains("recursive", (string?)category["properties"]!["children"]!["items"]!["description"], StringComparison.Ordinal);
        var a = SchemaOf(folder, Harness.Endpoint(connector, "geta"));
        Assert.Equal("object", (string?)a["properties"]!["b"]!["properties"]!["a"]!["type"]);
        Assert.DoesNotContain("$ref", folder.Read("schemas/a.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void AllOf_members_are_resolved_and_searched_and_oneOf_is_kept()
    {
        var components = """
            schemas:
              Page:
                type: object
                properties:
                  total: { type: integer }
              Pet:
                oneOf:
                  - { $ref: '#/components/schemas/Cat' }
                  - { $ref: '#/components/schemas/Dog' }
              Cat: { type: object, properties: { meows: { type: boolean } } }
              Dog: { type: object, properties: { barks: { type: boolean } } }
            """;
        var paths = """
            /pets:
              get:
                operationId: listPets
                responses:
                  "200":
                    description: ok
                    content:
                      application/json:
                        schema:
                          allOf:
                            - { $ref: '#/components/schemas/Page' }
                            - type: object
                              properties:
                                items: { type: array, items: { $ref: '#/components/schemas/Pet' } }
            """;
        var (connector, _, _, folder) = Valid(Yaml(paths, components));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "listpets");
        Assert.Equal("items", (string?)endpoint["dataPath"]);
        var pet = SchemaOf(folder, endpoint);
        Assert.Equal(2, pet["oneOf"]!.AsArray().Count);
        Assert.NotNull(pet["oneOf"]![0]!["properties"]!["meows"]);
    }

    [Fact]
    public void OpenApi_3_1_type_lists_with_null_are_kept()
    {
        var components = """
            schemas:
              Order:
                type: object
                properties:
                  note: { type: [string, "null"] }
                  id: { type: integer }
            """;
        var (connector, _, _, folder) = Valid(Yaml(ListOrders, components, version: "3.1.0"));
        using var _f = folder;
        var schema = SchemaOf(folder, Harness.Endpoint(connector, "listorders"));
        var types = schema["properties"]!["note"]!["type"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.Contains("string", types);
        Assert.Contains("null", types);
    }

    [Fact]
    public void OpenApi_3_0_nullable_becomes_a_type_list()
    {
        var components = """
            schemas:
              Order:
                type: object
                properties:
                  note: { type: string, nullable: true }
            """;
        var (connector, _, _, folder) = Valid(Yaml(ListOrders, components));
        using var _f = folder;
        var note = SchemaOf(folder, Harness.Endpoint(connector, "listorders"))["properties"]!["note"]!;
        Assert.Equal("[\"null\",\"string\"]", note["type"]!.ToJsonString().Replace("\"string\",\"null\"", "\"null\",\"string\"", StringComparison.Ordinal));
    }

    // ---- pagination ----------------------------------------------------------------------------------

    private static string Listing(string parameters, string properties, string headers = "") => $$"""
        /orders:
          get:
            operationId: listOrders
            parameters:
        {{Indent(Indent(Indent(parameters)))}}
            responses:
              "200":
                description: ok
        {{(headers.Length > 0 ? "        headers:\n" + Indent(Indent(Indent(Indent(Indent(headers))))) : "")}}
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        data: { type: array, items: { $ref: '#/components/schemas/Order' } }
        {{Indent(Indent(Indent(Indent(Indent(Indent(Indent(Indent(properties))))))))}}
        """;

    private static (JsonObject? Pagination, JsonObject Endpoint, ImportResult Result) Paginate(string parameters, string properties, string headers = "")
    {

        var (connector, _, result, folder) = Valid(Yaml(Listing(parameters, properties, headers), Order));
        using var _f = folder;
        var endpoint = Harness.Endpoint(connector, "listorders");
        return (endpoint["pagination"] as JsonObject, endpoint, result);
    }

    [Fact]
    public void Page_and_per_page_guess_page_number()
    {
        var (pagination, endpoint, result) = Paginate(
            "- { name: page, in: query, schema: { type: integer } }\n- { name: per_page, in: query, schema: { type: integer, default: 50 } }\n- { name: status, in: query, schema: { type: string } }",
            "total_pages: { type: integer }");
        Assert.Equal("pageNumber", (string?)pagination!["method"]);
        Assert.Equal("page", (string?)pagination["pageParam"]);
        Assert.Equal("per_page", (string?)pagination["limitParam"]);
        Assert.Equal(50, (int)pagination["limit"]!);
        Assert.Equal("total_pages", (string?)pagination["totalPagesPath"]);
        Assert.Equal(["status"], endpoint["query"]!.AsArray().Select(q => (string)q!["key"]!).ToArray());
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("pagination pageNumber guessed from the query parameter page and per_page", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ type: integer, default: 50, maximum: 250 }", 250)] // BigCommerce: the largest page it allows
    [InlineData("{ type: integer, default: 50, maximum: 100000 }", 50)] // a bound, not a page size: the default
    [InlineData("{ type: integer, default: 50 }", 50)]
    [InlineData("{ type: integer }", 100)]
    public void The_page_size_is_the_largest_the_api_allows_up_to_a_thousand(string schema, int expected)
    {
        var (pagination, _, _) = Paginate(
            "- { name: page, in: query, schema: { type: integer } }\n- { name: limit, in: query, schema: " + schema + " }",
            "total_pages: { type: integer }");

        Assert.Equal("limit", (string?)pagination!["limitParam"]);
        Assert.Equal(expected, (int)pagination["limit"]!);
    }

    [Fact]
    public void Limit_and_offset_guess_limit_offset()
    {
        var (pagination, _, _) = Paginate(
            "- { name: limit, in: query, schema: { type: integer } }\n- { name: offset, in: query, schema: { type: integer } }",
            "total_count: { type: integer }");
        Assert.Equal("limitOffset", (string?)pagination!["method"]);
        Assert.Equal("limit", (string?)pagination["limitParam"]);
        Assert.Equal("offset", (string?)pagination["offsetParam"]);
        Assert.Equal(100, (int)pagination["limit"]!);
        Assert.Equal("total_count", (string?)pagination["totalPath"]);
    }

    [Fact]
    public void A_cursor_parameter_and_a_next_cursor_field_guess_next_page_token()
    {
        var (pagination, _, _) = Paginate(
            "- { name: cursor, in: query, schema: { type: string } }\n- { name: limit, in: query, schema: { type: integer } }",
            "meta:\n  type: object\n  properties:\n    next_cursor: { type: string }");
        Assert.Equal("nextPageToken", (string?)pagination!["method"]);
        Assert.Equal("meta.next_cursor", (string?)pagination["tokenPath"]);
        Assert.Equal("cursor", (string?)pagination["tokenParam"]);
        Assert.Equal("limit", (string?)pagination["limitParam"]);
    }

    [Fact]
    public void A_next_url_field_guesses_next_page_url()
    {
        var (pagination, _, _) = Paginate("- { name: status, in: query, schema: { type: string } }", "next: { type: string, format: uri }");
        Assert.Equal("nextPageUrl", (string?)pagination!["method"]);
        Assert.Equal("next", (string?)pagination["nextUrlPath"]);
    }

    /// <summary>
    /// OData's next link and count (Business Central, Dynamics, Graph): names with a dot and an '@', written quoted as the
    /// path grammar asks (a plain "@odata.nextLink" would fail validation, PW3043, and the runner would split it at the dot).
    /// </summary>
    [Fact]
    public void An_odata_next_link_is_written_as_a_quoted_path_the_runner_follows()
    {
        var (pagination, _, _) = Paginate(
            "- { name: $top, in: query, schema: { type: integer } }\n- { name: $skip, in: query, schema: { type: integer } }",
            "'@odata.nextLink': { type: string }\n'@odata.count': { type: integer }");

        Assert.Equal("nextPageUrl", (string?)pagination!["method"]);
        Assert.Equal("['@odata.nextLink']", (string?)pagination["nextUrlPath"]);
        Assert.Null(Patchworks.Core.Running.Data.ResponseData.PathProblem((string)pagination["nextUrlPath"]!));
        var answer = System.Text.Json.Nodes.JsonNode.Parse("""{"value": [], "@odata.nextLink": "https://api.example/next"}""");
        Assert.Equal("https://api.example/next", Patchworks.Core.Running.Data.ResponseData.SelectText(answer, (string)pagination["nextUrlPath"]!));
    }

    [Fact]
    public void A_link_header_in_the_response_guesses_link_header()
    {
        var (pagination, _, result) = Paginate("- { name: status, in: query, schema: { type: string } }", "count: { type: integer }", "Link: { schema: { type: string } }");
        Assert.Equal("linkHeader", (string?)pagination!["method"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("the Link header", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_that_looks_like_paging_guesses_nothing()
    {
        var (pagination, endpoint, result) = Paginate("- { name: status, in: query, schema: { type: string } }", "count: { type: integer }");
        Assert.Null(pagination);
        Assert.DoesNotContain(result.Report.Entries, e => e.Message.Contains("pagination", StringComparison.Ordinal));
        Assert.Single(endpoint["query"]!.AsArray());
    }

    // ---- secrets, references, broken documents -------------------------------------------------------

    [Fact]
    public void Examples_of_security_parameters_become_secret_variables()
    {
        var paths = """
            /orders:
              get:
                operationId: listOrders
                parameters:
                  - { name: X-Api-Key, in: header, required: true, schema: { type: string }, example: sk_live_51HxAbCdEfGhIjKlMnOp }
                  - { name: access_token, in: query, schema: { type: string, default: hunter2hunter2 } }
                requestBody:
                  content:
                    application/json:
                      example: { password: "P@ssw0rd-literal", name: Mug }
                responses: { "200": { description: ok } }
            """;
        var (connector, instance, _, folder) = Valid(Yaml(paths));
        using var _f = folder;
        foreach (var text in folder.AllText())
        {
            Assert.DoesNotContain("sk_live_51HxAbCdEfGhIjKlMnOp", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("P@ssw0rd-literal", text, StringComparison.Ordinal);
        }
        var secrets = instance["secrets"]!.AsObject();
        Assert.True(secrets.Count >= 3, instance.ToJsonString());
        Assert.All(secrets, s => Assert.StartsWith("env:", (string?)s.Value, StringComparison.Ordinal));
        Assert.StartsWith("{{", (string?)Harness.Endpoint(connector, "listorders")["headers"]![0]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void External_values_and_remote_references_are_reported_not_fetched()
    {
        var paths = """
            /orders:
              post:
                operationId: createOrder
                requestBody:
                  content:
                    application/json:
                      examples:
                        big: { externalValue: 'https://examples.invalid/order.json' }
                      schema: { $ref: 'https://schemas.invalid/order.json#/Order' }
                responses:
                  "200":
                    description: ok
              get:
                operationId: listOrders
                responses:
                  "200":
                    description: ok
                    content:
                      application/json:
                        schema:
                          type: array
                          items: { $ref: 'common.yaml#/components/schemas/Order' }
            """;
        var result = Harness.Import(Yaml(paths));
        Assert.True(result.Succeeded, result.Report.ToText());
        var dropped = result.Report.Of(ReportKind.Dropped).Select(e => e.Message).ToList();
        Assert.Contains(dropped, m => m.Contains("externalValue https://examples.invalid/order.json is not fetched", StringComparison.Ordinal));
        Assert.Contains(dropped, m => m.Contains("common.yaml", StringComparison.Ordinal) && m.Contains("not fetched", StringComparison.Ordinal));
        Harness.AssertWritesValid(result);
    }

    [Theory]
    [InlineData("openapi: 3.0.3\ninfo: { title: X, version: '1' }\npaths:\n  /a:\n    get: [unclosed\n")]
    [InlineData("{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"X\" }, \"paths\": { \"/a\": ")]
    [InlineData("openapi: 3.0.3\ninfo: { title: X, version: '1' }\n")]
    [InlineData("openapi: 3.0.3\ninfo: { title: X, version: '1' }\npaths: {}\n")]
    [InlineData("openapi: 9.9.9\ninfo: { title: X, version: '1' }\npaths: {}\n")]
    public void Broken_documents_fail_with_the_readers_error(string text)
    {
        var result = Harness.Import(text, format: "openapi");
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Report.Of(ReportKind.Error));
        Assert.Null(result.ConnectorText);
        Assert.Empty(result.Files);
    }

    [Fact]
    public void A_yaml_syntax_error_names_its_line()
    {
        var result = Harness.Import("openapi: 3.0.3\ninfo:\n  title: X\n  version: '1'\npaths:\n  /a:\n    get: {\n", format: "openapi");
        Assert.False(result.Succeeded);
        var error = result.Report.Of(ReportKind.Error).Single();
        Assert.Matches("(?i)line|#/|\\(\\d+", error.Location + " " + error.Message);
    }

    [Fact]
    public void Yaml_alias_bombs_are_refused()
    {
        var lines = new List<string> { "openapi: 3.0.3", "info: { title: X, version: '1' }", "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i < 9; i++)
        {
            var previous = (char)('a' + i - 1);
            lines.Add($"x-{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]");
        }
        lines.Add("paths:\n  /a:\n    get:\n      responses: { '200': { description: ok } }");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = Harness.Import(string.Join('\n', lines));

        Assert.False(result.Succeeded);
        Assert.Contains("aliases", Assert.Single(result.Report.Of(ReportKind.Error)).Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Only_matches_tag_and_summary()
    {
        var paths = ListOrders + """

            /customers:
              get:
                operationId: listCustomers
                summary: List customers
                tags: [Customers]
                responses: { "200": { description: ok } }
            """;
        var result = Harness.Import(Yaml(paths, Order), only: "Customers/*");
        Assert.True(result.Succeeded, result.Report.ToText());
        Assert.Equal(1, result.EndpointCount);
        Assert.Contains("listcustomers", result.ConnectorText, StringComparison.Ordinal);
        Assert.DoesNotContain("listorders", result.ConnectorText, StringComparison.Ordinal);
    }

    // ---- merging -------------------------------------------------------------------------------------

    [Fact]
    public void A_new_operation_merges_into_the_connector_with_its_schema_file_and_the_rest_stays()
    {
        using var folder = new TempFolder();
        var first = Harness.Import(Yaml(ListOrders, Order));
        Harness.Write(first, folder);
        var before = folder.Read(first.ConnectorFileName!);
        var orderSchema = folder.Read("schemas/order.json");
        var paths = ListOrders + """

            /customers:
              get:
                operationId: listCustomers
                tags: [Customers]
                responses:
                  "200":
                    description: ok
                    content:
                      application/json:
                        schema: { type: object, properties: { data: { type: array, items: { $ref: '#/components/schemas/Customer' } } } }
            """;
        var components = Order + "\n  Customer:\n    type: object\n    properties:\n      email: { type: string }";

        var merged = Harness.Import(Yaml(paths, components), existing: (first.ConnectorFileName!, before));
        Harness.Write(merged, folder);

        Assert.True(merged.ConnectorChanged);
        folder.Write(first.ConnectorFileName!, merged.ConnectorText!);
        Harness.AssertNoErrors(folder);
        var connector = Harness.Json(folder.Read(first.ConnectorFileName!));
        Assert.Equal(2, connector["endpoints"]!.AsArray().Count);
        Assert.Equal("schemas/customer.json", (string?)Harness.Endpoint(connector, "listcustomers")["schema"]!["$ref"]);
        Assert.True(File.Exists(folder.File("schemas/customer.json")));
        Assert.Equal(orderSchema, folder.Read("schemas/order.json"));
        Assert.StartsWith(before[..before.IndexOf("\"endpoints\"", StringComparison.Ordinal)], merged.ConnectorText, StringComparison.Ordinal);
    }

    /// <summary>Three operations under /{projectKey}/..., one of them also with an {id}.</summary>
    private static string ProjectPaths(bool everyPath) => $$"""
        /{projectKey}/products:
          get:
            operationId: listProducts
            parameters:
              - { name: projectKey, in: path, required: true, schema: { type: string }, example: my-shop }
            responses: { "200": { description: ok } }
        /{projectKey}/products/{id}:
          get:
            operationId: getProduct
            parameters:
              - { name: projectKey, in: path, required: true, schema: { type: string }, example: my-shop }
              - { name: id, in: path, required: true, schema: { type: string } }
            responses: { "200": { description: ok } }
        {{(everyPath ? "/{projectKey}/orders" : "/orders")}}:
          get:
            operationId: listOrders
            parameters:
        {{(everyPath ? "      - { name: projectKey, in: path, required: true, schema: { type: string }, example: my-shop }" : "      - { name: limit, in: query, schema: { type: integer } }")}}
            responses: { "200": { description: ok } }
        """;

    [Fact]
    public void A_path_parameter_of_every_request_is_one_connector_variable()
    {
        var (connector, instance, result, folder) = Valid(Yaml(ProjectPaths(everyPath: true)));
        using var _ = folder;

        var variable = Assert.Single(connector["variables"]!.AsArray(), v => string.Equals(((string)v!["key"]!).Replace("_", "", StringComparison.Ordinal), "projectkey", StringComparison.OrdinalIgnoreCase));
        var key = (string)variable!["key"]!;
        Assert.Equal("my-shop", (string?)instance["values"]?[key]);
        foreach (var endpoint in connector["endpoints"]!.AsArray())
        {
            Assert.Contains("{{" + key + "}}", (string)endpoint!["url"]!, StringComparison.Ordinal);
            Assert.DoesNotContain(endpoint["variables"]?.AsArray() ?? [], v => (string?)v!["key"] == key);
        }
        // The record's own id stays the endpoint's.
        var get = connector["endpoints"]!.AsArray().Single(e => ((string)e!["url"]!).Contains("/products/", StringComparison.Ordinal))!;
        Assert.Contains(get["variables"]!.AsArray(), v => (string?)v!["key"] == "id");
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("{projectKey} is in the path of all 3 requests", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_parameter_some_requests_lack_stays_with_the_endpoints_that_have_it()
    {
        var (connector, _, result, folder) = Valid(Yaml(ProjectPaths(everyPath: false)));
        using var _ = folder;

        Assert.DoesNotContain(connector["variables"]?.AsArray() ?? [], v => string.Equals(((string)v!["key"]!).Replace("_", "", StringComparison.Ordinal), "projectkey", StringComparison.OrdinalIgnoreCase));
        var products = connector["endpoints"]!.AsArray().Where(e => ((string)e!["url"]!).Contains("/products", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, products.Count);
        Assert.All(products, e => Assert.Contains(e!["variables"]!.AsArray(), v => string.Equals(((string)v!["key"]!).Replace("_", "", StringComparison.Ordinal), "projectkey", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("is in the path of all", StringComparison.Ordinal));
    }

    private static string Regional(string tokenUrl) => $$"""
        openapi: 3.0.3
        info: { title: Regional API, version: "1" }
        servers:
          - url: https://api.{region}.shop.example
            variables:
              region: { default: eu-west1.gcp, enum: [eu-west1.gcp, us-central1.gcp, eu] }
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows:
                clientCredentials: { tokenUrl: "{{tokenUrl}}", scopes: {} }
        security:
          - oauth: []
        paths:
          /orders:
            get:
              operationId: listOrders
              responses: { "200": { description: ok } }
        """;

    [Fact]
    public void A_token_url_on_a_regional_host_takes_the_servers_region_variable()
    {
        var (connector, _, result, folder) = Valid(Regional("https://auth.us-central1.gcp.shop.example/oauth/token"));
        using var _ = folder;
        var method = connector["authMethods"]!.AsArray().Single(m => (string?)m!["type"] == "oauth2ClientCredentials")!;
        Assert.Equal("https://auth.{{region}}.shop.example/oauth/token", (string?)method["url"]);
        Assert.Contains(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("a value of the server variable region", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_url_on_a_host_without_a_server_variables_value_is_kept()
    {
        var (connector, _, result, folder) = Valid(Regional("https://login.shop.example/oauth/token"));
        using var _ = folder;
        var method = connector["authMethods"]!.AsArray().Single(m => (string?)m!["type"] == "oauth2ClientCredentials")!;
        Assert.Equal("https://login.shop.example/oauth/token", (string?)method["url"]);
        Assert.DoesNotContain(result.Report.Of(ReportKind.Guessed), e => e.Message.Contains("a value of the server variable", StringComparison.Ordinal));
    }
}
