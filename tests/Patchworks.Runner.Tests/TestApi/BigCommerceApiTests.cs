using System.Net;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The BigCommerce stand-in, as BigCommerce documents its REST Management API: the store hash in the path, the
/// X-Auth-Token of that store, v3 page/limit paging with meta.pagination, v2 orders with 204 past the last page, the
/// error shapes of each version, and the per-store rate-limit window with its headers.
/// </summary>
public sealed class BigCommerceApiTests
{
    private const string Store = "https://api.bigcommerce.com/stores/" + BigCommerceApi.TestStoreHash;
    private static readonly (string, string) Token = ("X-Auth-Token", BigCommerceApi.TestAccessToken);

    [Fact]
    public async Task Walking_v3_pages_yields_every_product_once_in_order_with_the_documented_meta()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(productCount: 620)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        for (var page = 1; ; page++)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products?page={page}&limit=250", Token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(json!["data"]!.AsArray().Select(p => p!["id"]!.GetValue<int>()));
            var pagination = json["meta"]!["pagination"]!;
            Assert.Equal(620, pagination["total"]!.GetValue<int>());
            Assert.Equal(3, pagination["total_pages"]!.GetValue<int>());
            Assert.Equal(page, pagination["current_page"]!.GetValue<int>());
            Assert.Equal($"?page={page}&limit=250", pagination["links"]!["current"]!.GetValue<string>());
            if (page == 3)
            {
                Assert.Null(pagination["links"]!["next"]);
                Assert.Equal(120, pagination["count"]!.GetValue<int>());
                break;
            }
            Assert.Equal($"?page={page + 1}&limit=250", pagination["links"]!["next"]!.GetValue<string>());
        }

        Assert.Equal(Enumerable.Range(1, 620), ids);
        var (_, defaults) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/customers", Token));
        Assert.Equal(50, defaults!["data"]!.AsArray().Count);
        Assert.Equal(50, defaults["meta"]!["pagination"]!["per_page"]!.GetValue<int>());
    }

    [Fact]
    public async Task V2_orders_are_a_bare_array_and_a_page_past_the_last_is_204_with_no_body()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(orderCount: 500)]);
        using var client = TestApiClient.For(server);

        var (second, orders) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v2/orders?page=2&limit=250", Token));
        using var past = await client.SendAsync(TestApiClient.Get($"{Store}/v2/orders?page=3&limit=250", Token));
        using var none = await client.SendAsync(TestApiClient.Get($"{Store}/v2/orders?status_id=4", Token));
        var (capped, big) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v2/orders?limit=1000", Token));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(Enumerable.Range(251, 250), orders!.AsArray().Select(o => o!["id"]!.GetValue<int>()));
        Assert.Matches(@"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$", orders[0]!["date_created"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, past.StatusCode);
        Assert.Equal("", await past.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.Equal(250, big!.AsArray().Count);
    }

    [Fact]
    public async Task A_missing_or_foreign_token_an_unknown_store_and_an_oversized_page_are_refused_in_each_versions_shape()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi()]);
        using var client = TestApiClient.For(server);

        var (missing, v3Body) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products"));
        var (foreign, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products", ("X-Auth-Token", BigCommerceApi.LiveAccessToken)));
        var (missingV2, v2Body) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v2/orders"));
        var (unknown, unknownBody) = await client.SendJsonAsync(TestApiClient.Get("https://api.bigcommerce.com/stores/nosuchstore/v3/catalog/products", Token));
        var (oversized, oversizedBody) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products?limit=251", Token));
        var (badSort, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products?sort=colour", Token));
        var (xml, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v2/orders", Token, ("Accept", "application/xml")));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(401, v3Body!["status"]!.GetValue<int>());
        Assert.NotNull(v3Body["title"]);
        Assert.Equal(BigCommerceApi.ErrorType, v3Body["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missingV2.StatusCode);
        Assert.Equal(401, v2Body!.AsArray().Single()!["status"]!.GetValue<int>());
        Assert.NotNull(v2Body[0]!["message"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(404, unknownBody!["status"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode)422, oversized.StatusCode);
        Assert.NotNull(oversizedBody!["errors"]!["limit"]);
        Assert.Equal((HttpStatusCode)422, badSort.StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, xml.StatusCode);
    }

    [Fact]
    public async Task Every_answer_counts_down_the_stores_window_and_past_the_quota_is_429_without_retry_after()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(quota: 3, window: TimeSpan.FromMinutes(5))]);
        using var client = TestApiClient.For(server);

        var lefts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.SendAsync(TestApiClient.Get($"{Store}/v3/customers?limit=1", Token));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            lefts.Add(ok.Headers.GetValues("X-Rate-Limit-Requests-Left").Single());
            Assert.Equal("3", ok.Headers.GetValues("X-Rate-Limit-Requests-Quota").Single());
            Assert.Equal("300000", ok.Headers.GetValues("X-Rate-Limit-Time-Window-Ms").Single());
        }
        var (limited, body) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/customers?limit=1", Token));
        using var otherStore = await client.SendAsync(TestApiClient.Get($"https://api.bigcommerce.com/stores/{BigCommerceApi.LiveStoreHash}/v3/customers?limit=1", ("X-Auth-Token", BigCommerceApi.LiveAccessToken)));

        Assert.Equal(["2", "1", "0"], lefts);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal(429, body!["status"]!.GetValue<int>());
        Assert.False(limited.Headers.Contains("Retry-After"));
        var resetMs = int.Parse(limited.Headers.GetValues("X-Rate-Limit-Time-Reset-Ms").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resetMs, 1, 300_000);
        Assert.True(limited.Headers.Contains("X-Retry-After"));
        Assert.Equal(HttpStatusCode.OK, otherStore.StatusCode);
    }

    [Fact]
    public async Task Updating_a_products_stock_answers_the_product_and_a_bad_field_422_with_its_name()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi()]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Put(string id, string body, string contentType = "application/json") =>
            TestApiClient.With(new HttpRequestMessage(HttpMethod.Put, $"{Store}/v3/catalog/products/{id}") { Content = new StringContent(body, Encoding.UTF8, contentType) }, Token);

        var (updated, product) = await client.SendJsonAsync(Put("77", "{\"inventory_tracking\":\"product\",\"inventory_level\":42}"));
        var (_, listed) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/v3/catalog/products?sku=BC-00077", Token));
        var (invalid, errors) = await client.SendJsonAsync(Put("77", "{\"inventory_level\":-1}"));
        var (unknown, _) = await client.SendJsonAsync(Put("99999", "{\"inventory_level\":1}"));
        var (form, _) = await client.SendJsonAsync(Put("77", "inventory_level=1", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(77, product!["data"]!["id"]!.GetValue<int>());
        Assert.Equal(42, product["data"]!["inventory_level"]!.GetValue<int>());
        Assert.Equal(42, listed!["data"]![0]!["inventory_level"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        Assert.NotNull(errors!["errors"]!["inventory_level"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    // --- GraphQL Storefront API ------------------------------------------------------------------------------------

    private const string Storefront = "https://store-" + BigCommerceApi.TestStoreHash + ".mybigcommerce.com/graphql";
    private const string ProductsQuery = "query P($first: Int!, $after: String) { site { products(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { entityId sku } } } } }";

    private static HttpRequestMessage GraphQl(string query, object? variables = null, string? token = BigCommerceApi.TestStorefrontToken, string url = Storefront)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { query, variables });
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return request;
    }

    [Fact]
    public async Task Graphql_cursors_walk_the_visible_products_once_in_order_and_the_last_page_says_no_next_page()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(productCount: 123)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var (response, json) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 50, after }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(int.Parse(response.Headers.GetValues("X-Bc-Graphql-Complexity").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= BigCommerceApi.ComplexityLimit);
            var products = json!["data"]!["site"]!["products"]!;
            var edges = products["edges"]!.AsArray();
            ids.AddRange(edges.Select(e => e!["node"]!["entityId"]!.GetValue<int>()));
            pages++;
            // Only the fields asked for: no name, no prices.
            Assert.Null(edges[0]!["node"]!["name"]);
            Assert.Equal(edges[^1]!["cursor"]!.GetValue<string>(), products["pageInfo"]!["endCursor"]!.GetValue<string>());
            if (!products["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }
            after = products["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(Enumerable.Range(1, 123).Where(n => n % 11 != 0), ids);
        Assert.Equal(3, pages); // 112 visible: 50, 50, 12
        Assert.Equal("arrayconnection:0", Encoding.UTF8.GetString(Convert.FromBase64String(BigCommerceApi.StorefrontCursor(0))));
    }

    [Fact]
    public async Task Graphql_first_over_50_a_foreign_cursor_an_unknown_field_and_a_too_complex_query_are_errors_with_http_200_and_no_data()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi()]);
        using var client = TestApiClient.For(server);
        const string tooComplex = "{ site { products(first: 50) { edges { node { entityId variants(first: 250) { edges { node { entityId sku } } } } } } } }";

        var (over, overJson) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 51 }));
        var (cursor, cursorJson) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 10, after = "bm90LWEtY3Vyc29y" }));
        var (field, fieldJson) = await client.SendJsonAsync(GraphQl("{ site { products(first: 2) { edges { node { entityId price } } } } }"));
        var (complex, complexJson) = await client.SendJsonAsync(GraphQl(tooComplex));
        var (mutation, mutationJson) = await client.SendJsonAsync(GraphQl("mutation { logout { result } }"));

        foreach (var (response, json) in new[] { (over, overJson), (cursor, cursorJson), (field, fieldJson), (complex, complexJson), (mutation, mutationJson) })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(json!["data"]);
            Assert.NotEmpty(json["errors"]!.AsArray());
        }
        Assert.Contains("between 1 and 50", overJson!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("doesn't exist on type 'Product'", fieldJson!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("The query is too complex as it has a complexity score of ", complexJson!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("out of 10000", complexJson["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(complex.Headers.Contains("X-Bc-Graphql-Complexity"));
    }

    [Fact]
    public async Task Graphql_needs_the_stores_own_bearer_token_and_rest_paths_are_not_served_on_the_storefront_host()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi()]);
        using var client = TestApiClient.For(server);

        var (missing, _) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 1 }, token: null));
        var (foreign, _) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 1 }, token: BigCommerceApi.LiveStorefrontToken));
        var (restToken, _) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 1 }, token: BigCommerceApi.TestAccessToken));
        var (live, liveJson) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 1 }, token: BigCommerceApi.LiveStorefrontToken, url: $"https://store-{BigCommerceApi.LiveStoreHash}.mybigcommerce.com/graphql"));
        var (restOnStorefront, _) = await client.SendJsonAsync(TestApiClient.Get($"https://store-{BigCommerceApi.TestStoreHash}.mybigcommerce.com/stores/{BigCommerceApi.TestStoreHash}/v3/catalog/products", Token));
        var (graphQlOnApi, _) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 1 }, url: "https://api.bigcommerce.com/graphql"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, restToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Single(liveJson!["data"]!["site"]!["products"]!["edges"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, restOnStorefront.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, graphQlOnApi.StatusCode);
    }

    [Fact]
    public async Task Graphql_on_a_store_without_visible_products_answers_no_edges_and_a_null_end_cursor()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BigCommerceApi(productCount: 0)]);
        using var client = TestApiClient.For(server);

        var (response, json) = await client.SendJsonAsync(GraphQl(ProductsQuery, new { first = 50 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var products = json!["data"]!["site"]!["products"]!;
        Assert.Empty(products["edges"]!.AsArray());
        Assert.False(products["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Null(products["pageInfo"]!["endCursor"]);
    }
}
