using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The Shopware 6 stand-in: the OAuth token endpoint's grants, expiring tokens, JSON:API links.next.</summary>
public sealed class ShopwareApiTests
{
    private const string Live = "https://www.acme-outdoor.de";
    private const string Staging = "https://staging.acme-outdoor.de";
    private static readonly (string, string) JsonApi = ("Accept", "application/vnd.api+json");

    [Fact]
    public async Task Following_links_next_with_a_client_credentials_token_yields_every_product_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi(productCount: 250)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client, Live, new() { ["grant_type"] = "client_credentials", ["client_id"] = ShopwareApi.AccessKeyId, ["client_secret"] = ShopwareApi.SecretAccessKey });

        var ids = await WalkAsync(client, $"{Live}/api/product?limit=100&total-count-mode=1", token["access_token"]!.GetValue<string>());

        Assert.Equal(Enumerable.Range(1, 250).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)), ids);
        Assert.Equal(600, token["expires_in"]!.GetValue<int>());
        Assert.Null(token["refresh_token"]);
    }

    [Fact]
    public async Task The_password_grant_gives_a_refresh_token_that_works_once_and_term_filters_across_pages()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi(productCount: 250)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client, Staging, new() { ["grant_type"] = "password", ["client_id"] = "administration", ["username"] = ShopwareApi.AdminUsername, ["password"] = ShopwareApi.AdminPassword, ["scope"] = "write" });
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = "administration", ["refresh_token"] = token["refresh_token"]!.GetValue<string>() };

        var ids = await WalkAsync(client, $"{Staging}/api/product?limit=10&total-count-mode=1&term=merino", token["access_token"]!.GetValue<string>());
        using var refreshed = await client.PostAsync($"{Staging}/api/oauth/token", new FormUrlEncodedContent(refresh));
        using var reused = await client.PostAsync($"{Staging}/api/oauth/token", new FormUrlEncodedContent(refresh));

        Assert.Equal(Enumerable.Range(1, 250).Where(i => i % 3 == 0).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)), ids);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_with_shopware_s_error_bodies()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi()]);
        using var client = TestApiClient.For(server);

        using var badSecret = await client.PostAsync($"{Live}/api/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = ShopwareApi.AccessKeyId, ["client_secret"] = "wrong" }));
        using var badPassword = await client.PostAsync($"{Live}/api/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = "administration", ["username"] = ShopwareApi.AdminUsername, ["password"] = "wrong" }));
        var (noToken, body) = await client.SendJsonAsync(TestApiClient.Get($"{Live}/api/product", JsonApi));

        Assert.Equal(HttpStatusCode.Unauthorized, badSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("9", body!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Access_tokens_expire_and_belong_to_the_shop_that_issued_them()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi(tokenLifetime: TimeSpan.FromMinutes(10), time: clock)]);
        using var client = TestApiClient.For(server);
        var token = (await TokenAsync(client, Live, new() { ["grant_type"] = "client_credentials", ["client_id"] = ShopwareApi.AccessKeyId, ["client_secret"] = ShopwareApi.SecretAccessKey }))["access_token"]!.GetValue<string>();

        var fresh = await SendAsync(client, $"{Live}/api/order?limit=1", token);
        var otherShop = await SendAsync(client, $"{Staging}/api/order?limit=1", token);
        clock.Advance(TimeSpan.FromMinutes(9.9));
        var almost = await SendAsync(client, $"{Live}/api/order?limit=1", token);
        clock.Advance(TimeSpan.FromMinutes(0.1));
        var expired = await SendAsync(client, $"{Live}/api/order?limit=1", token);

        Assert.Equal(HttpStatusCode.OK, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, otherShop);
        Assert.Equal(HttpStatusCode.OK, almost);
        Assert.Equal(HttpStatusCode.Unauthorized, expired);
    }

    [Fact]
    public async Task Without_an_exact_total_or_without_json_api_there_is_no_next_link()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi(orderCount: 30)]);
        using var client = TestApiClient.For(server);
        var token = (await TokenAsync(client, Live, new() { ["grant_type"] = "client_credentials", ["client_id"] = ShopwareApi.AccessKeyId, ["client_secret"] = ShopwareApi.SecretAccessKey }))["access_token"]!.GetValue<string>();

        var (_, modeZero) = await client.SendJsonAsync(Authorised(TestApiClient.Get($"{Live}/api/order?limit=10", JsonApi), token));
        var (_, plain) = await client.SendJsonAsync(Authorised(TestApiClient.Get($"{Live}/api/order?limit=10&total-count-mode=1", ("Accept", "application/json")), token));

        Assert.Null(modeZero!["links"]!["next"]);
        Assert.Equal(10, modeZero["meta"]!["total"]!.GetValue<int>());
        Assert.Null(plain!["links"]);
        Assert.Equal(30, plain["total"]!.GetValue<int>());
        Assert.Equal("order", plain["data"]![0]!["apiAlias"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_credentials_may_come_as_http_basic_and_an_empty_bearer_header_is_ignored()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopwareApi()]);
        using var client = TestApiClient.For(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Live}/api/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ShopwareApi.AccessKeyId}:{ShopwareApi.SecretAccessKey}")));
        using var bearer = new HttpRequestMessage(HttpMethod.Post, $"{Live}/api/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = ShopwareApi.AccessKeyId, ["client_secret"] = ShopwareApi.SecretAccessKey }),
        };
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer ");

        using var basic = await client.SendAsync(request);
        using var withEmptyBearer = await client.SendAsync(bearer);

        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withEmptyBearer.StatusCode);
    }

    private static async Task<JsonNode> TokenAsync(HttpClient client, string shop, Dictionary<string, string> fields)
    {
        using var response = await client.PostAsync($"{shop}/api/oauth/token", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static HttpRequestMessage Authorised(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = TestApiClient.Bearer(token);
        return request;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string url, string token)
    {
        using var response = await client.SendAsync(Authorised(TestApiClient.Get(url, JsonApi), token));
        return response.StatusCode;
    }

    private static async Task<List<string>> WalkAsync(HttpClient client, string url, string token)
    {
        var ids = new List<string>();
        string? next = url;
        while (next is not null)
        {
            var (response, json) = await client.SendJsonAsync(Authorised(TestApiClient.Get(next, JsonApi), token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(json!["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            next = json["links"]!["next"]?.GetValue<string>();
        }
        return ids;
    }
}
