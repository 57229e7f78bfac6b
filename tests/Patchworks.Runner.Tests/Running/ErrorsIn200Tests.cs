using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Errors an API reports inside a 200: GraphQL errors (Shopify's invalid cursor and THROTTLED), SOAP faults, and
/// the endpoint's errorPath / errorWhen. Each rule has a case that triggers it and a near miss that does not.
/// </summary>
public sealed class ErrorsIn200Tests : IDisposable
{
    private static readonly Dictionary<string, string> ShopifySecrets = new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken };
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_shopify_sample_sends_no_cursor_on_the_first_page()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(variantCount: 30)]);

        var result = await Runs.SampleAsync("shopify", "list-product-variants-graphql", "uk-test.instance.json", Runs.OptionsFor(server, ShopifySecrets));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(30, result.Records);
        Assert.Contains("\"after\":null", result.Pages[0].Exchange.Request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graphql_body_without_a_cursor_variable_gets_none_on_the_first_page()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(variantCount: 15)]);
        var connector = GraphQlConnector("""{\"first\": 10}""",
            """{ "method": "graphqlCursor", "endCursorPath": "data.productVariants.pageInfo.endCursor", "hasNextPagePath": "data.productVariants.pageInfo.hasNextPage" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(15, result.Records);
        var first = System.Text.Json.Nodes.JsonNode.Parse(result.Pages[0].Exchange.Request.Body!)!["variables"]!.AsObject();
        var second = System.Text.Json.Nodes.JsonNode.Parse(result.Pages[1].Exchange.Request.Body!)!["variables"]!.AsObject();
        Assert.False(first.ContainsKey("after"), first.ToJsonString());
        Assert.False(string.IsNullOrEmpty(second["after"]?.GetValue<string>()), second.ToJsonString());
    }

    [Fact]
    public async Task A_graphql_error_in_a_200_fails_the_run_with_shopify_s_message()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        var connector = GraphQlConnector("""{\"first\": 10, \"after\": \"bm90IGEgY3Vyc29y\"}""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, ShopifySecrets));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.False(result.Succeeded);
        Assert.Equal("Page 1: 200 OK, but the API answered with errors and no data: Invalid cursor for current pagination sort.", result.StopMessage);
        Assert.Equal(200, result.Pages[0].Exchange.Response!.Status);
        Assert.Null(result.Pages[0].Records);
        Assert.Equal(0, result.Records);
    }

    [Fact]
    public async Task Shopify_throttling_in_a_200_is_waited_out_and_recorded_in_the_page_s_retries()
    {
        // 300 points restored at 500 a second: each 250-variant page costs 252, so pages 2 and 3 are throttled first.
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(graphQlBucketSize: 300, graphQlRestorePerSecond: 500)]);

        var result = await Runs.SampleAsync("shopify", "list-product-variants-graphql", "uk-test.instance.json", Runs.OptionsFor(server, ShopifySecrets));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(520, result.Records);
        Assert.Equal(Enumerable.Range(1, 520).Select(i => $"gid://shopify/ProductVariant/{i}"), Runs.Records(result, "data.productVariants.nodes").Select(r => r["id"]!.GetValue<string>()));
        var retries = result.Pages.Skip(1).SelectMany(p => p.Exchange.Retries).ToList();
        Assert.NotEmpty(retries);
        Assert.All(retries, r => Assert.Equal(200, r.Status));
        Assert.All(retries, r => Assert.StartsWith("throttled (in a 200 answer): waited ", r.Why, StringComparison.Ordinal));
        Assert.All(retries, r => Assert.InRange(r.WaitedMs, 100, 1000));
        Assert.Equal(retries.Sum(r => r.WaitedMs), result.RetryWaitMs, 1);
    }

    [Fact]
    public async Task Throttling_that_needs_a_longer_wait_than_the_runner_allows_fails_the_run()
    {
        // One point a second: the second page needs about 200 s, more than the runner's 60 s.
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(graphQlBucketSize: 300, graphQlRestorePerSecond: 1)]);

        var result = await Runs.SampleAsync("shopify", "list-product-variants-graphql", "uk-test.instance.json", Runs.OptionsFor(server, ShopifySecrets));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.StartsWith("Page 2: 200 OK, but the API answered with errors and no data: Throttled (the API asks to wait ", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(250, result.Records);
    }

    [Fact]
    public async Task An_empty_errors_array_beside_data_is_no_error()
    {
        await using var server = await Serve("""{ "data": { "items": [ { "id": 1 }, { "id": 2 } ] }, "errors": [] }""");

        var result = await Connectors.RunAsync(Connector(dataPath: "data.items"), Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(2, result.Records);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Errors_beside_data_keep_the_records_and_warn()
    {
        await using var server = await Serve("""{ "data": { "items": [ { "id": 1 } ] }, "errors": [ { "message": "Access denied for field cost", "path": ["items", 0, "cost"] } ] }""");

        var result = await Connectors.RunAsync(Connector(dataPath: "data.items"), Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(1, result.Records);
        Assert.Equal("Page 1 has data and errors besides (a partial answer; its records are kept): Access denied for field cost", Assert.Single(result.Warnings));
    }

    [Fact]
    public async Task A_json_errors_array_without_data_at_the_data_path_fails_the_run()
    {
        await using var server = await Serve("""{ "errors": [ "Unknown field: colour" ] }""");

        var result = await Connectors.RunAsync(Connector(), Runs.OptionsFor(server));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Equal("Page 1: 200 OK, but the API answered with errors and no data: Unknown field: colour", result.StopMessage);
    }

    [Theory]
    [InlineData("""{ "error": { "code": 17, "message": "The API key has no access to this shop" }, "items": [] }""", "The API key has no access to this shop")]
    [InlineData("""{ "error": "Rate plan exceeded", "items": [] }""", "Rate plan exceeded")]
    public async Task A_value_at_the_error_path_fails_the_run_with_it(string body, string message)
    {
        await using var server = await Serve(body);

        var result = await Connectors.RunAsync(Connector("\"errorPath\": \"error\""), Runs.OptionsFor(server));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Equal($"Page 1: 200 OK, but the API reported an error at \"error\": {message}", result.StopMessage);
    }

    [Theory]
    [InlineData("""{ "error": null, "items": [ { "id": 1 } ] }""")]
    [InlineData("""{ "error": "", "items": [ { "id": 1 } ] }""")]
    [InlineData("""{ "items": [ { "id": 1 } ] }""")]
    public async Task An_empty_or_absent_error_path_is_no_error(string body)
    {
        await using var server = await Serve(body);

        var result = await Connectors.RunAsync(Connector("\"errorPath\": \"error\""), Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(1, result.Records);
    }

    [Fact]
    public async Task Error_when_the_status_equals_error_fails_the_run_with_the_message_path()
    {
        await using var server = await Serve("""{ "status": "error", "message": "Unknown warehouse 'LDN2'", "items": [] }""");
        var connector = Connector(""" "errorWhen": { "path": "status", "equals": "error", "messagePath": "message" } """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Equal("Page 1: 200 OK, but the API reported an error (status is error): Unknown warehouse 'LDN2'", result.StopMessage);
    }

    [Theory]
    [InlineData("""{ "success": false, "items": [] }""", true)]
    [InlineData("""{ "success": true, "items": [ { "id": 1 } ] }""", false)]
    public async Task Error_when_compares_booleans(string body, bool fails)
    {
        await using var server = await Serve(body);
        var connector = Connector(""" "errorWhen": { "path": "success", "equals": false } """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(fails ? StopReason.ApiError : StopReason.Completed, result.Stop);
    }

    [Fact]
    public async Task Error_when_another_status_is_no_error()
    {
        await using var server = await Serve("""{ "status": "ok", "message": "3 items", "items": [ { "id": 1 }, { "id": 2 }, { "id": 3 } ] }""");
        var connector = Connector(""" "errorWhen": { "path": "status", "equals": "error", "messagePath": "message" } """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(3, result.Records);
    }

    [Theory]
    [InlineData("""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Session has expired</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>""",
        "Session has expired (soap:Server)")]
    [InlineData("""<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Text xml:lang="en">Invalid search clause</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>""",
        "Invalid search clause (env:Sender)")]
    public async Task A_soap_fault_in_a_200_fails_the_run_with_the_fault_string(string body, string message)
    {
        await using var server = await Serve(body, "text/xml; charset=utf-8");
        var connector = Connector(dataType: "xml", dataPath: "Items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.ApiError, result.Stop);
        Assert.Equal($"Page 1: 200 OK, but the API answered with a SOAP fault: {message}", result.StopMessage);
    }

    [Fact]
    public async Task A_fault_element_that_is_data_is_no_soap_fault()
    {
        await using var server = await Serve("""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Items><Item><Fault>None</Fault></Item><Item><Fault>Scratched</Fault></Item></Items></soap:Body></soap:Envelope>""", "text/xml");
        var connector = Connector(dataType: "xml", dataPath: "Items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(2, result.Records);
    }

    [Theory]
    [InlineData("-1", "Page 1: 200 OK, but the API reported an error (GetDataResult.ResponseId is -1): System : Session expired")]
    [InlineData("0", null)]
    public async Task Error_when_reads_xml_answers_as_peoplevox_reports_failures(string responseId, string? message)
    {
        // Peoplevox answers a failed call with HTTP 200, ResponseId -1 and the reason in Detail.
        await using var server = await Serve($"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetDataResponse xmlns="http://www.peoplevox.net/"><GetDataResult><ResponseId>{responseId}</ResponseId><TotalCount>1</TotalCount><Detail>{(responseId == "0" ? "Name\nSocks" : "System : Session expired")}</Detail></GetDataResult></GetDataResponse></soap:Body></soap:Envelope>""", "text/xml");
        var connector = Connector(""" "errorWhen": { "path": "GetDataResult.ResponseId", "equals": -1, "messagePath": "GetDataResult.Detail" } """, "xml", "GetDataResult.Detail");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(message is null ? StopReason.Completed : StopReason.ApiError, result.Stop);
        if (message is not null)
        {
            Assert.Equal(message, result.StopMessage);
        }
        else
        {
            Assert.Equal(1, result.Records);
        }
    }

    [Fact]
    public async Task A_soap_fault_with_http_500_names_the_fault_string()
    {
        await using var server = await Serve("""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Server did not recognize the value of HTTP Header SOAPAction: x.</faultstring></soap:Fault></soap:Body></soap:Envelope>""", "text/xml", 500);
        var connector = Connector(dataType: "xml", dataPath: "Items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.Equal("Page 1: 500 Internal Server Error. SOAP fault: Server did not recognize the value of HTTP Header SOAPAction: x. (soap:Client). The response body is in the result.", result.StopMessage);
    }

    private string GraphQlConnector(string variables, string? pagination = null) => _folder.Write("graphql.connector.json", $$"""
        {
          "name": "GraphQL test",
          "version": { "number": 1, "name": "1" },
          "systemType": "Other",
          "protocol": "HTTP",
          "colour": "blue",
          "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
          "endpoints": [
            {
              "id": "list",
              "name": "List",
              "entityType": "products",
              "direction": "receive",
              "method": "POST",
              "url": "https://test-store.myshopify.com/admin/api/2024-10/graphql.json",
              "dataType": "json",
              "headers": [ { "key": "Content-Type", "value": "application/json" }, { "key": "X-Shopify-Access-Token", "value": "{{ShopifyApi.AccessToken}}" } ],
              "body": [
                { "key": "query", "value": "query($first: Int!, $after: String) { productVariants(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }" },
                { "key": "variables", "value": "{{variables}}" }
              ],
              "dataPath": "data.productVariants.nodes"
              {{(pagination is null ? "" : ", \"pagination\": " + pagination)}}
            }
          ]
        }
        """);

    /// <summary>A connector with one endpoint "list" at https://errors.test/page, with more endpoint members (JSON, no braces).</summary>
    private string Connector(string? extra = null, string dataType = "json", string dataPath = "items") =>
        Connectors.Write(_folder, "https://errors.test/page", extra: extra, dataType: dataType, dataPath: dataPath);

    private static Task<TestApiServer> Serve(string body, string contentType = "application/json", int status = 200) =>
        TestApiServer.StartAsync(apis: [new InlineApi("errors.test", routes => routes.MapGet("/page", () => Results.Text(body, contentType, System.Text.Encoding.UTF8, status)))]);
}
