using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>OAuth 2 client credentials and password grants against a token endpoint that issues expiring tokens.</summary>
public sealed class OAuth2RunTests : IDisposable
{
    private const string ClientSecret = "s3cr3t-client-value-9d2f";
    private const string Password = "owner-password-55aa";
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A provider: /token issues "tok-N" valid for lifetimeSeconds; /items needs a live token.</summary>
    private sealed class Provider
    {
        public ConcurrentDictionary<string, DateTimeOffset> Tokens { get; } = new();
        public ConcurrentQueue<IFormCollection> Grants { get; } = new();
        public int Issued;
        public double LifetimeSeconds = 3600;
        public bool RevokeAll;

        public InlineApi Api => new("auth.test", routes =>
        {
            routes.MapPost("/token", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                Grants.Enqueue(form);
                if (form["client_secret"] != ClientSecret)
                {
                    return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed" }, statusCode: 401);
                }
                var token = $"tok-{Interlocked.Increment(ref Issued)}-a8f3e1";
                Tokens[token] = DateTimeOffset.UtcNow.AddSeconds(LifetimeSeconds);
                return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = LifetimeSeconds });
            });
            routes.MapGet("/items", (HttpContext context, int? page) =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
                if (RevokeAll || !Tokens.TryGetValue(token, out var expires) || expires < DateTimeOffset.UtcNow)
                {
                    RevokeAll = false;
                    return Results.Json(new { error = "invalid_token" }, statusCode: 401);
                }
                var number = page ?? 1;
                return Results.Json(new { items = new[] { new { id = number } } });
            });
        });
    }

    private string Connector(string type = "oauth2ClientCredentials", string extraSettings = "") => Connectors.Write(_folder, "https://auth.test/items",
        """{ "method": "pageNumber", "pageParam": "page", "limit": 1 }""",
        authMethod: $$"""
        { "id": "oauth", "name": "OAuth", "type": "{{type}}", "url": "https://auth.test/token",
          "variables": [ { "key": "client_secret", "displayName": "Client secret", "secret": true, "default": "{{ClientSecret}}" } ],
          "oauth2": { "clientId": "client-1", "clientSecret": "{{"{{"}}client_secret{{"}}"}}", "scope": "read write"{{extraSettings}} } }
        """);

    [Fact]
    public async Task One_token_serves_every_page_and_never_appears_in_the_run()
    {
        var provider = new Provider();
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);

        var result = await Connectors.RunAsync(Connector(), Runs.OptionsFor(server, maxPages: 3));

        Assert.Equal(StopReason.MaxPages, result.Stop);
        Assert.Equal(1, provider.Issued);
        var grant = Assert.Single(provider.Grants);
        Assert.Equal("client_credentials", grant["grant_type"]);
        Assert.Equal("client-1", grant["client_id"]);
        Assert.Equal("read write", grant["scope"]);
        Assert.Equal("oauth: obtain a token", Assert.Single(result.Auth).Purpose);
        var saved = RunResultJson.Write(result);
        Assert.DoesNotContain("tok-1-a8f3e1", saved, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, saved, StringComparison.Ordinal);
        Assert.Contains("\"value\": \"Bearer ••••••\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_the_page_is_sent_again()
    {
        var provider = new Provider();
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);
        var connector = Connector();
        // A first run obtains a token; the second reuses it (same process), but the provider has revoked it.
        await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 1));
        provider.RevokeAll = true;
        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 2));

        Assert.Equal(StopReason.MaxPages, result.Stop);
        Assert.Equal(2, provider.Issued); // one for the first run, one renewal: the second run reused the first's token
        var retried = Assert.Single(result.Pages[0].Exchange.Retries);
        Assert.Equal(401, retried.Status);
        Assert.Equal("401 Unauthorized: the token was renewed and the request sent again", retried.Why);
        Assert.DoesNotContain("tok-2-a8f3e1", RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_about_to_expire_is_renewed_before_it_is_used_and_not_before_every_page()
    {
        // Tokens live 60 s; the default margin (60 s) is cut to a tenth of that: renewed 6 s before they expire.
        // Each page takes 27 s on the runner's clock: pages 1 and 2 share a token, page 3 (54 s in) gets a new one.
        var provider = new Provider { LifetimeSeconds = 60 };
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);
        var clock = new TestApi.ManualClock();
        var options = Runs.OptionsFor(server, maxPages: 3);

        var result = await Connectors.RunAsync(Connector(), new Core.Running.RunOptions
        {
            Http = options.Http, MaxPages = 3, Time = clock, Progress = new PageClock(clock, TimeSpan.FromSeconds(27)),
        });

        Assert.Equal(StopReason.MaxPages, result.Stop);
        Assert.Equal(2, provider.Issued);
        Assert.All(result.Pages, p => Assert.Empty(p.Exchange.Retries));
    }

    /// <summary>Moves the clock on each time a page has been read.</summary>
    private sealed class PageClock(TestApi.ManualClock clock, TimeSpan perPage) : IProgress<Core.Running.RunProgress>
    {
        public void Report(Core.Running.RunProgress value)
        {
            if (value.Page > 0 && value.Message.Contains("records", StringComparison.Ordinal))
            {
                clock.Advance(perPage);
            }
        }
    }

    [Fact]
    public async Task The_password_grant_sends_the_owner_s_credentials()
    {
        var provider = new Provider();
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);
        var connector = Connector("oauth2Password", $$""", "username": "owner@example.com", "password": "{{Password}}" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 1));

        Assert.Equal(StopReason.MaxPages, result.Stop);
        var grant = Assert.Single(provider.Grants);
        Assert.Equal("password", grant["grant_type"]);
        Assert.Equal("owner@example.com", grant["username"]);
        Assert.Equal(Password, grant["password"]);
        Assert.DoesNotContain(Password, RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_client_ends_the_run_with_the_provider_s_error()
    {
        var provider = new Provider();
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);
        var connector = Connector();
        _folder.Write("test.connector.json", _folder.Read("test.connector.json").Replace($"\"default\": \"{ClientSecret}\"", "\"default\": \"wrong-secret-77\"", StringComparison.Ordinal));

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Equal("Auth method 'oauth' could not obtain a token: 401 Unauthorized (invalid_client: Client authentication failed).", result.StopMessage);
        Assert.Empty(result.Pages);
        Assert.DoesNotContain("wrong-secret-77", RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_authentication_basic_sends_the_client_in_an_authorization_header()
    {
        var provider = new Provider();
        await using var server = await TestApiServer.StartAsync(apis: [provider.Api]);
        var connector = Connector(extraSettings: """, "clientAuthentication": "basic" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 1));

        // The provider wants the secret in the form, so it refuses: the header was sent instead.
        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        var tokenRequest = server.Log.Requests.First(r => r.PathAndQuery == "/token");
        Assert.StartsWith("Basic ", tokenRequest.Headers["Authorization"], StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Equal("Basic ••••••", Assert.Single(result.Auth).Exchange.Request.Headers.Single(h => h.Key == "Authorization").Value);
    }
}
