using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Credentials never cross origins: a next link, a Link header or a redirect to another scheme, host or port
/// gets no auth header, no API key (header or query), no secret header, no cookie and no OAuth 1 signature,
/// and the run says so in its warnings; on the same origin they are all kept. Two real listeners on loopback.
/// </summary>
public sealed class CrossOriginTests : IDisposable
{
    private const string Key = "key-7d1e0c55";
    private const string Session = "sess-93ab61f2";
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string ApiKeyAuth = $$"""
        { "id": "key", "name": "Key", "type": "apiKey",
          "variables": [ { "key": "api_key", "displayName": "API key", "secret": true, "default": "{{Key}}" },
                         { "key": "session", "displayName": "Session", "secret": true, "default": "{{Session}}" } ],
          "apiKey": { "in": "header", "name": "X-Api-Key", "value": "{{"{{"}}api_key{{"}}"}}" } }
        """;

    private const string SecretHeaders = """
        "headers": [ { "key": "X-Session", "value": "{{session}}", "required": true },
                     { "key": "Cookie", "value": "sid=connector-cookie", "required": true } ]
        """;

    /// <summary>The first origin's page 1: a next link (in the body, a Link header, or a 302) to <paramref name="next"/>, and a cookie set.</summary>
    private static Task<PlainHttpOrigin> FirstOriginAsync(string how, Func<string> next) => PlainHttpOrigin.StartAsync(routes =>
    {
        routes.MapGet("/items", (HttpContext context) =>
        {
            context.Response.Headers.Append("Set-Cookie", "a_session=from-first-origin; Path=/");
            var link = next();
            // Each page its own record (as a real API's): the runner stops on a page that repeats the previous one.
            var id = int.TryParse(context.Request.Query["page"], out var page) ? page : 1;
            return how switch
            {
                "nextPageUrl" => Results.Json(new { items = new[] { new { id } }, next = link }),
                "linkHeader" => LinkPage(context, link),
                _ => Results.Redirect(link),
            };
        });
        routes.MapGet("/second", () => Results.Json(new { items = new[] { new { id = 2 } } }));
    });

    private static IResult LinkPage(HttpContext context, string link)
    {
        context.Response.Headers.Append("Link", $"<{link}>; rel=\"next\"");
        return Results.Json(new { items = new[] { new { id = int.TryParse(context.Request.Query["page"], out var page) ? page : 1 } } });
    }

    private static Task<PlainHttpOrigin> SecondOriginAsync(int status = 200) => PlainHttpOrigin.StartAsync(routes =>
        routes.MapGet("/second", () => status == 200 ? Results.Json(new { items = new[] { new { id = 2 } } }) : Results.StatusCode(status)));

    private static string? Pagination(string how) => how switch
    {
        "nextPageUrl" => """{ "method": "nextPageUrl", "nextUrlPath": "next" }""",
        "linkHeader" => """{ "method": "linkHeader" }""",
        _ => null,
    };

    private static RunOptions Options() => new() { MaxPages = 5, Http = new HttpSettings { Timeout = TimeSpan.FromSeconds(10) } };

