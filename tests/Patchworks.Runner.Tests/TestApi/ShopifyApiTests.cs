using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The Shopify stand-in: Link-header cursors, since_id, GraphQL cursors, the token and the leaky bucket.</summary>
public sealed partial class ShopifyApiTests
{
    private const string Store = "https://acme-uk-dev.myshopify.com/admin/api/2024-10";
    private static readonly (string, string) Token = ("X-Shopify-Access-Token", ShopifyApi.AccessToken);

    [Fact]
    public async Task Following_the_next_links_yields_every_filtered_product_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(productCount: 600, bucketSize: 100)]);
        using var client = TestApiClient.For(server);
        var ids = new List<long>();
        string? url = $"{Store}/products.json?limit=50&product_type=Socks&status=active";
        var pages = 0;
        while (url is not null)
        {
            using var response = await client.SendAsync(TestApiClient.Get(url, Token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            ids.AddRange(body["products"]!.AsArray().Select(p => p!["id"]!.GetValue<long>()));
            var link = response.Headers.TryGetValues("Link", out var values) ? values.Single() : "";
            Assert.Equal(pages > 0, link.Contains("rel=\"previous\"", StringComparison.Ordinal));
            url = NextLink().Match(link) is { Success: true } match ? match.Groups[1].Value : null;
            pages++;
        }

        var expected = Enumerable.Range(1, 600).Where(id => id % 4 == 0 && id % 10 != 0 && id % 15 != 0).Select(id => (long)id).ToList();
        Assert.Equal(expected, ids);
        Assert.Equal((expected.Count + 49) / 50, pages);
    }

    [Fact]
    public async Task A_page_info_request_that_repeats_a_filter_is_refused_and_previous_goes_back()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(productCount: 30)]);
        using var client = TestApiClient.For(server);
        using var first = await client.SendAsync(TestApiClient.Get($"{Store}/products.json?limit=10", Token));
        var next = NextLink().Match(first.Headers.GetValues("Link").Single()).Groups[1].Value;

        using var repeated = await client.SendAsync(TestApiClient.Get(next + "&status=active", Token));
        using var second = await client.SendAsync(TestApiClient.Get(next, Token));
        var previous = PreviousLink().Match(second.Headers.GetValues("Link").Single()).Groups[1].Value;
        using var back = await client.SendAsync(TestApiClient.Get(previous, Token));

        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await back.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Since_id_pages_yield_every_customer_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(customerCount: 530)]);
        using var client = TestApiClient.For(server);
        var ids = new List<long>();
        while (true)
        {
            var since = ids.Count == 0 ? "" : $"&since_id={ids[^1]}";
            using var response = await client.SendAsync(TestApiClient.Get($"{Store}/customers.json?limit=250{since}", Token));
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["customers"]!.AsArray();
            ids.AddRange(page.Select(c => c!["id"]!.GetValue<long>()));
            if (page.Count < 250)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 530).Select(i => (long)i), ids);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GraphQl_cursor_pages_yield_every_variant_once_and_in_order(bool variablesAsText)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(variantCount: 520)]);
        using var client = TestApiClient.For(server);
        var ids = new List<string>();
        string? cursor = null; // the first page has no cursor, as Shopify's pagination guide shows
        var hasNext = true;
        while (hasNext)
        {
            var variables = new JsonObject { ["first"] = 250, ["after"] = cursor };
            var payload = new JsonObject
            {
                ["query"] = "query ProductVariants($first: Int!, $after: String) { productVariants(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                ["variables"] = variablesAsText ? variables.ToJsonString() : variables,
            };
            using var request = TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Store}/graphql.json")
            {
                Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
            }, Token);
            var (response, json) = await client.SendJsonAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var connection = json!["data"]!["productVariants"]!;
            ids.AddRange(connection["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            hasNext = connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            cursor = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(Enumerable.Range(1, 520).Select(i => $"gid://shopify/ProductVariant/{i}"), ids);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"bm90IGEgY3Vyc29y\"")]
    public async Task A_cursor_shopify_did_not_give_is_http_200_with_an_invalid_cursor_error_and_no_data(string after)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        using var client = TestApiClient.For(server);
        var payload = "{\"query\":\"query($first: Int!, $after: String) { productVariants(first: $first, after: $after) { nodes { id } } }\",\"variables\":{\"first\":10,\"after\":" + after + "}}";
        using var request = TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Store}/graphql.json") { Content = new StringContent(payload, Encoding.UTF8, "application/json") }, Token);

        var (response, json) = await client.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Invalid cursor for current pagination sort.", json!["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Null(json["data"]);
    }

    [Fact]
    public async Task A_wrong_token_gets_shopify_s_401()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        using var client = TestApiClient.For(server);

        var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/shop.json", ("X-Shopify-Access-Token", "shpat_wrong")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("[API] Invalid API key or access token", json!["errors"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overflowing_the_bucket_gets_429_with_retry_after_and_the_call_limit_then_it_drains()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(bucketSize: 3, leakPerSecond: 2, time: clock)]);
        using var client = TestApiClient.For(server);
        var limits = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.SendAsync(TestApiClient.Get($"{Store}/shop.json", Token));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            limits.Add(ok.Headers.GetValues("X-Shopify-Shop-Api-Call-Limit").Single());
        }

        using var refused = await client.SendAsync(TestApiClient.Get($"{Store}/shop.json", Token));
        var retryAfter = double.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        clock.Advance(TimeSpan.FromSeconds(retryAfter));
        using var again = await client.SendAsync(TestApiClient.Get($"{Store}/shop.json", Token));

        Assert.Equal(["1/3", "2/3", "3/3"], limits);
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("3/3", refused.Headers.GetValues("X-Shopify-Shop-Api-Call-Limit").Single());
        Assert.Equal("0.5", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task GraphQl_throttling_is_http_200_with_a_throttled_error_and_the_cost_extension()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(graphQlBucketSize: 30, graphQlRestorePerSecond: 1)]);
        using var client = TestApiClient.For(server);
        async Task<(HttpStatusCode, JsonNode)> QueryAsync()
        {
            var payload = "{\"query\":\"{ productVariants(first: $first) { nodes { id } } }\",\"variables\":{\"first\":10}}";
            using var request = TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Store}/graphql.json") { Content = new StringContent(payload, Encoding.UTF8, "application/json") }, Token);
            var (response, json) = await client.SendJsonAsync(request);
            return (response.StatusCode, json!);
        }

        var (_, first) = await QueryAsync();
        await QueryAsync();
        var (status, throttled) = await QueryAsync();

        Assert.Equal(12, first["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("THROTTLED", throttled["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Null(throttled["data"]);
    }

    [Fact]
    public async Task Raw_bodies_write_offsets_as_shopify_does_not_as_unicode_escapes()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        using var client = TestApiClient.For(server);

        using var response = await client.SendAsync(TestApiClient.Get($"{Store}/products.json?limit=1", Token));

        Assert.Contains("\"created_at\":\"2024-01-01T01:00:00+00:00\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_product_answers_201_with_the_new_id()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        using var client = TestApiClient.For(server);
        using var request = TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Store}/products.json")
        {
            Content = new StringContent("{\"product\":{\"title\":\"Wool socks\"}}", Encoding.UTF8, "application/json"),
        }, Token);

        var (response, json) = await client.SendJsonAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Wool socks", json!["product"]!["title"]!.GetValue<string>());
        Assert.True(json["product"]!["id"]!.GetValue<int>() > 0);
    }

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"previous\"")]
    private static partial Regex PreviousLink();
}
