using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Lightspeed Retail (X-Series) stand-in, as Lightspeed documents API 2.0: the store's domain prefix in the host,
/// a personal token or an OAuth access token of that store, version-cursor paging that ends with {"data": []} and no
/// version, the OAuth flow (/connect, the store's /api/1.0/token, rotating refresh tokens), the per-store window
/// with Retry-After as an HTTP date, and customer creation.
/// </summary>
public sealed class LightspeedXSeriesApiTests
{
    private const string Store = "https://" + LightspeedXSeriesApi.TestDomainPrefix + ".retail.lightspeed.app/api/2.0";
    private const string LiveStore = "https://" + LightspeedXSeriesApi.LiveDomainPrefix + ".retail.lightspeed.app";
    private static readonly (string, string) Personal = ("Authorization", "Bearer " + LightspeedXSeriesApi.TestPersonalToken);

    [Fact]
    public async Task Walking_after_version_max_yields_every_live_product_once_in_version_order_and_ends_on_an_empty_data_without_version()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(productCount: 530)]);
        using var client = TestApiClient.For(server);
        var versions = new List<long>();
        long after = 0;
        var pages = 0;
        JsonNode? last;
        while (true)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/products?page_size=200" + (after == 0 ? "" : $"&after={after}"), Personal));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            last = json;
            var data = json!["data"]!.AsArray();
            if (data.Count == 0)
            {
                break;
            }
            Assert.Equal(data[0]!["version"]!.GetValue<long>(), json["version"]!["min"]!.GetValue<long>());
            Assert.Equal(data[^1]!["version"]!.GetValue<long>(), json["version"]!["max"]!.GetValue<long>());
            Assert.All(data, p => Assert.Null(p!["deleted_at"]));
            versions.AddRange(data.Select(p => p!["version"]!.GetValue<long>()));
            after = json["version"]!["max"]!.GetValue<long>();
        }

        // 530 products less every 25th (21 deleted): 509 in pages of 200, 200, 109, then the empty one.
        var expected = Enumerable.Range(1, 530).Where(n => n % LightspeedXSeriesApi.DeletedEvery != 0).Select(n => LightspeedXSeriesApi.VersionOf("products", n));
        Assert.Equal(expected, versions);
        Assert.Equal(4, pages);
        Assert.Equal("""{"data":[]}""", last!.ToJsonString());
    }

    [Fact]
    public async Task Deleted_records_come_only_when_asked_and_before_bounds_the_versions()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(customerCount: 100)]);
        using var client = TestApiClient.For(server);

        var (_, live) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/customers", Personal));
        var (_, all) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/customers?deleted=true", Personal));
        var (_, bounded) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/customers?after={LightspeedXSeriesApi.VersionOf("customers", 10)}&before={LightspeedXSeriesApi.VersionOf("customers", 20)}", Personal));

        Assert.Equal(96, live!["data"]!.AsArray().Count);
        Assert.Equal(100, all!["data"]!.AsArray().Count);
        Assert.NotNull(all["data"]![24]!["deleted_at"]);
        Assert.Equal(Enumerable.Range(11, 10).Select(n => $"ACME-{n:D5}"), bounded!["data"]!.AsArray().Select(c => c!["customer_code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_page_size_over_the_maximum_is_served_as_the_maximum_and_a_page_size_or_after_that_is_no_number_is_400()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(saleCount: 1500)]);
        using var client = TestApiClient.For(server);

        var (big, bigBody) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/sales?page_size=5000", Personal));
        var (defaults, defaultBody) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/sales", Personal));
        var (badSize, badSizeBody) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/sales?page_size=lots", Personal));
        var (zero, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/sales?page_size=0", Personal));
        var (badAfter, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/sales?after=yesterday", Personal));

        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        Assert.Equal(LightspeedXSeriesApi.MaxPageSize, bigBody!["data"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        Assert.Equal(LightspeedXSeriesApi.DefaultPageSize, defaultBody!["data"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Equal("Bad Request", badSizeBody!["error"]!.GetValue<string>());
        Assert.NotNull(badSizeBody["message"]);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAfter.StatusCode);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_another_stores_token_and_an_unknown_domain_prefix_are_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi()]);
        using var client = TestApiClient.For(server);
        var token = await SignInAsync(client);

        var (missing, missingBody) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/products"));
        var (wrong, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/products", ("Authorization", "Bearer not-a-token")));
        var (otherStore, _) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/products", ("Authorization", "Bearer " + token["access_token"]!.GetValue<string>())));
        var (ownStore, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/products", ("Authorization", "Bearer " + token["access_token"]!.GetValue<string>())));
        var (personalElsewhere, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/products", Personal));
        var (unknown, unknownBody) = await client.SendJsonAsync(TestApiClient.Get("https://nosuchstore.retail.lightspeed.app/api/2.0/products", Personal));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Unauthorized", missingBody!["error"]!.GetValue<string>());
        Assert.NotNull(missingBody["message"]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherStore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownStore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, personalElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Not Found", unknownBody!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connect_redirects_with_code_domain_prefix_and_state_and_the_stores_token_endpoint_exchanges_it_once()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(accessTokenLifetime: TimeSpan.FromHours(24))]);
        using var client = TestApiClient.For(server);

        using var consent = await client.GetAsync(ConnectUrl(LightspeedXSeriesApi.RedirectUri));
        var callback = QueryHelpers.ParseQuery(consent.Headers.Location!.Query);
        var code = callback["code"].ToString();
        var (onOtherStore, otherStoreBody) = await client.SendJsonAsync(TokenRequest($"https://{LightspeedXSeriesApi.TestDomainPrefix}.retail.lightspeed.app", Grant(code)));
        // A code is good for one exchange, refused or not: each case below asks for a fresh one.
        var fresh = await CodeAsync(client);
        var (wrongSecret, wrongSecretBody) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(fresh, secret: "not-the-secret")));
        var fresher = await CodeAsync(client);
        var (asJson, _) = await client.SendJsonAsync(new HttpRequestMessage(HttpMethod.Post, $"{LiveStore}/api/1.0/token")
        {
            Content = new StringContent($$"""{"grant_type":"authorization_code","code":"{{fresher}}","client_id":"{{LightspeedXSeriesApi.ClientId}}","client_secret":"{{LightspeedXSeriesApi.ClientSecret}}","redirect_uri":"{{LightspeedXSeriesApi.RedirectUri}}"}""", Encoding.UTF8, "application/json"),
        });
        var good = await CodeAsync(client);
        var (ok, token) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(good)));
        var (reused, reusedBody) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(good)));
        var wrongRedirectCode = await CodeAsync(client);
        var (wrongRedirect, _) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(wrongRedirectCode, redirect: "https://evil.example.com/cb")));
        using var badApp = await client.GetAsync(ConnectUrl(LightspeedXSeriesApi.RedirectUri, clientId: "someone-else"));
        using var badRedirect = await client.GetAsync(ConnectUrl("https://evil.example.com/cb"));

        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        Assert.StartsWith(LightspeedXSeriesApi.RedirectUri + "?", consent.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(LightspeedXSeriesApi.LiveDomainPrefix, callback["domain_prefix"].ToString());
        Assert.Equal("st-42", callback["state"].ToString());
        Assert.Equal(HttpStatusCode.BadRequest, onOtherStore.StatusCode);
        Assert.Equal("invalid_grant", otherStoreBody!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", wrongSecretBody!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, asJson.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer", token!["token_type"]!.GetValue<string>());
        Assert.Equal(86400, token["expires_in"]!.GetValue<long>());
        Assert.InRange(token["expires"]!.GetValue<long>() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 86300, 86400);
        Assert.Equal(LightspeedXSeriesApi.LiveDomainPrefix, token["domain_prefix"]!.GetValue<string>());
        Assert.NotNull(token["refresh_token"]);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", reusedBody!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, wrongRedirect.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badApp.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRedirect.StatusCode);
    }

    [Fact]
    public async Task An_expired_access_token_is_refused_and_a_refresh_rotates_the_refresh_token()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(accessTokenLifetime: TimeSpan.FromMinutes(10), time: clock)]);
        using var client = TestApiClient.For(server);
        var token = await SignInAsync(client);
        var access = token["access_token"]!.GetValue<string>();
        var refresh = token["refresh_token"]!.GetValue<string>();

        clock.Advance(TimeSpan.FromMinutes(11));
        var (expired, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/products", ("Authorization", "Bearer " + access)));
        var (refreshed, renewed) = await client.SendJsonAsync(TokenRequest(LiveStore, Refresh(refresh)));
        var (again, againBody) = await client.SendJsonAsync(TokenRequest(LiveStore, Refresh(refresh)));
        var (works, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/products", ("Authorization", "Bearer " + renewed!["access_token"]!.GetValue<string>())));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(refresh, renewed["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", againBody!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task Every_answer_counts_down_the_stores_window_and_past_it_is_429_with_retry_after_as_an_http_date()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(quota: 3, window: TimeSpan.FromMinutes(5))]);
        using var client = TestApiClient.For(server);

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.SendAsync(TestApiClient.Get($"{Store}/products?page_size=1", Personal));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3", ok.Headers.GetValues("X-RateLimit-Limit").Single());
            remaining.Add(ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        var (limited, body) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/products?page_size=1", Personal));

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("Too Many Requests", body!["error"]!.GetValue<string>());
        var retryAfter = limited.Headers.GetValues("Retry-After").Single();
        Assert.Matches(@"^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$", retryAfter);
        var at = DateTimeOffset.ParseExact(retryAfter, "r", CultureInfo.InvariantCulture);
        Assert.InRange(at - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
    }

    [Fact]
    public async Task Creating_a_customer_answers_201_with_it_lists_it_last_and_refuses_a_nameless_one_and_a_used_code()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(customerCount: 10)]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Post(string body, string contentType = "application/json") =>
            TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Store}/customers") { Content = new StringContent(body, Encoding.UTF8, contentType) }, Personal);

        var (created, customer) = await client.SendJsonAsync(Post("""{"first_name":"Jo","last_name":"Bloggs","email":"jo@example.com","customer_code":"WEB-1"}"""));
        var (_, listed) = await client.SendJsonAsync(TestApiClient.Get($"{Store}/customers", Personal));
        var (nameless, namelessBody) = await client.SendJsonAsync(Post("""{"email":"nobody@example.com"}"""));
        var (used, usedBody) = await client.SendJsonAsync(Post("""{"first_name":"Al","customer_code":"WEB-1"}"""));
        var (badEmail, _) = await client.SendJsonAsync(Post("""{"first_name":"Al","email":"not-an-email"}"""));
        var (form, _) = await client.SendJsonAsync(Post("first_name=Al", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("WEB-1", customer!["data"]!["customer_code"]!.GetValue<string>());
        Assert.Equal("Jo Bloggs", customer["data"]!["name"]!.GetValue<string>());
        var data = listed!["data"]!.AsArray();
        Assert.Equal(11, data.Count); // the 10 there were, and the new one
        Assert.Equal(customer["data"]!["id"]!.GetValue<string>(), data[^1]!["id"]!.GetValue<string>());
        Assert.Equal(data[^1]!["version"]!.GetValue<long>(), listed["version"]!["max"]!.GetValue<long>());
        Assert.Equal((HttpStatusCode)422, nameless.StatusCode);
        Assert.NotNull(namelessBody!["details"]!["name"]);
        Assert.Equal((HttpStatusCode)422, used.StatusCode);
        Assert.NotNull(usedBody!["details"]!["customer_code"]);
        Assert.Equal((HttpStatusCode)422, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    [Fact]
    public async Task An_oauth_token_reaches_only_the_endpoints_of_its_scopes_and_connect_refuses_undeclared_or_missing_scopes()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi()]);
        using var client = TestApiClient.For(server);
        var (_, token) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(await CodeAsync(client, "products:read"))));
        var bearer = ("Authorization", "Bearer " + token!["access_token"]!.GetValue<string>());

        var (products, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/products", bearer));
        var (customers, customersBody) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/customers", bearer));
        var (create, _) = await client.SendJsonAsync(TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{LiveStore}/api/2.0/customers")
        {
            Content = new StringContent("""{"first_name":"Jo"}""", Encoding.UTF8, "application/json"),
        }, bearer));
        var (refreshed, renewed) = await client.SendJsonAsync(TokenRequest(LiveStore, Refresh(token["refresh_token"]!.GetValue<string>())));
        var (afterRefresh, _) = await client.SendJsonAsync(TestApiClient.Get($"{LiveStore}/api/2.0/customers", ("Authorization", "Bearer " + renewed!["access_token"]!.GetValue<string>())));
        using var undeclared = await client.GetAsync(ConnectUrl(LightspeedXSeriesApi.RedirectUri, scope: "products:read payments:write"));
        using var none = await client.GetAsync(ConnectUrl(LightspeedXSeriesApi.RedirectUri, scope: ""));

        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customers.StatusCode);
        Assert.Contains("customers:read", customersBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, afterRefresh.StatusCode); // a refresh keeps the scopes granted
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    /// <summary>
    /// The sample run into the store's window: 2 requests in 4 s (the sample sends one a second), a run of 6 pages.
    /// Each 429 names the end of the window as an HTTP date in Retry-After; the runner waits until then and the run
    /// still delivers every product once.
    /// </summary>
    [Fact]
    public async Task A_run_that_hits_the_window_waits_out_retry_after_dates_and_loses_nothing()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(productCount: 520, quota: 2, window: TimeSpan.FromSeconds(4))]);
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["LIGHTSPEED_X_SERIES_SANDBOX_PERSONAL_TOKEN"] = LightspeedXSeriesApi.TestPersonalToken });
        options = options with { Values = new Dictionary<string, string> { ["page_size"] = "100" } };

        var result = await Runs.SampleAsync("lightspeed-x-series", "list-products", "test.instance.json", options);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var versions = Runs.Records(result, "data").Select(p => p["version"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, 520).Where(n => n % LightspeedXSeriesApi.DeletedEvery != 0).Select(n => LightspeedXSeriesApi.VersionOf("products", n)), versions);
        var products = server.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/api/2.0/products", StringComparison.Ordinal)).ToList();
        Assert.True(products.Count > 6, $"{products.Count} requests: the window was never hit");
    }

    /// <summary>
    /// The sample's live instance end to end: the runner opens /connect, the stand-in consents and redirects to the
    /// runner's loopback listener, the code is exchanged at the store's token endpoint, every product arrives once,
    /// and a second run uses the refresh token without a browser.
    /// </summary>
    [Fact]
    public async Task The_samples_oauth_method_signs_in_pages_every_product_and_refreshes_without_a_browser()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new LightspeedXSeriesApi(productCount: 1100)]);
        var browser = new TestBrowser(server, "secure.retail.lightspeed.app");
        var tokens = new MemoryTokenStore();
        var secrets = new Dictionary<string, string> { ["lightspeed-x-series-app-client-secret"] = LightspeedXSeriesApi.ClientSecret };
        RunOptions Options() => new()
        {
            Secrets = new DictionarySecrets(secrets),
            Http = Runs.HttpFor(server),
            MaxPages = 10,
            SignIn = new LoopbackSignIn(browser, TimeSpan.FromSeconds(20)),
            TokenStore = tokens,
        };

        var first = await Runs.SampleAsync("lightspeed-x-series", "list-products", "live.instance.json", Options());
        TokenCache.Clear();
        var second = await Runs.SampleAsync("lightspeed-x-series", "list-customers", "live.instance.json", Options());

        Assert.True(first.Stop == StopReason.Completed, first.StopMessage);
        Assert.Equal(1100 - 1100 / LightspeedXSeriesApi.DeletedEvery, first.Records);
        Assert.Equal(3, first.Pages.Count); // 1,000, 56, and the empty page
        Assert.Equal(1, browser.Opened);
        Assert.Equal("secure.retail.lightspeed.app", new Uri(browser.LastUrl!).Host);
        Assert.Equal(LightspeedXSeriesApi.AppScopes, QueryHelpers.ParseQuery(new Uri(browser.LastUrl!).Query)["scope"].ToString());
        var grant = server.Log.Requests.First(r => r.PathAndQuery == "/api/1.0/token");
        Assert.Equal(LightspeedXSeriesApi.LiveDomainPrefix + ".retail.lightspeed.app", grant.Host);
        Assert.Contains("grant_type=authorization_code", grant.Body, StringComparison.Ordinal);
        Assert.True(second.Stop == StopReason.Completed, second.StopMessage);
        Assert.Equal(1, browser.Opened);
        Assert.Contains("grant_type=refresh_token", server.Log.Requests.Last(r => r.PathAndQuery == "/api/1.0/token").Body, StringComparison.Ordinal);
        Assert.DoesNotContain(LightspeedXSeriesApi.ClientSecret, RunResultJson.Write(first) + RunResultJson.Write(second), StringComparison.Ordinal);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static string ConnectUrl(string redirect, string clientId = LightspeedXSeriesApi.ClientId, string scope = LightspeedXSeriesApi.AppScopes) =>
        QueryHelpers.AddQueryString("https://secure.retail.lightspeed.app/connect", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirect, ["state"] = "st-42", ["scope"] = scope,
        });

    private static async Task<string> CodeAsync(HttpClient client, string scope = LightspeedXSeriesApi.AppScopes)
    {
        using var consent = await client.GetAsync(ConnectUrl(LightspeedXSeriesApi.RedirectUri, scope: scope));
        return QueryHelpers.ParseQuery(consent.Headers.Location!.Query)["code"].ToString();
    }

    private static Dictionary<string, string> Grant(string code, string secret = LightspeedXSeriesApi.ClientSecret, string redirect = LightspeedXSeriesApi.RedirectUri) => new()
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["client_id"] = LightspeedXSeriesApi.ClientId, ["client_secret"] = secret, ["redirect_uri"] = redirect,
    };

    private static Dictionary<string, string> Refresh(string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = LightspeedXSeriesApi.ClientId, ["client_secret"] = LightspeedXSeriesApi.ClientSecret,
    };

    private static HttpRequestMessage TokenRequest(string storeOrigin, Dictionary<string, string> fields) =>
        new(HttpMethod.Post, $"{storeOrigin}/api/1.0/token") { Content = new FormUrlEncodedContent(fields) };

    private static async Task<JsonNode> SignInAsync(HttpClient client)
    {
        var (response, token) = await client.SendJsonAsync(TokenRequest(LiveStore, Grant(await CodeAsync(client))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return token!;
    }
}
