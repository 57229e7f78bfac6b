using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.Runner.Tests.TestApi;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using Xunit.Abstractions;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Tokens are renewed per expiry, not per run: against stand-ins whose tokens expire (HubSpot's OAuth 2 access
/// tokens, Peoplevox's SOAP sessions) and whose pages take time, on a manual clock shared by the API and the
/// runner, so a run that crosses several expiries takes milliseconds. The run's <c>auth</c> list has one entry per
/// token request, so "N tokens for M pages" is what the tests count.
/// </summary>
public sealed class TokenLifetimeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, string> HubSpotSecrets = new() { ["hubspot-app-client-secret"] = HubSpotApi.ClientSecret };
    private static readonly Dictionary<string, string> PeoplevoxSecrets = new() { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 };
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The HubSpot sample, copied, with its token block replaced.</summary>
    private string HubSpotWith(string token)
    {
        var folder = _folder.CopySample("hubspot");
        var path = Path.Combine(folder, "hubspot.connector.json");
        var text = File.ReadAllText(path);
        const string Original = "\"token\": { \"responsePath\": \"access_token\", \"expiresInPath\": \"expires_in\", \"refreshTokenPath\": \"refresh_token\" }";
        Assert.Contains(Original, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(Original, Original[..^2] + ", " + token + " }", StringComparison.Ordinal));
        return folder;
    }

    private async Task<RunResult> RunHubSpotAsync(TestApiServer server, string folder, ManualClock clock)
    {
        var (connector, instance) = Runs.Load(Path.Combine(folder, "hubspot.connector.json"), Path.Combine(folder, "production.instance.json"));
        var result = await EndpointRunner.RunAsync(connector, "list-contacts", instance, new RunOptions
        {
            Secrets = new DictionarySecrets(HubSpotSecrets),
            Http = Runs.HttpFor(server),
            MaxPages = 100,
            SignIn = new LoopbackSignIn(new TestBrowser(server), TimeSpan.FromSeconds(20)),
            Time = clock,
        });
        Describe(result);
        return result;
    }

    private void Describe(RunResult result)
    {
        output.WriteLine($"{result.Stop}: {result.StopMessage} ({result.Records} records, {result.Pages.Count} pages, {result.Auth.Count} token requests)");
        foreach (var exchange in result.Auth)
        {
            output.WriteLine($"  auth: {exchange.Purpose} → {exchange.Exchange.Response?.Status}");
        }
        if (result.Pages.Count > 0 && result.Pages[^1].Exchange.Response?.Body is { } last)
        {
            output.WriteLine($"  last page's body: {last[..Math.Min(last.Length, 600)]}");
        }
        foreach (var page in result.Pages.Where(p => p.Exchange.Retries.Count > 0))
        {
            output.WriteLine($"  page {page.Number}: {string.Join("; ", page.Exchange.Retries.Select(r => r.Why))}");
        }
    }

    /// <summary>HubSpot's CRM pages take a second each on the clock; its token endpoint answers at once.</summary>
    private static SlowApi SlowCrm(HubSpotApi api, ManualClock clock) => new(api, request =>
    {
        if (request.Path.StartsWithSegments("/crm"))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    });

    [Fact]
    public async Task Three_second_tokens_without_a_margin_renew_on_every_401_and_every_record_arrives()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [SlowCrm(new HubSpotApi(contactCount: 1203, accessTokenLifetime: TimeSpan.FromSeconds(3), time: clock), clock)]);

        var result = await RunHubSpotAsync(server, HubSpotWith("\"refreshBeforeSeconds\": 0"), clock);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(1203, result.Records);
        Assert.Equal(Enumerable.Range(1, 1203).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Runs.Records(result, "results").Select(r => r["id"]!.GetValue<string>()));
        // Pages sent with a token that expired on the way got 401, a new token (from the refresh token), and went again.
        var renewedPages = result.Pages.Count(p => p.Exchange.Retries.Any(r => r.Status == 401));
        Assert.True(renewedPages >= 3, $"only {renewedPages} pages crossed an expiry");
        Assert.Equal(1 + renewedPages, result.Auth.Count);
        Assert.Equal("oauth: obtain a token", result.Auth[0].Purpose);
        Assert.All(result.Auth.Skip(1), a => Assert.Equal("oauth: refresh the token", a.Purpose));
        Assert.All(result.Pages, p => Assert.Equal(200, p.Exchange.Response!.Status));
    }

    [Fact]
    public async Task A_margin_longer_than_a_short_token_does_not_fetch_a_token_for_every_page()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [SlowCrm(new HubSpotApi(contactCount: 1203, accessTokenLifetime: TimeSpan.FromSeconds(60), time: clock), clock)]);

        var result = await RunHubSpotAsync(server, HubSpotWith("\"refreshBeforeSeconds\": 300"), clock);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(1203, result.Records);
        Assert.Equal(13, result.Pages.Count);
        // 13 pages of a second each: well within one 60-second token, renewed 6 s (10%) before it expires at the most.
        Assert.Equal("oauth: obtain a token", Assert.Single(result.Auth).Purpose);
    }

    [Fact]
    public async Task A_long_run_with_a_short_token_and_a_longer_margin_renews_ahead_once_per_expiry()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [SlowCrm(new HubSpotApi(contactCount: 2500, accessTokenLifetime: TimeSpan.FromSeconds(10), time: clock), clock)]);

        var result = await RunHubSpotAsync(server, HubSpotWith("\"refreshBeforeSeconds\": 60"), clock);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(2500, result.Records);
        Assert.Equal(25, result.Pages.Count);
        // Renewed 1 s (10% of 10 s) ahead, longer than a page takes: a token serves 9 one-second pages, and no page
        // meets a 401. 25 pages: 3 tokens.
        Assert.All(result.Pages, p => Assert.Empty(p.Exchange.Retries));
        Assert.Equal(["oauth: obtain a token", "oauth: refresh the token", "oauth: refresh the token"], result.Auth.Select(a => a.Purpose));
    }

    [Fact]
    public async Task A_401_that_a_new_token_does_not_cure_fails_the_run_after_one_renewal()
    {
        var issued = 0;
        var api = new InlineApi("auth.test", routes =>
        {
            routes.MapPost("/token", () => Results.Json(new { access_token = $"tok-{Interlocked.Increment(ref issued)}-c41d", token_type = "Bearer", expires_in = 3600 }));
            routes.MapGet("/items", () => Results.Json(new { status = "error", message = "This app was uninstalled" }, statusCode: 401));
        });
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        var connector = Connectors.Write(_folder, "https://auth.test/items", """{ "method": "pageNumber", "pageParam": "page", "limit": 1 }""",
            authMethod: """
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "https://auth.test/token",
              "oauth2": { "clientId": "client-1", "clientSecret": "plain-test-secret-77" } }
            """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));
        Describe(result);

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Equal(2, issued);
        Assert.Equal(2, result.Auth.Count);
        Assert.Equal(4, result.Requests);
        Assert.Equal("Page 1: 401 Unauthorized again with a new token from auth method 'oauth': the API refuses the credentials themselves, not an expired token. The response body is in the result.", result.StopMessage);
        var page = Assert.Single(result.Pages);
        Assert.Equal(401, page.Exchange.Response!.Status);
    }

    /// <summary>The Peoplevox sample, copied, with 50 rows a page and its token block replaced.</summary>
    private string PeoplevoxWith(string token)
    {
        var folder = _folder.CopySample("peoplevox");
        var path = Path.Combine(folder, "peoplevox.connector.json");
        var text = File.ReadAllText(path);
        const string Original = "\"lifetimeSeconds\": 1200";
        Assert.Contains(Original, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(Original, token, StringComparison.Ordinal).Replace("\"limit\": 500,", "\"limit\": 50,", StringComparison.Ordinal));
        return folder;
    }

    [Fact]
    public async Task A_soap_session_shorter_than_the_margin_is_renewed_per_expiry_not_per_page()
    {
        var clock = new ManualClock();
        // Every GetData takes a second; Authenticate answers at once. Sessions live 10 s.
        var api = new SlowApi(new PeoplevoxApi(itemTypeCount: 1234, sessionLifetime: TimeSpan.FromSeconds(10), time: clock), request =>
        {
            if (request.Headers["SOAPAction"].ToString().Contains("GetData", StringComparison.Ordinal))
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        });
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        var folder = PeoplevoxWith("\"lifetimeSeconds\": 10, \"refreshBeforeSeconds\": 60");
        var (connector, instance) = Runs.Load(Path.Combine(folder, "peoplevox.connector.json"), Path.Combine(folder, "qa.instance.json"));

        var options = Runs.OptionsFor(server, PeoplevoxSecrets, maxPages: 100);
        var result = await EndpointRunner.RunAsync(connector, "get-item-types", instance, new RunOptions { Secrets = options.Secrets, Http = options.Http, MaxPages = 100, Time = clock });
        Describe(result);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(617, result.Records);
        Assert.True(result.Pages.Count >= 13, $"{result.Pages.Count} pages");
        // A session serves 9 one-second pages (renewed 1 s, 10% of 10 s, ahead), so 13 or 14 pages need 2 logins: not one a page.
        Assert.Equal(2, result.Auth.Count);
        Assert.All(result.Auth, a => Assert.Equal("session: log in", a.Purpose));
        Assert.DoesNotContain(result.Pages, p => p.Exchange.Response?.Body?.Contains("Invalid Session", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_soap_session_that_answers_401_is_renewed_each_time_it_expires()
    {
        // A SOAP API that says 401 for an expired session (unlike Peoplevox, which says ResponseId -1 with 200).
        var clock = new ManualClock();
        var sessions = new TokenIssuer(clock, "sess-");
        var api = new InlineApi("soap.test", routes => routes.MapPost("/service.asmx", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            if (body.Contains("<Login>", StringComparison.Ordinal))
            {
                return Results.Text($"<Envelope><Body><LoginResponse><Session>{sessions.Issue("user", TimeSpan.FromSeconds(3)).Value}</Session></LoginResponse></Body></Envelope>", "text/xml");
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            var session = System.Text.RegularExpressions.Regex.Match(body, "<Session>(.*?)</Session>").Groups[1].Value;
            if (sessions.Find(session) is null)
            {
                return Results.Text("<Envelope><Body><Fault><faultstring>Session expired</faultstring></Fault></Body></Envelope>", "text/xml", statusCode: 401);
            }
            var page = int.Parse(System.Text.RegularExpressions.Regex.Match(body, "<Page>(\\d+)</Page>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var items = page > 12 ? "" : string.Concat(Enumerable.Range(1, 10).Select(i => $"<Item><Id>{(page - 1) * 10 + i}</Id></Item>"));
            return Results.Text($"<Envelope><Body><ListResponse><Items>{items}</Items></ListResponse></Body></Envelope>", "text/xml");
        }));
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        var connector = _folder.Write("soap.connector.json", """
        {
          "name": "SOAP test", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
          "authMethods": [ { "id": "session", "name": "Session", "type": "soap", "url": "https://soap.test/service.asmx",
            "soap": { "envelope": "<Envelope><Body><Login>user</Login></Body></Envelope>" },
            "token": { "responsePath": "Envelope.Body.LoginResponse.Session", "refreshBeforeSeconds": 0 } } ],
          "endpoints": [ { "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "POST",
            "url": "https://soap.test/service.asmx", "dataType": "xml", "dataPath": "Envelope.Body.ListResponse.Items",
            "headers": [ { "key": "Content-Type", "value": "text/xml", "required": true } ],
            "sampleBody": "<Envelope><Header><Session>{{token}}</Session></Header><Body><List><Page>[[pagination.page]]</Page></List></Body></Envelope>",
            "pagination": { "method": "pageNumber", "limit": 10, "startPage": 1, "allowEmpty": true } } ]
        }
        """);

        var options = Runs.OptionsFor(server, maxPages: 100);
        var result = await Connectors.RunAsync(connector, new RunOptions { Http = options.Http, MaxPages = 100, Time = clock });
        Describe(result);

        Assert.True(result.Stop == StopReason.Completed, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(120, result.Records);
        var renewedPages = result.Pages.Count(p => p.Exchange.Retries.Any(r => r.Status == 401));
        Assert.True(renewedPages >= 3, $"only {renewedPages} pages crossed an expiry");
        Assert.Equal(1 + renewedPages, result.Auth.Count);
    }
}