    [Theory]
    [InlineData("nextPageUrl")]
    [InlineData("linkHeader")]
    [InlineData("redirect")]
    public async Task Another_port_gets_no_credential_and_the_run_warns(string how)
    {
        await using var second = await SecondOriginAsync();
        await using var first = await FirstOriginAsync(how, () => $"{second.Url}/second?page=2&api_key={Key}");
        var connector = Connectors.Write(_folder, $"{first.Url}/items", Pagination(how), SecretHeaders, authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(how == "redirect" ? [2L] : [1L, 2L], Runs.Ids(result, "items"));
        var sent = Assert.Single(first.Log.Requests);
        Assert.Equal(Key, sent.Headers["X-Api-Key"]); // the first origin had them all
        Assert.Equal(Session, sent.Headers["X-Session"]);
        var arrived = Assert.Single(second.Log.Requests);
        Assert.False(arrived.Headers.ContainsKey("X-Api-Key"));
        Assert.False(arrived.Headers.ContainsKey("X-Session"));
        Assert.False(arrived.Headers.ContainsKey("Authorization"));
        Assert.False(arrived.Headers.ContainsKey("Cookie"), arrived.Headers.GetValueOrDefault("Cookie"));
        Assert.DoesNotContain("api_key", arrived.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, string.Join("\n", arrived.Headers.Values) + arrived.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("page=2", arrived.PathAndQuery, StringComparison.Ordinal);
        var warning = Assert.Single(result.Warnings, w => w.Contains("another origin", StringComparison.Ordinal));
        Assert.Contains(second.Url, warning, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nextPageUrl")]
    [InlineData("linkHeader")]
    [InlineData("redirect")]
    public async Task The_same_origin_keeps_every_credential(string how)
    {
        PlainHttpOrigin? origin = null;
        await using var first = origin = await FirstOriginAsync(how, () => $"{origin!.Url}/second?page=2&api_key={Key}");
        var connector = Connectors.Write(_folder, $"http://127.0.0.1:{first.Port}/items", Pagination(how), SecretHeaders, authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(2, first.Log.Requests.Count);
        var again = first.Log.Requests[1];
        Assert.Equal("/second", again.PathAndQuery.Split('?')[0]);
        Assert.Equal(Key, again.Headers["X-Api-Key"]);
        Assert.Equal(Session, again.Headers["X-Session"]);
        Assert.Contains("sid=connector-cookie", again.Headers["Cookie"], StringComparison.Ordinal);
        Assert.Contains($"api_key={Key}", again.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("origin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_script_that_leads_to_another_origin_sends_neither_the_kept_headers_nor_a_secret_it_copies()
    {
        await using var second = await SecondOriginAsync();
        await using var first = await FirstOriginAsync("nextPageUrl", () => "unused");
        // The script keeps the request's headers (it leaves them out) and adds one with the key copied into it.
        var script = $$"""
            module.exports = async function handle(data) {
                const { request } = JSON.parse(data.payload);
                const last = request.url.includes('/second');
                return { ...data, payload: JSON.stringify(last ? { has_next_page: false }
                    : { has_next_page: true, url: '{{second.Url}}/second?page=2', headers: { ...request.headers, 'X-Copied': 'k=' + data.variables.api_key } }) };
            };
            """;
        var connector = Connectors.Write(_folder, $"{first.Url}/items",
            $$"""{ "method": "script", "script": {{System.Text.Json.JsonSerializer.Serialize(script)}} }""", SecretHeaders, authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.True(result.Stop == StopReason.Completed, result.StopMessage);
        Assert.Equal(Key, Assert.Single(first.Log.Requests).Headers["X-Api-Key"]);
        var arrived = Assert.Single(second.Log.Requests);
        Assert.DoesNotContain(Key, string.Join("\n", arrived.Headers.Select(h => $"{h.Key}: {h.Value}")), StringComparison.Ordinal);
        Assert.DoesNotContain(Session, string.Join("\n", arrived.Headers.Values), StringComparison.Ordinal);
        Assert.False(arrived.Headers.ContainsKey("Cookie"));
        Assert.Contains(result.Warnings, w => w.Contains("header X-Copied", StringComparison.Ordinal) && w.Contains("header X-Api-Key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_307_that_would_take_a_token_requests_client_secret_to_another_origin_is_not_followed()
    {
        const string clientSecret = "cs-token-6620f1";
        await using var second = await PlainHttpOrigin.StartAsync(routes =>
            routes.MapPost("/token", () => Results.Json(new { access_token = "tok-1", expires_in = 3600 })));
        await using var first = await PlainHttpOrigin.StartAsync(routes =>
        {
            routes.MapPost("/token", () => Results.Redirect($"{second.Url}/token", permanent: false, preserveMethod: true));
            routes.MapGet("/items", () => Results.Json(new { items = new[] { new { id = 1 } } }));
        });
        var connector = Connectors.Write(_folder, $"{first.Url}/items", authMethod: $$"""
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "{{first.Url}}/token",
              "variables": [ { "key": "client_secret", "displayName": "Client secret", "secret": true, "default": "{{clientSecret}}" } ],
              "oauth2": { "clientId": "client-1", "clientSecret": "{{"{{"}}client_secret{{"}}"}}" } }
            """);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Empty(second.Log.Requests);
        Assert.Contains(result.Warnings, w => w.Contains($"307 redirect to {second.Url}, another origin, was not followed", StringComparison.Ordinal));
        Assert.DoesNotContain(clientSecret, string.Join("\n", result.Warnings) + result.StopMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_the_first_origin_set_goes_back_to_it_and_nowhere_else()
    {
        await using var second = await SecondOriginAsync();
        PlainHttpOrigin? origin = null;
        var calls = 0;
        // Page 1 and 2 on the first origin, page 3 on the second (same host, another port).
        await using var first = origin = await FirstOriginAsync("nextPageUrl", () => ++calls == 1 ? $"{origin!.Url}/items?page=2" : $"{second.Url}/second?page=3");
        var connector = Connectors.Write(_folder, $"{first.Url}/items", Pagination("nextPageUrl"), authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("a_session=from-first-origin", first.Log.Requests[1].Headers["Cookie"]);
        Assert.False(Assert.Single(second.Log.Requests).Headers.ContainsKey("Cookie"));
    }

    [Fact]
    public async Task A_401_on_the_other_origin_fails_the_run_naming_the_hop()
    {
        await using var second = await SecondOriginAsync(status: 401);
        await using var first = await FirstOriginAsync("linkHeader", () => $"{second.Url}/second?page=2");
        var connector = Connectors.Write(_folder, $"{first.Url}/items", Pagination("linkHeader"), authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Contains($"401 Unauthorized from {second.Url}", result.StopMessage, StringComparison.Ordinal);
        Assert.Contains("another origin", result.StopMessage, StringComparison.Ordinal);
        Assert.Equal(2, result.Pages.Count);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_that_answers_401_fails_the_run_naming_the_redirect()
    {
        await using var second = await SecondOriginAsync(status: 401);
        await using var first = await FirstOriginAsync("redirect", () => $"{second.Url}/second");
        var connector = Connectors.Write(_folder, $"{first.Url}/items", authMethod: ApiKeyAuth);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Contains($"from {second.Url} (a 302 redirect from {first.Url})", result.StopMessage, StringComparison.Ordinal);
        Assert.False(Assert.Single(second.Log.Requests).Headers.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public async Task OAuth1_does_not_sign_for_another_origin()
    {
        await using var second = await SecondOriginAsync();
        await using var first = await FirstOriginAsync("linkHeader", () => $"{second.Url}/second?page=2");
        var connector = Connectors.Write(_folder, $"{first.Url}/items", Pagination("linkHeader"), authMethod: """
            { "id": "tba", "name": "TBA", "type": "oauth1",
              "variables": [ { "key": "consumer_secret", "displayName": "Consumer secret", "secret": true, "default": "cs-5510" },
                             { "key": "token_secret", "displayName": "Token secret", "secret": true, "default": "ts-8812" } ],
              "oauth1": { "consumerKey": "ck-1", "consumerSecret": "{{consumer_secret}}", "token": "tk-1", "tokenSecret": "{{token_secret}}",
                          "signatureMethod": "HMAC-SHA256", "placement": "query" } }
            """);

        var result = await Connectors.RunAsync(connector, Options());

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Contains("oauth_signature=", Assert.Single(first.Log.Requests).PathAndQuery, StringComparison.Ordinal);
        var arrived = Assert.Single(second.Log.Requests);
        Assert.DoesNotContain("oauth_", arrived.PathAndQuery, StringComparison.Ordinal);
        Assert.False(arrived.Headers.ContainsKey("Authorization"));
        Assert.Contains(result.Warnings, w => w.Contains("another origin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_downgrade_from_https_to_http_on_the_same_host_is_another_origin()
    {
        await using var plain = await SecondOriginAsync();
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("shop.test", routes =>
            routes.MapGet("/items", (HttpContext context) => LinkPage(context, "http://shop.test/second?page=2")))]);
        var connector = Connectors.Write(_folder, "https://shop.test/items", Pagination("linkHeader"), SecretHeaders, authMethod: ApiKeyAuth);
        var options = Runs.OptionsFor(server);
        var http = new HttpSettings
        {
            ConnectTo = [new ConnectTo("shop.test", 443, "127.0.0.1", server.Port), new ConnectTo("shop.test", 80, "127.0.0.1", plain.Port)],
            TrustedRoots = options.Http.TrustedRoots,
            Timeout = TimeSpan.FromSeconds(10),
        };

        var result = await Connectors.RunAsync(connector, new RunOptions { Http = http, MaxPages = 5 });

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(Key, Assert.Single(server.Log.Requests).Headers["X-Api-Key"]);
        var arrived = Assert.Single(plain.Log.Requests);
        Assert.Equal("shop.test", arrived.Host);
        Assert.False(arrived.Headers.ContainsKey("X-Api-Key"));
        Assert.False(arrived.Headers.ContainsKey("X-Session"));
        Assert.False(arrived.Headers.ContainsKey("Cookie"));
        Assert.Contains(result.Warnings, w => w.Contains("http://shop.test, another origin than the endpoint's https://shop.test", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://a.test/x", "https://a.test:443/y", true)]
    [InlineData("http://a.test/x", "http://A.TEST:80/y?z", true)]
    [InlineData("https://a.test/x", "http://a.test/x", false)]
    [InlineData("https://a.test/x", "https://a.test:8443/x", false)]
    [InlineData("https://a.test/x", "https://b.a.test/x", false)]
    [InlineData("https://a.test/x", "not a url", false)]
    public void Origins_are_scheme_host_and_port_with_default_ports_normalised(string a, string b, bool same) =>
        Assert.Equal(same, Origin.Same(a, b));
}
