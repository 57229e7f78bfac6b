using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>An API key in the query, a pre-request auth script, the max-records guard, and Shopify's leaky bucket under a real sample.</summary>
public sealed class MoreAuthAndGuardTests : IDisposable
{
    private const string Key = "query-key-3f9a1c77";
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static InlineApi KeyedPages() => new("keyed.test", routes => routes.MapGet("/items", (HttpContext context, int? page) =>
        context.Request.Query["api_key"] != Key
            ? Results.Json(new { error = "bad key" }, statusCode: 401)
            : Results.Json(new { items = Enumerable.Range(((page ?? 1) - 1) * 10 + 1, 10).Select(id => new { id }) })));

    [Fact]
    public async Task An_api_key_in_the_query_is_sent_and_redacted_in_every_url()
    {
        await using var server = await TestApiServer.StartAsync(apis: [KeyedPages()]);
        var connector = Connectors.Write(_folder, "https://keyed.test/items", """{ "method": "pageNumber", "pageParam": "page", "limit": 10 }""",
            authMethod: $$"""
            { "id": "key", "name": "Key", "type": "apiKey",
              "variables": [ { "key": "api_key", "displayName": "API key", "secret": true, "default": "{{Key}}" } ],
              "apiKey": { "in": "query", "name": "api_key", "value": "{{"{{"}}api_key{{"}}"}}" } }
            """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 3));

        Assert.Equal(StopReason.MaxPages, result.Stop);
        Assert.Equal(30, result.Records);
        Assert.All(server.Log.Requests, r => Assert.Contains($"api_key={Key}", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal("https://keyed.test/items?page=2&api_key=••••••", result.Pages[1].Exchange.Request.Url);
        Assert.DoesNotContain(Key, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_records_stops_once_that_many_have_arrived()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(pageSize: 10, pageCount: 9)]);
        var connector = Connectors.Write(_folder, "https://trouble.test/pages/relative", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");
        var options = Runs.OptionsFor(server);

        var result = await Connectors.RunAsync(connector, new RunOptions { Http = options.Http, MaxRecords = 25 });

        Assert.Equal(StopReason.MaxRecords, result.Stop);
        Assert.Equal("Stopped after 30 records (the limit of 25).", result.StopMessage);
        Assert.Equal(3, result.Pages.Count);
    }

    [Fact]
    public async Task A_pre_request_script_changes_the_token_request()
    {
        var grants = new List<string>();
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("auth.test", routes =>
        {
            routes.MapPost("/token", async (HttpContext context) =>
            {
                grants.Add(await new StreamReader(context.Request.Body).ReadToEndAsync());
                return context.Request.Headers["X-Signed"] == "yes"
                    ? Results.Json(new { access_token = "tok-pre-91", expires_in = 3600 })
                    : Results.Json(new { error = "unsigned" }, statusCode: 400);
            });
            routes.MapGet("/items", () => Results.Json(new { items = new[] { new { id = 1 } } }));
        })]);
        _folder.Write("pre.js", """
            module.exports = async function handle(data) {
                const request = JSON.parse(data.payload);
                request.headers['X-Signed'] = 'yes';
                console.log('signed the token request');
                return { ...data, payload: JSON.stringify(request) };
            };
            """);
        var connector = Connectors.Write(_folder, "https://auth.test/items", authMethod: """
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "https://auth.test/token",
              "oauth2": { "clientId": "c1", "clientSecret": "s1" }, "preRequestScript": { "$ref": "pre.js" } }
            """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.True(result.Stop == StopReason.Completed, result.StopMessage);
        Assert.Single(grants);
        Assert.Equal(["signed the token request"], result.ScriptLog);
    }

    [Fact]
    public async Task Shopify_s_leaky_bucket_429s_are_waited_out_and_every_product_still_arrives_once()
    {
        // The sample's rate limit (2 a second) keeps a normal bucket from overflowing; a bucket of 1 leaking 1 a
        // second overflows at that pace, so Shopify answers 429 with Retry-After.
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(productCount: 3000, bucketSize: 1, leakPerSecond: 1)]);

        var result = await Runs.SampleAsync("shopify", "list-products", "uk-test.instance.json",
            Runs.OptionsFor(server, new Dictionary<string, string> { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken }));

        Assert.True(result.Stop == StopReason.Completed, result.StopMessage);
        Assert.Equal(600, Runs.Ids(result, "products").Distinct().Count());
        Assert.Equal(600, result.Records);
        Assert.Contains(result.Pages, p => p.Exchange.Retries.Any(r => r.Status == 429));
    }
}
