using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/runEndpoint: the extension's runner, through the server, against the test APIs over real HTTPS.</summary>
public sealed class RunRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _secretVariable = "PW_RUN_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public RunRequestTests() => Environment.SetEnvironmentVariable(_secretVariable, WooCommerceApi.ConsumerSecret);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _folder.Dispose();
    }

    /// <summary>The WooCommerce sample, its instance reading the secret from this test's own environment variable.</summary>
    private async Task<(InProcessServer Session, string ConnectorUri, string InstanceUri)> OpenWooCommerceAsync()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "woocommerce");
        var connectorText = await File.ReadAllTextAsync(Path.Combine(sample, "woocommerce.connector.json"));
        var instanceText = (await File.ReadAllTextAsync(Path.Combine(sample, "staging.instance.json")))
            .Replace("env:WOOCOMMERCE_STAGING_CONSUMER_SECRET", "env:" + _secretVariable, StringComparison.Ordinal);
        var connector = _folder.Write("woocommerce.connector.json", connectorText);
        _folder.Write("icon.svg", await File.ReadAllTextAsync(Path.Combine(sample, "icon.svg")));
        var instance = _folder.Write("staging.instance.json", instanceText);
        var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        return (session, LspClient.Uri(connector), LspClient.Uri(instance));
    }

    [Fact]
    public async Task Runs_the_endpoint_reports_progress_and_answers_with_the_redacted_run()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 150)]);
        var (session, connectorUri, instanceUri) = await OpenWooCommerceAsync();
        await using var _ = session;

        var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = connectorUri,
            endpointId = "list-products",
            instanceUri,
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
            workDoneToken = "run-1",
        });

        Assert.Equal(1, run.GetProperty("formatVersion").GetInt32());
        var body = run.GetProperty("run");
        Assert.Equal("completed", body.GetProperty("stop").GetString());
        Assert.Equal(150, body.GetProperty("records").GetInt32());
        Assert.Equal(2, body.GetProperty("pages").GetArrayLength());
        Assert.DoesNotContain(WooCommerceApi.ConsumerSecret, run.GetRawText(), StringComparison.Ordinal);

        var progress = session.Client.Progress.ToArray();
        Assert.All(progress, p => Assert.Equal("run-1", p.GetProperty("token").GetString()));
        Assert.Equal("begin", progress[0].GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal("end", progress[^1].GetProperty("value").GetProperty("kind").GetString());
        Assert.Contains(progress, p => p.GetProperty("value").GetProperty("message").GetString() == "Page 2: 200, 50 records");
    }

    [Fact]
    public async Task An_instance_never_gets_the_toolkit_s_own_secrets_such_as_the_patchworks_api_key()
    {
        // An instance in a cloned repository naming secret:patchworks.api-key would otherwise send the Patchworks
        // key the user signed in with to whatever API its connector names. Here that API would accept it.
        await using var api = await TestApiServer.StartAsync(apis: [new MiraklApi()]);
        var sample = Path.Combine(RepositoryRoot(), "samples", "mirakl");
        var connectorText = await File.ReadAllTextAsync(Path.Combine(sample, "mirakl.connector.json"));
        var instanceText = (await File.ReadAllTextAsync(Path.Combine(sample, "prod.instance.json")))
            .Replace("secret:mirakl-prod-api-key", "secret:patchworks.api-key", StringComparison.Ordinal);
        var connector = _folder.Write("mirakl.connector.json", connectorText);
        var instance = _folder.Write("prod.instance.json", instanceText);
        var session = await InProcessServer.StartInitializedAsync();
        await using var scope = session;
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        session.Client.SecretStorage["patchworks.api-key"] = MiraklApi.ApiKey;

        // The run fails or is refused for want of the key; either way the key must not have been sent.
        _ = await Record.ExceptionAsync(() => session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = LspClient.Uri(connector),
            endpointId = "list-offers",
            instanceUri = LspClient.Uri(instance),
            maxPages = 1,
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        }));

        Assert.DoesNotContain(api.Log.Requests, r => r.Headers.Values.Any(v => v.Contains(MiraklApi.ApiKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancelling_the_progress_stops_the_run_and_the_server_keeps_answering_meanwhile()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new InlineSlowApi()]);
        var session = await InProcessServer.StartInitializedAsync();
        await using var _ = session;
        var connectorText = """
            { "name": "Slow", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
              "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
              "endpoints": [ { "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "GET",
                               "url": "https://slow.test/items", "dataType": "json" } ] }
            """;
        var connector = _folder.Write("slow.connector.json", connectorText);
        await session.Client.OpenAsync(connector, connectorText);

        var running = session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = LspClient.Uri(connector),
            endpointId = "list",
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
            workDoneToken = 7,
        });
        // While the run waits on the network, other requests are answered.
        var symbols = await session.Client.RequestAsync<JsonElement>("textDocument/documentSymbol", new { textDocument = new { uri = LspClient.Uri(connector) } });
        Assert.Equal(JsonValueKind.Array, symbols.ValueKind);
        await session.Client.NotifyAsync("window/workDoneProgress/cancel", new { token = 7 });

        var run = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cancelled", run.GetProperty("run").GetProperty("stop").GetString());
    }

    [Fact]
    public async Task Signs_in_through_the_editor_s_browser_with_the_client_secret_from_secret_storage()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new HubSpotApi(contactCount: 30)]);
        var sample = Path.Combine(RepositoryRoot(), "samples", "hubspot");
        var connectorText = await File.ReadAllTextAsync(Path.Combine(sample, "hubspot.connector.json"));
        var instanceText = await File.ReadAllTextAsync(Path.Combine(sample, "production.instance.json"));
        var connector = _folder.Write("hubspot.connector.json", connectorText);
        var instance = _folder.Write("production.instance.json", instanceText);
        var session = await InProcessServer.StartInitializedAsync();
        await using var scope = session;
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        session.Client.SecretStorage["hubspot-app-client-secret"] = HubSpotApi.ClientSecret;
        var opened = new List<Uri>();
        session.Client.OpenExternal = url =>
        {
            opened.Add(url);
            _ = Task.Run(() => ConsentAsync(api, url));
            return Task.FromResult(true);
        };

        var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = LspClient.Uri(connector),
            endpointId = "list-contacts",
            instanceUri = LspClient.Uri(instance),
            connectTo = new[] { $"api.hubapi.com:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        });

        var body = run.GetProperty("run");
        Assert.True(body.GetProperty("stop").GetString() == "completed", body.GetProperty("stopMessage").GetString());
        Assert.Equal(30, body.GetProperty("records").GetInt32());
        Assert.Equal("app.hubspot.com", Assert.Single(opened).Host);
        Assert.DoesNotContain(HubSpotApi.ClientSecret, run.GetRawText(), StringComparison.Ordinal);

        // The refresh token went to the editor's SecretStorage, under a name that gives nothing away.
        var stored = Assert.Single(session.Client.SecretStorage, s => s.Key.StartsWith("patchworks.refresh-token.", StringComparison.Ordinal));
        Assert.DoesNotContain(stored.Value, run.GetRawText(), StringComparison.Ordinal);

        // A new editor session (a new server, the access token forgotten) refreshes with it: no browser.
        Core.Running.Auth.TokenCache.Clear();
        var next = await InProcessServer.StartInitializedAsync();
        await using var nextScope = next;
        await next.Client.OpenAsync(connector, connectorText);
        await next.Client.OpenAsync(instance, instanceText);
        foreach (var (name, value) in session.Client.SecretStorage)
        {
            next.Client.SecretStorage[name] = value;
        }
        var secondRun = await next.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = LspClient.Uri(connector),
            endpointId = "list-contacts",
            instanceUri = LspClient.Uri(instance),
            connectTo = new[] { $"api.hubapi.com:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        });
        Assert.Equal("completed", secondRun.GetProperty("run").GetProperty("stop").GetString());
        Assert.Single(opened);
        Assert.Contains("grant_type=refresh_token", api.Log.Requests.Last(r => r.PathAndQuery == "/oauth/v1/token").Body, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Value, secondRun.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signs_an_instance_in_without_an_endpoint_request_and_keeps_its_refresh_token()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new HubSpotApi(contactCount: 5)]);
        var sample = Path.Combine(RepositoryRoot(), "samples", "hubspot");
        var connectorText = await File.ReadAllTextAsync(Path.Combine(sample, "hubspot.connector.json"));
        var instanceText = await File.ReadAllTextAsync(Path.Combine(sample, "production.instance.json"));
        var connector = _folder.Write("hubspot.connector.json", connectorText);
        var instance = _folder.Write("production.instance.json", instanceText);
        Core.Running.Auth.TokenCache.Clear();
        var session = await InProcessServer.StartInitializedAsync();
        await using var scope = session;
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        session.Client.SecretStorage["hubspot-app-client-secret"] = HubSpotApi.ClientSecret;
        var opened = 0;
        session.Client.OpenExternal = url =>
        {
            opened++;
            _ = Task.Run(() => ConsentAsync(api, url));
            return Task.FromResult(true);
        };

        var signIn = await session.Client.RequestAsync<JsonElement>("patchworks/signIn", new
        {
            instanceUri = LspClient.Uri(instance),
            connectTo = new[] { $"api.hubapi.com:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        });

        Assert.True(signIn.GetProperty("signedIn").GetBoolean(), signIn.GetProperty("message").GetString());
        Assert.Equal(1, opened);
        Assert.DoesNotContain(api.Log.Requests, r => r.PathAndQuery.Contains("/contacts", StringComparison.Ordinal));
        var stored = Assert.Single(session.Client.SecretStorage, s => s.Key.StartsWith("patchworks.refresh-token.", StringComparison.Ordinal));
        Assert.DoesNotContain(stored.Value, signIn.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(HubSpotApi.ClientSecret, signIn.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_an_instance_whose_method_sends_static_credentials_says_there_is_nothing_to_sign_in_to()
    {
        var (session, _, instanceUri) = await OpenWooCommerceAsync();
        await using var _ = session;

        var signIn = await session.Client.RequestAsync<JsonElement>("patchworks/signIn", new { instanceUri });

        Assert.False(signIn.GetProperty("signedIn").GetBoolean());
        Assert.Contains("nothing to sign in to", signIn.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_endpoint_is_a_request_error()
    {
        var (session, connectorUri, _) = await OpenWooCommerceAsync();
        await using var _ = session;

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new { uri = connectorUri, endpointId = "nope" }));

        Assert.StartsWith("The connector has no endpoint \"nope\".", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The user's browser: HubSpot's consent page (the test server) redirects to the server's loopback listener.</summary>
    private static async Task ConsentAsync(TestApiServer api, Uri url)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint.Host == "app.hubspot.com" ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, api.Port) : context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = RootTrust.For(api) },
        };
        using var browser = new HttpClient(handler);
        using var consent = await browser.GetAsync(url);
        using var callback = await browser.GetAsync(consent.Headers.Location!);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Patchworks.Lsp.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new DirectoryNotFoundException("Patchworks.Lsp.sln not found above the test's folder");
    }

    private sealed class InlineSlowApi : IFakeApi
    {
        public IReadOnlyList<string> Hosts { get; } = ["slow.test"];

        public void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes) => routes.MapGet("/items", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Json(Array.Empty<int>());
        });
    }
}
