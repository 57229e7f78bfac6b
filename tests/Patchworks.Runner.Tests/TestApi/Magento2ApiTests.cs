using System.Net;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Magento 2 stand-in, as Adobe documents the REST API: the store view code in the path, the integration's OAuth 1.0a signature or (where the store allows it) bearer
/// token, searchCriteria paging with total_count and the last page served again past the end, filter groups, the
/// {message, parameters} error shape, and PUT products/{sku} with its {"product": {...}} wrapper.
/// </summary>
public sealed class Magento2ApiTests
{
    private const string Rest = "https://" + Magento2Api.TestStoreDomain + "/rest/default/V1";
    private static readonly (string, string) Token = ("Authorization", "Bearer " + Magento2Api.TestAccessToken);

    [Fact]
    public async Task Walking_pages_yields_every_product_once_and_a_page_past_the_end_is_the_last_page_again()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api(productCount: 250)]);
        using var client = TestApiClient.For(server);
        var skus = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[currentPage]={page}&searchCriteria[pageSize]=100", Token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(250, json!["total_count"]!.GetValue<int>());
            Assert.Equal(page, json["search_criteria"]!["current_page"]!.GetValue<int>());
            skus.AddRange(json["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()));
        }
        var (_, past) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[currentPage]=4&searchCriteria[pageSize]=100", Token));
        var (_, farPast) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[currentPage]=99&searchCriteria[pageSize]=100", Token));

        Assert.Equal(Enumerable.Range(1, 250).Select(Magento2Api.Sku), skus);
        Assert.Equal(Enumerable.Range(201, 50).Select(Magento2Api.Sku), past!["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()));
        Assert.Equal(250, past["total_count"]!.GetValue<int>());
        Assert.Equal(50, farPast!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Filter_groups_and_sorting_select_orders_and_a_filter_that_matches_nothing_is_an_empty_list()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api(orderCount: 250)]);
        using var client = TestApiClient.For(server);
        const string Since = "searchCriteria[filter_groups][0][filters][0][field]=updated_at&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq&searchCriteria[filter_groups][0][filters][0][value]=";

        // Order n is updated at 2024-03-01 10:00 plus 2n hours: from 2024-03-10 00:00 on is n >= 103.
        var (ok, since) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?{Since}2024-03-10%2000:00:00&searchCriteria[pageSize]=300", Token));
        var (_, none) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?{Since}2030-01-01%2000:00:00&searchCriteria[currentPage]=3&searchCriteria[pageSize]=100", Token));
        // Two filters in one group are ORed; a second group is ANDed.
        var (_, either) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?searchCriteria[filter_groups][0][filters][0][field]=increment_id&searchCriteria[filter_groups][0][filters][0][value]=000000007"
            + "&searchCriteria[filter_groups][0][filters][1][field]=increment_id&searchCriteria[filter_groups][0][filters][1][value]=000000009"
            + "&searchCriteria[filter_groups][1][filters][0][field]=entity_id&searchCriteria[filter_groups][1][filters][0][value]=8&searchCriteria[filter_groups][1][filters][0][condition_type]=gt"
            + "&searchCriteria[sortOrders][0][field]=entity_id&searchCriteria[sortOrders][0][direction]=DESC", Token));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(148, since!["total_count"]!.GetValue<int>());
        Assert.Equal(103, since["items"]![0]!["entity_id"]!.GetValue<int>());
        Assert.Equal("2024-03-10 00:00:00", since["items"]![0]!["updated_at"]!.GetValue<string>());
        Assert.Equal(0, none!["total_count"]!.GetValue<int>());
        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal([9], either!["items"]!.AsArray().Select(o => o!["entity_id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_missing_or_foreign_token_an_unknown_store_code_and_bad_search_criteria_are_refused_with_message_and_parameters()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);

        var (missing, missingBody) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[pageSize]=1"));
        var (foreign, ordersBody) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?searchCriteria[pageSize]=1", ("Authorization", "Bearer " + Magento2Api.LiveAccessToken)));
        var (unknownStore, unknownBody) = await client.SendJsonAsync(TestApiClient.Get($"https://{Magento2Api.TestStoreDomain}/rest/nosuchview/V1/products?searchCriteria[pageSize]=1", Token));
        var (noCriteria, noCriteriaBody) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/customers/search", Token));
        var (oversized, oversizedBody) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[pageSize]=301", Token));
        var (badPage, _) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[currentPage]=0", Token));
        var (badField, _) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?searchCriteria[filter_groups][0][filters][0][field]=colour&searchCriteria[filter_groups][0][filters][0][value]=red", Token));
        var (badCondition, _) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/orders?searchCriteria[filter_groups][0][filters][0][field]=status&searchCriteria[filter_groups][0][filters][0][value]=x&searchCriteria[filter_groups][0][filters][0][condition_type]=near", Token));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("The consumer isn't authorized to access %resources.", missingBody!["message"]!.GetValue<string>());
        Assert.Equal(Magento2Api.ProductsResource, missingBody["parameters"]!["resources"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(Magento2Api.OrdersResource, ordersBody!["parameters"]!["resources"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknownStore.StatusCode);
        Assert.NotNull(unknownBody!["message"]);
        Assert.Equal(HttpStatusCode.BadRequest, noCriteria.StatusCode);
        Assert.Equal("searchCriteria", noCriteriaBody!["parameters"]!["fieldName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Equal(Magento2Api.MaxPageSize, oversizedBody!["parameters"]!["max"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCondition.StatusCode);
    }

    [Fact]
    public async Task Putting_a_product_needs_the_product_wrapper_and_its_own_sku_and_later_reads_show_the_stock()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Put(string sku, string body, string contentType = "application/json") =>
            TestApiClient.With(new HttpRequestMessage(HttpMethod.Put, $"{Rest}/products/{sku}") { Content = new StringContent(body, Encoding.UTF8, contentType) }, Token);

        var (updated, product) = await client.SendJsonAsync(Put(Magento2Api.SampleSku, "{\"product\":{\"sku\":\"MT-00077\",\"price\":19.99,\"extension_attributes\":{\"stock_item\":{\"qty\":42,\"is_in_stock\":true}}}}"));
        var (_, listed) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0][value]=MT-00077", Token));
        var (unwrapped, unwrappedBody) = await client.SendJsonAsync(Put(Magento2Api.SampleSku, "{\"price\":19.99}"));
        var (otherSku, _) = await client.SendJsonAsync(Put(Magento2Api.SampleSku, "{\"product\":{\"sku\":\"MT-00078\",\"price\":1}}"));
        var (badQty, _) = await client.SendJsonAsync(Put(Magento2Api.SampleSku, "{\"product\":{\"extension_attributes\":{\"stock_item\":{\"qty\":\"lots\"}}}}"));
        var (unknown, unknownBody) = await client.SendJsonAsync(Put("NO-SUCH-SKU", "{\"product\":{\"price\":1}}"));
        var (form, _) = await client.SendJsonAsync(Put(Magento2Api.SampleSku, "price=1", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("MT-00077", product!["sku"]!.GetValue<string>());
        Assert.Equal(19.99, product["price"]!.GetValue<double>());
        Assert.Equal(42, product["extension_attributes"]!["stock_item"]!["qty"]!.GetValue<double>());
        Assert.Equal(42, listed!["items"]![0]!["extension_attributes"]!["stock_item"]!["qty"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.BadRequest, unwrapped.StatusCode);
        Assert.Equal("product", unwrappedBody!["parameters"]!["fieldName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, otherSku.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("The product that was requested doesn't exist. Verify the product and try again.", unknownBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    // --- OAuth 1.0a (the default since 2.4.4) ------------------------------------------------------------------

    [Fact]
    public async Task Oauth1_signed_requests_pass_on_both_stores_and_a_wrong_secret_a_replayed_nonce_or_a_stale_timestamp_are_401()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);
        const string live = "https://" + Magento2Api.LiveStoreDomain + "/rest/default/V1/products?searchCriteria[pageSize]=5&searchCriteria[currentPage]=2";
        const string staging = Rest + "/orders?searchCriteria[pageSize]=3";

        var (liveOk, liveBody) = await client.SendJsonAsync(Signed(HttpMethod.Get, live, Live));
        var (stagingOk, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, staging, Staging));
        var (sha1, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, staging, Staging, method: "HMAC-SHA1"));
        var (plaintext, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, staging, Staging, method: "PLAINTEXT"));
        var (wrongConsumerSecret, wrongBody) = await client.SendJsonAsync(Signed(HttpMethod.Get, live, Live with { ConsumerSecret = "not-it" }));
        var (wrongTokenSecret, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, live, Live with { TokenSecret = "not-it" }));
        var (otherStoresIntegration, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, live, Staging));
        var first = Signed(HttpMethod.Get, staging, Staging, nonce: "fixed-nonce");
        var timestamp = long.Parse(OAuth1Signature.ParseAuthorizationHeader(first.Headers.GetValues("Authorization").Single())!["oauth_timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        var (firstUse, _) = await client.SendJsonAsync(first);
        var (replayed, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, staging, Staging, nonce: "fixed-nonce", timestamp: timestamp));
        var (stale, _) = await client.SendJsonAsync(Signed(HttpMethod.Get, staging, Staging, timestamp: DateTimeOffset.UtcNow.AddMinutes(-11).ToUnixTimeSeconds()));
        // The signature covers the query: the same header on another page is refused.
        var signedPage1 = Signed(HttpMethod.Get, staging, Staging);
        var tampered = new HttpRequestMessage(HttpMethod.Get, staging + "&searchCriteria[currentPage]=2");
        tampered.Headers.TryAddWithoutValidation("Authorization", signedPage1.Headers.GetValues("Authorization").Single());
        var (tamperedQuery, _) = await client.SendJsonAsync(tampered);

        Assert.Equal(HttpStatusCode.OK, liveOk.StatusCode);
        Assert.Equal(5, liveBody!["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, stagingOk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sha1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstUse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plaintext.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongConsumerSecret.StatusCode);
        Assert.Equal("The consumer isn't authorized to access %resources.", wrongBody!["message"]!.GetValue<string>());
        Assert.Equal(Magento2Api.ProductsResource, wrongBody["parameters"]!["resources"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongTokenSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherStoresIntegration.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tamperedQuery.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_works_only_on_a_store_that_allows_it_and_the_live_store_keeps_the_default()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new Magento2Api()]);
        using var client = TestApiClient.For(server);

        var (staging, _) = await client.SendJsonAsync(TestApiClient.Get($"{Rest}/products?searchCriteria[pageSize]=1", Token));
        using var liveRequest = TestApiClient.Get($"https://{Magento2Api.LiveStoreDomain}/rest/default/V1/products?searchCriteria[pageSize]=1", ("Authorization", "Bearer " + Magento2Api.LiveAccessToken));
        var (live, liveBody) = await client.SendJsonAsync(liveRequest);

        Assert.Contains(Magento2Api.TestStoreDomain, Magento2Api.BearerTokenStores);
        Assert.DoesNotContain(Magento2Api.LiveStoreDomain, Magento2Api.BearerTokenStores);
        Assert.Equal(HttpStatusCode.OK, staging.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, live.StatusCode);
        Assert.Equal("The consumer isn't authorized to access %resources.", liveBody!["message"]!.GetValue<string>());
    }

    private static readonly OAuth1Verifier.Credentials Staging = Magento2Api.Integrations[Magento2Api.TestStoreDomain];
    private static readonly OAuth1Verifier.Credentials Live = Magento2Api.Integrations[Magento2Api.LiveStoreDomain];

    /// <summary>A request signed as the sample's integration-oauth1 method signs: OAuth header, no realm, HMAC-SHA256 by default.</summary>
    private static HttpRequestMessage Signed(HttpMethod httpMethod, string url, OAuth1Verifier.Credentials credentials, string method = "HMAC-SHA256", string? nonce = null, long? timestamp = null)
    {
        var uri = new Uri(url);
        var oauth = new Dictionary<string, string>
        {
            ["oauth_consumer_key"] = credentials.ConsumerKey,
            ["oauth_token"] = credentials.Token,
            ["oauth_signature_method"] = method,
            ["oauth_timestamp"] = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["oauth_nonce"] = nonce ?? Guid.NewGuid().ToString("N"),
            ["oauth_version"] = "1.0",
        };
        var baseString = OAuth1Signature.BaseString(httpMethod.Method, OAuth1Signature.BaseUri(uri.Scheme, uri.Host, null, uri.AbsolutePath),
            OAuth1Signature.ParseForm(uri.Query).Concat(oauth.Select(p => (p.Key, p.Value))));
        oauth["oauth_signature"] = method == "PLAINTEXT" ? "x" : OAuth1Signature.Sign(method, baseString, credentials.ConsumerSecret, credentials.TokenSecret);
        var request = new HttpRequestMessage(httpMethod, url);
        request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + string.Join(", ", oauth.Select(p => $"{p.Key}=\"{OAuth1Signature.Encode(p.Value)}\"")));
        return request;
    }
}
