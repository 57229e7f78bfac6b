using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The HubSpot stand-in: authorisation code with PKCE, refresh, expiring tokens, paging.next.after.</summary>
public sealed class HubSpotApiTests
{
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Contacts = "https://api.hubapi.com/crm/v3/objects/contacts";

    [Fact]
    public void The_pkce_challenge_matches_rfc_7636_appendix_b()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.ChallengeOf(Verifier));
    }

    [Fact]
    public async Task The_authorisation_code_flow_with_pkce_gives_a_token_that_pages_every_contact_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(contactCount: 230)]);
        using var client = TestApiClient.For(server);

        var (code, state) = await AuthorizeAsync(client, HubSpotApi.RequiredScopes);
        var (status, token) = await ExchangeAsync(client, code, Verifier);
        var ids = new List<string>();
        string? after = null;
        do
        {
            var url = $"{Contacts}?properties=email,firstname,hs_lastmodifieddate&limit=100" + (after is null ? "" : $"&after={after}");
            var (response, json) = await client.SendJsonAsync(Authorised(url, token!["access_token"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = json!["results"]!.AsArray();
            ids.AddRange(results.Select(r => r!["id"]!.GetValue<string>()));
            Assert.Equal($"contact{ids[^1]}@example.com", results[^1]!["properties"]!["email"]!.GetValue<string>());
            after = json["paging"]?["next"]?["after"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.Equal("xyz-state", state);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1800, token!["expires_in"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 230).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
    }

    [Fact]
    public async Task A_wrong_verifier_a_reused_code_a_wrong_secret_a_wrong_redirect_and_other_scopes_are_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi()]);
        using var client = TestApiClient.For(server);

        var (code, _) = await AuthorizeAsync(client, HubSpotApi.RequiredScopes);
        var (wrongVerifier, wrongVerifierBody) = await ExchangeAsync(client, code, Verifier + "x");
        var (reused, _) = await ExchangeAsync(client, code, Verifier);
        var (secondCode, _) = await AuthorizeAsync(client, HubSpotApi.RequiredScopes);
        var (wrongSecret, wrongSecretBody) = await ExchangeAsync(client, secondCode, Verifier, secret: "nope");
        using var wrongRedirect = await client.GetAsync(AuthorizeUrl(HubSpotApi.RequiredScopes, "https://evil.example.com/callback"));
        using var otherScopes = await client.GetAsync(AuthorizeUrl("crm.objects.contacts.read", HubSpotApi.RedirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier);
        Assert.Equal("BAD_AUTH_CODE", wrongVerifierBody!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, reused);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSecret);
        Assert.Equal("BAD_CLIENT_SECRET", wrongSecretBody!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, wrongRedirect.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherScopes.StatusCode);
    }

    [Fact]
    public async Task Access_tokens_expire_and_the_refresh_token_gets_a_new_one()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(accessTokenLifetime: TimeSpan.FromMinutes(30), time: clock)]);
        using var client = TestApiClient.For(server);
        var (code, _) = await AuthorizeAsync(client, HubSpotApi.RequiredScopes);
        var (_, token) = await ExchangeAsync(client, code, Verifier);
        var refreshToken = token!["refresh_token"]!.GetValue<string>();

        clock.Advance(TimeSpan.FromMinutes(30).Add(TimeSpan.FromSeconds(3)));
        var (expired, expiredBody) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", token["access_token"]!.GetValue<string>()));
        using var refresh = await client.PostAsync("https://api.hubapi.com/oauth/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = HubSpotApi.ClientId, ["client_secret"] = HubSpotApi.ClientSecret, ["refresh_token"] = refreshToken,
        }));
        var refreshed = JsonNode.Parse(await refresh.Content.ReadAsStringAsync())!;
        var (again, _) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", refreshed["access_token"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("EXPIRED_AUTHENTICATION", expiredBody!["category"]!.GetValue<string>());
        Assert.Contains("expired 3 second(s) ago", expiredBody["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(refreshToken, refreshed["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task The_private_app_token_lists_deals_with_associations_and_a_wrong_token_is_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(dealCount: 3)]);
        using var client = TestApiClient.For(server);

        var (ok, deals) = await client.SendJsonAsync(Authorised("https://api.hubapi.com/crm/v3/objects/deals?limit=100&associations=contacts,companies", HubSpotApi.PrivateAppToken));
        var (refused, error) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", "pat-na1-wrong"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, deals!["results"]!.AsArray().Count);
        Assert.Null(deals["paging"]);
        Assert.NotNull(deals["results"]![0]!["associations"]!["companies"]!["results"]![0]!["id"]);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("INVALID_AUTHENTICATION", error!["category"]!.GetValue<string>());
    }

    [Fact]
    public async Task Going_over_the_ten_second_window_gets_429_rate_limit_without_retry_after_until_the_window_closes()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(rateLimitMax: 2, rateLimitInterval: TimeSpan.FromSeconds(10), time: clock)]);
        using var client = TestApiClient.For(server);

        var (first, _) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", HubSpotApi.PrivateAppToken));
        var (second, _) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", HubSpotApi.PrivateAppToken));
        var (third, body) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", HubSpotApi.PrivateAppToken));
        clock.Advance(TimeSpan.FromSeconds(10));
        var (later, _) = await client.SendJsonAsync(Authorised($"{Contacts}?limit=1", HubSpotApi.PrivateAppToken));

        Assert.Equal("1", first.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal("RATE_LIMIT", body!["errorType"]!.GetValue<string>());
        Assert.False(third.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    private static string AuthorizeUrl(string scopes, string redirect) => QueryHelpers.AddQueryString("https://app.hubspot.com/oauth/authorize", new Dictionary<string, string?>
    {
        ["client_id"] = HubSpotApi.ClientId,
        ["redirect_uri"] = redirect,
        ["scope"] = scopes,
        ["state"] = "xyz-state",
        ["code_challenge"] = Pkce.ChallengeOf(Verifier),
        ["code_challenge_method"] = "S256",
        ["response_type"] = "code",
    });

    private static async Task<(string Code, string State)> AuthorizeAsync(HttpClient client, string scopes)
    {
        using var response = await client.GetAsync(AuthorizeUrl(scopes, HubSpotApi.RedirectUri));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(HubSpotApi.RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> ExchangeAsync(HttpClient client, string code, string verifier, string secret = HubSpotApi.ClientSecret)
    {
        using var response = await client.PostAsync("https://api.hubapi.com/oauth/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = HubSpotApi.ClientId,
            ["client_secret"] = secret,
            ["redirect_uri"] = HubSpotApi.RedirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier,
        }));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static HttpRequestMessage Authorised(string url, string token)
    {
        var request = TestApiClient.Get(url);
        request.Headers.Authorization = TestApiClient.Bearer(token);
        return request;
    }
}
