using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Samples;

/// <summary>
/// The HubSpot sample's OAuth 2 authorisation code with PKCE, end to end: the runner listens on a loopback port,
/// the "browser" opens HubSpot's authorise page (the local stand-in consents at once and redirects), the code
/// comes back, is exchanged with the verifier, and the refresh token serves the next run without a browser.
/// </summary>
public sealed class AuthorizationCodeRunTests
{
    private static readonly Dictionary<string, string> Secrets = new() { ["hubspot-app-client-secret"] = HubSpotApi.ClientSecret };

    [Fact]
    public async Task Signs_in_through_the_browser_then_uses_the_refresh_token()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(contactCount: 150)]);
        var browser = new TestBrowser(server);
        var tokens = new MemoryTokenStore();
        RunOptions Options() => new()
        {
            Secrets = new DictionarySecrets(Secrets),
            Http = Runs.HttpFor(server),
            MaxPages = 10,
            SignIn = new LoopbackSignIn(browser, TimeSpan.FromSeconds(20)),
            TokenStore = tokens,
        };

        var first = await Runs.SampleAsync("hubspot", "list-contacts", "production.instance.json", Options());
        // A new process would have no cached access token: forget it, keep the stored refresh token.
        Patchworks.Core.Running.Auth.TokenCache.Clear();
        var second = await Runs.SampleAsync("hubspot", "list-contacts", "production.instance.json", Options());

        Assert.True(first.Stop == StopReason.Completed, first.StopMessage);
        Assert.Equal(150, first.Records);
        Assert.Equal(1, browser.Opened);
        var authorize = new Uri(browser.LastUrl!);
        Assert.Equal("app.hubspot.com", authorize.Host);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A", authorize.Query, StringComparison.Ordinal);
        var grant = server.Log.Requests.First(r => r.PathAndQuery == "/oauth/v1/token").Body;
        Assert.Contains("grant_type=authorization_code", grant, StringComparison.Ordinal);
        Assert.Contains("code_verifier=", grant, StringComparison.Ordinal);

        Assert.True(second.Stop == StopReason.Completed, second.StopMessage);
        Assert.Equal(1, browser.Opened); // no second sign-in
        Assert.Equal("oauth: refresh the token", Assert.Single(second.Auth).Purpose);
        Assert.Contains("grant_type=refresh_token", server.Log.Requests.Last(r => r.PathAndQuery == "/oauth/v1/token").Body, StringComparison.Ordinal);

        var saved = RunResultJson.Write(first) + RunResultJson.Write(second);
        Assert.DoesNotContain(HubSpotApi.ClientSecret, saved, StringComparison.Ordinal);
        foreach (var request in server.Log.Requests.Where(r => r.PathAndQuery.StartsWith("/crm/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(request.Headers["Authorization"]["Bearer ".Length..], saved, StringComparison.Ordinal);
        }
        foreach (var body in server.Log.Requests.Where(r => r.PathAndQuery == "/oauth/v1/token").Select(r => r.Body))
        {
            foreach (var field in body.Split('&').Where(f => f.StartsWith("code=", StringComparison.Ordinal) || f.StartsWith("code_verifier=", StringComparison.Ordinal) || f.StartsWith("refresh_token=", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(Uri.UnescapeDataString(field[(field.IndexOf('=', StringComparison.Ordinal) + 1)..]), saved, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Without_a_way_to_sign_in_the_run_says_what_to_do()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi()]);
        Patchworks.Core.Running.Auth.TokenCache.Clear();

        var result = await Runs.SampleAsync("hubspot", "list-contacts", "production.instance.json",
            new RunOptions { Secrets = new DictionarySecrets(Secrets), Http = Runs.HttpFor(server) });

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.StartsWith("Auth method 'oauth' needs a user to sign in at the provider (authorisation code)", result.StopMessage, StringComparison.Ordinal);
    }
}
