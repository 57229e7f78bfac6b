using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Akeneo PIM stand-in, as Akeneo documents its REST API: the password grant with the connection's client id and
/// secret as HTTP Basic (422 refusals), one-hour tokens and rotating refresh tokens, HAL lists with limit at most 100,
/// next links whenever a page is full (offset and search_after), the opaque search_after cursor, the product PATCH
/// (single and the NDJSON collection) and the fair-use limits.
/// </summary>
[Collection(Infrastructure.TokenCacheCollection.Name)]
public sealed class AkeneoApiTests
{
    private const string Origin = "https://" + AkeneoApi.TestHost;
    private const string Api = Origin + "/api/rest/v1";

    [Fact]
    public async Task The_password_grant_wants_the_connection_as_basic_and_the_user_and_refuses_with_422()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi()]);
        using var client = TestApiClient.For(server);

        var (ok, token) = await client.SendJsonAsync(TokenRequest(Password()));
        var (asJson, jsonToken) = await client.SendJsonAsync(TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Origin}/api/oauth/v1/token")
        {
            Content = new StringContent($$"""{"grant_type":"password","username":"{{AkeneoApi.TestUsername}}","password":"{{AkeneoApi.TestPassword}}"}""", Encoding.UTF8, "application/json"),
        }, Basic()));
        var (noBasic, noBasicBody) = await client.SendJsonAsync(new HttpRequestMessage(HttpMethod.Post, $"{Origin}/api/oauth/v1/token") { Content = new FormUrlEncodedContent(Password()) });
        var (wrongSecret, _) = await client.SendJsonAsync(TokenRequest(Password(), AkeneoApi.TestClientId, "not-the-secret"));
        var (liveConnection, _) = await client.SendJsonAsync(TokenRequest(Password(), AkeneoApi.LiveClientId, AkeneoApi.LiveSecret));
        var (wrongPassword, wrongPasswordBody) = await client.SendJsonAsync(TokenRequest(Password(password: "not-the-password")));
        var (noGrant, _) = await client.SendJsonAsync(TokenRequest(new() { ["username"] = AkeneoApi.TestUsername, ["password"] = AkeneoApi.TestPassword }));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3600, token!["expires_in"]!.GetValue<int>());
        Assert.Equal("bearer", token["token_type"]!.GetValue<string>());
        Assert.Null(token["scope"]);
        Assert.NotNull(token["refresh_token"]);
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        Assert.NotNull(jsonToken!["access_token"]);
        Assert.Equal((HttpStatusCode)422, noBasic.StatusCode);
        Assert.Equal(422, noBasicBody!["code"]!.GetValue<int>());
        Assert.Contains("client_id", noBasicBody["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, wrongSecret.StatusCode);
        Assert.Equal((HttpStatusCode)422, liveConnection.StatusCode); // another instance's connection
        Assert.Equal((HttpStatusCode)422, wrongPassword.StatusCode);
        Assert.Equal("No user found for the given username and password", wrongPasswordBody!["message"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, noGrant.StatusCode);
    }

    [Fact]
    public async Task Tokens_expire_after_an_hour_are_refused_with_401_and_a_refresh_rotates_the_refresh_token()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(time: clock)]);
        using var client = TestApiClient.For(server);
        var (_, token) = await client.SendJsonAsync(TokenRequest(Password()));
        var access = token!["access_token"]!.GetValue<string>();
        var refresh = token["refresh_token"]!.GetValue<string>();

        var (fresh, _) = await client.SendJsonAsync(Get($"{Api}/families", access));
        var (none, noneBody) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/families"));
        var (wrong, wrongBody) = await client.SendJsonAsync(Get($"{Api}/families", "not-a-token"));
        var (otherInstance, _) = await client.SendJsonAsync(Get($"https://{AkeneoApi.LiveHost}/api/rest/v1/families", access));
        clock.Advance(TimeSpan.FromMinutes(61));
        var (expired, expiredBody) = await client.SendJsonAsync(Get($"{Api}/families", access));
        var (refreshed, renewed) = await client.SendJsonAsync(TokenRequest(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }));
        var (again, _) = await client.SendJsonAsync(TokenRequest(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }));
        var (works, _) = await client.SendJsonAsync(Get($"{Api}/families", renewed!["access_token"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(401, noneBody!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("The access token provided is invalid.", wrongBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, otherInstance.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("The access token provided has expired.", expiredBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(refresh, renewed["refresh_token"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task A_limit_over_100_or_not_a_number_is_422_and_search_after_is_refused_where_it_does_not_exist()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi()]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var (hundred, hundredBody) = await client.SendJsonAsync(Get($"{Api}/categories?limit=100", token));
        var (over, overBody) = await client.SendJsonAsync(Get($"{Api}/categories?limit=101", token));
        var (overProducts, _) = await client.SendJsonAsync(Get($"{Api}/products-uuid?pagination_type=search_after&limit=101", token));
        var (zero, _) = await client.SendJsonAsync(Get($"{Api}/families?limit=0", token));
        var (text, textBody) = await client.SendJsonAsync(Get($"{Api}/attributes?limit=ten", token));
        var (searchAfter, searchAfterBody) = await client.SendJsonAsync(Get($"{Api}/categories?pagination_type=search_after", token));
        var (defaults, defaultBody) = await client.SendJsonAsync(Get($"{Api}/categories", token));

        Assert.Equal(HttpStatusCode.OK, hundred.StatusCode);
        Assert.Equal(100, hundredBody!["_embedded"]!["items"]!.AsArray().Count);
        Assert.Equal((HttpStatusCode)422, over.StatusCode);
        Assert.Equal(422, overBody!["code"]!.GetValue<int>());
        Assert.Equal("You cannot request more than 100 items.", overBody["message"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, overProducts.StatusCode);
        Assert.Equal((HttpStatusCode)422, zero.StatusCode);
        Assert.Equal((HttpStatusCode)422, text.StatusCode);
        Assert.Contains("limit", textBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, searchAfter.StatusCode);
        Assert.Equal("Pagination type is not supported.", searchAfterBody!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, defaults.StatusCode);
        Assert.Equal(AkeneoApi.DefaultLimit, defaultBody!["_embedded"]!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Offset_pages_link_on_while_full_so_a_full_last_page_leads_to_an_empty_one_without_next()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(categoryCount: 200)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var codes = new List<string>();
        var pages = new List<JsonNode>();
        string? next = $"{Api}/categories?limit=100&with_count=true";
        while (next is not null)
        {
            var (response, page) = await client.SendJsonAsync(Get(next, token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(page!);
            codes.AddRange(page!["_embedded"]!["items"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()));
            next = page["_links"]!["next"]?["href"]?.GetValue<string>();
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(AkeneoApi.CategoryCode), codes);
        Assert.Equal(3, pages.Count);
        Assert.Equal([1, 2, 3], pages.Select(p => p["current_page"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(200, p["items_count"]!.GetValue<int>()));
        Assert.Empty(pages[2]["_embedded"]!["items"]!.AsArray());
        Assert.Null(pages[0]["_links"]!["previous"]);
        Assert.Contains("page=2", pages[2]["_links"]!["previous"]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("with_count=true", pages[1]["_links"]!["self"]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"{Api}/categories/master", pages[0]["_embedded"]!["items"]![0]!["_links"]!["self"]!["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_after_pages_by_uuid_with_an_opaque_cursor_and_offset_paging_of_products_stops_at_10000()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(productCount: 250)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);

        var uuids = new List<string>();
        var pages = 0;
        JsonNode? last = null;
        string? next = $"{Api}/products-uuid?pagination_type=search_after&limit=50";
        while (next is not null)
        {
            var (response, page) = await client.SendJsonAsync(Get(next, token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages++;
            last = page;
            Assert.Null(page!["current_page"]);
            uuids.AddRange(page["_embedded"]!["items"]!.AsArray().Select(p => p!["uuid"]!.GetValue<string>()));
            next = page["_links"]!["next"]?["href"]?.GetValue<string>();
            if (next is not null)
            {
                var cursor = QueryHelpers.ParseQuery(new Uri(next).Query)["search_after"].ToString();
                Assert.DoesNotContain(uuids[^1], cursor, StringComparison.OrdinalIgnoreCase);
            }
        }
        var (forged, forgedBody) = await client.SendJsonAsync(Get($"{Api}/products-uuid?pagination_type=search_after&search_after={AkeneoApi.ProductUuid(10)}", token));
        var (tooDeep, tooDeepBody) = await client.SendJsonAsync(Get($"{Api}/products-uuid?page=101&limit=100", token));
        var (deepest, _) = await client.SendJsonAsync(Get($"{Api}/products-uuid?page=100&limit=100", token));

        Assert.Equal(Enumerable.Range(1, 250).Select(AkeneoApi.ProductUuid), uuids);
        Assert.Equal(6, pages); // five full pages of 50, then the empty one
        Assert.Empty(last!["_embedded"]!["items"]!.AsArray());
        Assert.Equal((HttpStatusCode)422, forged.StatusCode);
        Assert.Equal(422, forgedBody!["code"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode)422, tooDeep.StatusCode);
        Assert.NotNull(tooDeepBody!["_links"]!["documentation"]);
        Assert.Equal(HttpStatusCode.OK, deepest.StatusCode);
    }

    [Fact]
    public async Task The_search_filter_is_applied_and_a_bad_one_is_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(productCount: 80)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        string Search(string json) => $"{Api}/products-uuid?pagination_type=search_after&limit=100&search={Uri.EscapeDataString(json)}";

        var (_, enabled) = await client.SendJsonAsync(Get(Search("""{"enabled":[{"operator":"=","value":true}]}"""), token));
        var (notJson, _) = await client.SendJsonAsync(Get(Search("{enabled"), token));
        var (unknown, unknownBody) = await client.SendJsonAsync(Get(Search("""{"colour":[{"operator":"=","value":"red"}]}"""), token));

        Assert.Equal(70, enabled!["_embedded"]!["items"]!.AsArray().Count); // every 8th is disabled
        Assert.All(enabled["_embedded"]!["items"]!.AsArray(), p => Assert.True(p!["enabled"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal((HttpStatusCode)422, unknown.StatusCode);
        Assert.Contains("colour", unknownBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patching_a_product_updates_with_204_creates_with_201_merges_values_and_refuses_bad_bodies_with_422()
    {
        // 90 products and the one created fit on one page of 100.
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(productCount: 90)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        HttpRequestMessage Patch(string uuid, string body, string contentType = "application/json") =>
            TestApiClient.With(new HttpRequestMessage(HttpMethod.Patch, $"{Api}/products-uuid/{uuid}") { Content = new StringContent(body, Encoding.UTF8, contentType) }, ("Authorization", "Bearer " + token));
        var existing = AkeneoApi.ProductUuid(77);
        var created = "0190b5c2-8f3e-7a41-9d2c-0000000a0001";

        using var updated = await client.SendAsync(Patch(existing, """{"values":{"name":[{"locale":"en_GB","scope":null,"data":"Renamed"}]}}"""));
        using var creation = await client.SendAsync(Patch(created, """{"identifier":"AK-NEW","family":"family_002"}"""));
        var (_, listed) = await client.SendJsonAsync(Get($"{Api}/products-uuid?pagination_type=search_after&limit=100", token));
        var (unknownProperty, unknownPropertyBody) = await client.SendJsonAsync(Patch(existing, """{"colour":"red"}"""));
        var (unknownFamily, unknownFamilyBody) = await client.SendJsonAsync(Patch(existing, """{"family":"no_such_family"}"""));
        var (otherUuid, _) = await client.SendJsonAsync(Patch(existing, $$"""{"uuid":"{{created}}"}"""));
        var (unknownAttribute, _) = await client.SendJsonAsync(Patch(existing, """{"values":{"weightt":[{"locale":null,"scope":null,"data":1}]}}"""));
        var (notJson, _) = await client.SendJsonAsync(Patch(existing, "{\"family\":"));
        var (plain, _) = await client.SendJsonAsync(Patch(existing, "family=x", "text/plain"));

        Assert.Equal(HttpStatusCode.NoContent, updated.StatusCode);
        Assert.Equal($"{Api}/products-uuid/{existing}", updated.Headers.Location!.AbsoluteUri);
        Assert.Equal("", await updated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, creation.StatusCode);
        Assert.Equal($"{Api}/products-uuid/{created}", creation.Headers.Location!.AbsoluteUri);
        var items = listed!["_embedded"]!["items"]!.AsArray();
        var product77 = items.Single(p => p!["uuid"]!.GetValue<string>() == existing)!;
        Assert.Equal("Renamed", product77["values"]!["name"]![0]!["data"]!.GetValue<string>());
        Assert.NotNull(product77["values"]!["price"]); // values merge: the price stays
        Assert.Equal("AK-NEW", items.Single(p => p!["uuid"]!.GetValue<string>() == created)!["identifier"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, unknownProperty.StatusCode);
        Assert.Contains("\"colour\" does not exist", unknownPropertyBody!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, unknownFamily.StatusCode);
        Assert.Equal("Validation failed.", unknownFamilyBody!["message"]!.GetValue<string>());
        Assert.Equal("family", unknownFamilyBody["errors"]![0]!["property"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, otherUuid.StatusCode);
        Assert.Equal((HttpStatusCode)422, unknownAttribute.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }

    [Fact]
    public async Task The_collection_patch_takes_only_ndjson_of_at_most_100_lines_and_answers_a_status_per_line()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(productCount: 20)]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        HttpRequestMessage Patch(string body, string contentType) =>
            TestApiClient.With(new HttpRequestMessage(HttpMethod.Patch, $"{Api}/products-uuid") { Content = new StringContent(body, Encoding.UTF8, contentType) }, ("Authorization", "Bearer " + token));

        var lines = string.Join('\n',
            $$"""{"uuid":"{{AkeneoApi.ProductUuid(3)}}","enabled":false}""",
            $$"""{"uuid":"{{AkeneoApi.ProductUuid(4)}}","family":"no_such_family"}""",
            """{"uuid":"0190b5c2-8f3e-7a41-9d2c-0000000b0001","identifier":"AK-B1"}""");
        using var ndjson = await client.SendAsync(Patch(lines, AkeneoApi.CollectionType));
        var answer = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var (asJson, _) = await client.SendJsonAsync(Patch("[]", "application/json"));
        var many = string.Join('\n', Enumerable.Range(1, 101).Select(n => $$"""{"uuid":"{{AkeneoApi.ProductUuid(n)}}"}"""));
        var (tooMany, tooManyBody) = await client.SendJsonAsync(Patch(many, AkeneoApi.CollectionType));

        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Equal(AkeneoApi.CollectionType, ndjson.Content.Headers.ContentType!.MediaType);
        Assert.Equal([1, 2, 3], answer.Select(a => a["line"]!.GetValue<int>()));
        Assert.Equal([204, 422, 201], answer.Select(a => a["status_code"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, asJson.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(413, tooManyBody!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_fifth_call_at_once_on_a_connection_is_429_with_retry_after_and_other_connections_go_on()
    {
        var api = new AkeneoApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);
        var token = await TokenAsync(client);
        var (_, liveToken) = await client.SendJsonAsync(TestApiClient.With(
            new HttpRequestMessage(HttpMethod.Post, $"https://{AkeneoApi.LiveHost}/api/oauth/v1/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = AkeneoApi.LiveUsername, ["password"] = AkeneoApi.LivePassword }),
            },
            ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AkeneoApi.LiveClientId}:{AkeneoApi.LiveSecret}")))));

        var held = Enumerable.Range(0, AkeneoApi.MaxConcurrentPerConnection - 1).Select(_ => api.HoldCall(AkeneoApi.TestHost, AkeneoApi.TestClientId)).ToList();
        var (fourth, _) = await client.SendJsonAsync(Get($"{Api}/families", token));
        held.Add(api.HoldCall(AkeneoApi.TestHost, AkeneoApi.TestClientId));
        var (fifth, fifthBody) = await client.SendJsonAsync(Get($"{Api}/families", token));
        var (otherConnection, _) = await client.SendJsonAsync(Get($"https://{AkeneoApi.LiveHost}/api/rest/v1/families", liveToken!["access_token"]!.GetValue<string>()));
        held.ForEach(h => h.Dispose());
        var (later, _) = await client.SendJsonAsync(Get($"{Api}/families", token));

        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
        Assert.Equal((HttpStatusCode)429, fifth.StatusCode);
        Assert.Equal(429, fifthBody!["code"]!.GetValue<int>());
        Assert.Equal("1", fifth.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, otherConnection.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    private static readonly Dictionary<string, string> SandboxSecrets = new()
    {
        ["AKENEO_SANDBOX_CLIENT_SECRET"] = AkeneoApi.TestSecret, ["AKENEO_SANDBOX_PASSWORD"] = AkeneoApi.TestPassword,
    };

    /// <summary>
    /// The sample's send endpoint through the runner: the password grant with the connection as Basic, then the PATCH
    /// with the Bearer token and the sample body; the PIM merges the values (the new name, the price kept) and answers
    /// 204 with no body, which is a completed run.
    /// </summary>
    [Fact]
    public async Task The_samples_upsert_sends_the_body_with_the_token_and_the_pim_merges_it()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi()]);
        // A token another stand-in issued for this instance (SampleRunTests' Akeneo cases) would be refused here, and the
        // PATCH sent twice: this run asks this stand-in for its own.
        Patchworks.Core.Running.Auth.TokenCache.Clear();

        var result = await Runs.SampleAsync("akeneo", "upsert-product", "test.instance.json", Runs.OptionsFor(server, SandboxSecrets));
        using var client = TestApiClient.For(server);
        var (_, product) = await client.SendJsonAsync(Get($"{Api}/products-uuid?pagination_type=search_after&limit=100", await TokenAsync(client)));

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        var token = server.Log.Requests.First(r => r.PathAndQuery == "/api/oauth/v1/token"); // the runner's, before the check's own
        Assert.StartsWith("Basic ", token.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("grant_type=password", token.Body, StringComparison.Ordinal);
        var patch = server.Log.Requests.Single(r => r.Method == "PATCH");
        Assert.Equal($"/api/rest/v1/products-uuid/{AkeneoApi.ProductUuid(77)}", patch.PathAndQuery);
        Assert.StartsWith("Bearer ak_at_", patch.Headers["Authorization"], StringComparison.Ordinal);
        var saved = product!["_embedded"]!["items"]!.AsArray().Single(p => p!["uuid"]!.GetValue<string>() == AkeneoApi.ProductUuid(77))!;
        Assert.Equal("Walking boot 77, 2024 edition", saved["values"]!["name"]![0]!["data"]!.GetValue<string>());
        Assert.Equal("79.00", saved["values"]!["price"]![0]!["data"]![0]!["amount"]!.GetValue<string>());
        Assert.Equal("family_006", saved["family"]!.GetValue<string>());
        Assert.NotNull(saved["values"]!["description"]); // not in the body: kept
        var run = RunResultJson.Write(result);
        Assert.DoesNotContain(AkeneoApi.TestSecret, run, StringComparison.Ordinal);
        Assert.DoesNotContain(AkeneoApi.TestPassword, run, StringComparison.Ordinal);
    }

    /// <summary>
    /// A later run (a new process: no cached access token, the refresh token kept in the token store) renews with
    /// grant_type=refresh_token and the connection as Basic, not with the password again; Akeneo's refresh token
    /// rotates, so the third run uses the second one.
    /// </summary>
    [Fact]
    public async Task Later_runs_renew_with_the_refresh_token_and_basic_instead_of_the_password()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi(familyCount: 30)]);
        var tokens = new Patchworks.Core.Running.Auth.MemoryTokenStore();
        // The live instance: no other test runs it, so no other test's cached token for these files can come between.
        var secrets = new Dictionary<string, string> { ["akeneo-live-client-secret"] = AkeneoApi.LiveSecret, ["akeneo-live-password"] = AkeneoApi.LivePassword };
        Patchworks.Core.Running.RunOptions Options() => Runs.OptionsFor(server, secrets) with { TokenStore = tokens };

        Patchworks.Core.Running.Auth.TokenCache.Clear();
        var first = await Runs.SampleAsync("akeneo", "list-families", "live.instance.json", Options());
        Patchworks.Core.Running.Auth.TokenCache.Clear();
        var second = await Runs.SampleAsync("akeneo", "list-families", "live.instance.json", Options());
        Patchworks.Core.Running.Auth.TokenCache.Clear();
        var third = await Runs.SampleAsync("akeneo", "list-attributes", "live.instance.json", Options());

        Assert.All([first, second, third], r => Assert.True(r.Stop == StopReason.Completed, $"{r.Stop}: {r.StopMessage}"));
        Assert.Equal(30, first.Records);
        var grants = server.Log.Requests.Where(r => r.PathAndQuery == "/api/oauth/v1/token").ToList();
        Assert.Equal(3, grants.Count);
        Assert.Contains("grant_type=password", grants[0].Body, StringComparison.Ordinal);
        Assert.All(grants.Skip(1), g =>
        {
            Assert.Contains("grant_type=refresh_token", g.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("password=", g.Body, StringComparison.Ordinal);
            Assert.StartsWith("Basic ", g.Headers["Authorization"], StringComparison.Ordinal);
        });
        Assert.NotEqual(grants[1].Body, grants[2].Body); // the rotated refresh token
    }

    [Fact]
    public async Task A_refused_login_stops_the_run_and_keeps_akeneos_reason_in_the_auth_exchange_and_sends_nothing_else()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new AkeneoApi()]);
        var secrets = new Dictionary<string, string>(SandboxSecrets) { ["AKENEO_SANDBOX_PASSWORD"] = "not-the-password" };

        var result = await Runs.SampleAsync("akeneo", "list-products", "test.instance.json", Runs.OptionsFor(server, secrets));

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        // Akeneo refuses with 422 {code, message}, not OAuth's {error, error_description}: the stop message names the
        // status only (samples/README.md, gaps), and the reason is in the run's auth exchange.
        Assert.Contains("422", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(422, Assert.Single(result.Auth).Exchange.Response!.Status);
        Assert.Contains("No user found for the given username and password", RunResultJson.Write(result), StringComparison.Ordinal);
        Assert.Equal(0, result.Records);
        Assert.All(server.Log.Requests, r => Assert.Equal("/api/oauth/v1/token", r.PathAndQuery));
        Assert.DoesNotContain("not-the-password", RunResultJson.Write(result), StringComparison.Ordinal);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static (string, string) Basic(string clientId = AkeneoApi.TestClientId, string secret = AkeneoApi.TestSecret) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));

    private static Dictionary<string, string> Password(string password = AkeneoApi.TestPassword) => new()
    {
        ["grant_type"] = "password", ["username"] = AkeneoApi.TestUsername, ["password"] = password,
    };

    private static HttpRequestMessage TokenRequest(Dictionary<string, string> fields, string clientId = AkeneoApi.TestClientId, string secret = AkeneoApi.TestSecret) =>
        TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Origin}/api/oauth/v1/token") { Content = new FormUrlEncodedContent(fields) }, Basic(clientId, secret));

    private static HttpRequestMessage Get(string url, string token) => TestApiClient.Get(url, ("Authorization", "Bearer " + token));

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var (response, token) = await client.SendJsonAsync(TokenRequest(Password()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return token!["access_token"]!.GetValue<string>();
    }
}
