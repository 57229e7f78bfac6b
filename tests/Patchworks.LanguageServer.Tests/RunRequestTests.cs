using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.LanguageServer.Protocol;
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
        _folder.Write("icon.svg", await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "samples", "woocommerce", "icon.svg")));
        var sample = await OpenSampleAsync("woocommerce", "woocommerce.connector.json", "staging.instance.json",
            text => text.Replace("env:WOOCOMMERCE_STAGING_CONSUMER_SECRET", "env:" + _secretVariable, StringComparison.Ordinal));
        return (sample.Session, LspClient.Uri(sample.Connector), LspClient.Uri(sample.Instance));
    }

    /// <summary>
    /// A sample's connector and instance (the instance's text changed by <paramref name="editInstance"/> first),
    /// written to this test's folder and opened in a new server.
    /// </summary>
    private async Task<OpenedSample> OpenSampleAsync(string sampleFolder, string connectorFile, string instanceFile, Func<string, string>? editInstance = null)
    {
        var folder = Path.Combine(RepositoryRoot(), "samples", sampleFolder);
        var connectorText = await File.ReadAllTextAsync(Path.Combine(folder, connectorFile));
        var instanceText = await File.ReadAllTextAsync(Path.Combine(folder, instanceFile));
        instanceText = editInstance?.Invoke(instanceText) ?? instanceText;
        var session = await InProcessServer.StartInitializedAsync();
        var sample = new OpenedSample(session, _folder.Write(connectorFile, connectorText), connectorText, _folder.Write(instanceFile, instanceText), instanceText);
        try
        {
            await sample.OpenInAsync(session);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return sample;
    }

    /// <summary>The files of <see cref="OpenSampleAsync"/>: paths in the test's folder and their texts.</summary>
    private sealed record OpenedSample(InProcessServer Session, string Connector, string ConnectorText, string Instance, string InstanceText)
    {
        /// <summary>Opens both files in <paramref name="server"/>: the session's own, or a later one.</summary>
        public async Task OpenInAsync(InProcessServer server)
        {
            await server.Client.OpenAsync(Connector, ConnectorText);
            await server.Client.OpenAsync(Instance, InstanceText);
        }
    }

    [Fact]
    public async Task Two_runs_of_an_endpoint_are_compared_by_the_server_and_a_text_that_is_not_a_run_is_refused_naming_its_side()
    {
        var (session, connectorUri, instanceUri) = await OpenWooCommerceAsync();
        await using var _ = session;
        async Task<string> RunAsync(int products)
        {
            await using var api = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: products)]);
            var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
            {
                uri = connectorUri,
                endpointId = "list-products",
                instanceUri,
                connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
                trustedCertificatesPem = new[] { api.RootCertificatePem },
            });
            return run.GetRawText();
        }
        var previous = await RunAsync(130);
        var current = await RunAsync(125);

        var comparison = await session.Client.RequestAsync<JsonElement>("patchworks/compareRuns", new { previous, current });
        var same = await session.Client.RequestAsync<JsonElement>("patchworks/compareRuns", new { previous, current = previous });
        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/compareRuns", new { previous, current = "[1]" }));

        Assert.Equal("id", comparison.GetProperty("key").GetString());
        Assert.Equal(5, comparison.GetProperty("removed").GetInt32());
        Assert.Equal(0, comparison.GetProperty("added").GetInt32());
        Assert.Equal(125, comparison.GetProperty("unchanged").GetInt32());
        Assert.Equal(130, comparison.GetProperty("previous").GetProperty("records").GetInt32());
        Assert.Equal(125, comparison.GetProperty("current").GetProperty("recordsRead").GetInt32());
        Assert.Equal(0, same.GetProperty("removed").GetInt32());
        Assert.Equal(0, same.GetProperty("fields").GetArrayLength());
        Assert.Equal(ErrorCodes.InvalidParams, (int?)refused.ErrorCode);
        Assert.StartsWith("The current run is not a saved run", refused.Message, StringComparison.Ordinal);

        // The extension's type of the answer (extension/src/server/runModel.ts RunComparison) is what the server sends.
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RunComparison.previous"] = "RunFigures",
            ["RunComparison.current"] = "RunFigures",
            ["RunComparison.fields"] = "FieldChange",
        };
        TypeScriptShapes.AssertMatches(comparison, "RunComparison", TypeScriptShapes.Interfaces("server/runModel.ts"), nested);
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

        // Beside the run, the records the response panel lists, each with its page: the panel reads no body itself.
        var listing = run.GetProperty("listing");
        Assert.Equal(150, listing.GetProperty("total").GetInt32());
        Assert.False(listing.GetProperty("notListed").GetBoolean());
        var records = listing.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(150, records.Count);
        Assert.Equal([1, 2], records.Select(r => r.GetProperty("page").GetInt32()).Distinct());
        Assert.Equal(JsonValueKind.Number, records[0].GetProperty("record").GetProperty("id").ValueKind);

        // The extension's types of the answer (extension/src/server/runModel.ts) are what the server sends.
        TypeScriptShapes.AssertMatches(run, "RunAnswer", TypeScriptShapes.Interfaces("server/runModel.ts"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["RunAnswer.run"] = "RunResult",
            ["RunAnswer.listing"] = "RecordListing",
            ["RecordListing.records"] = "ListedRecord",
            ["RunResult.pages"] = "PageResult",
            ["RunResult.auth"] = "AuthExchange",
            ["PageResult.exchange"] = "ExchangeRecord",
            ["AuthExchange.exchange"] = "ExchangeRecord",
            ["ExchangeRecord.request"] = "RequestRecord",
            ["ExchangeRecord.response"] = "ResponseRecord",
            ["ExchangeRecord.retries"] = "RetriedAttempt",
            ["RequestRecord.headers"] = "Header",
            ["ResponseRecord.headers"] = "Header",
        });

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
        var (session, connector, _, instance, _) = await OpenSampleAsync("mirakl", "mirakl.connector.json", "prod.instance.json",
            text => text.Replace("secret:mirakl-prod-api-key", "secret:patchworks.api-key", StringComparison.Ordinal));
        await using var scope = session;
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
        var sample = await OpenSampleAsync("hubspot", "hubspot.connector.json", "production.instance.json");
        var (session, connector, _, instance, _) = sample;
        await using var scope = session;
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
        await sample.OpenInAsync(next);
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
        Core.Running.Auth.TokenCache.Clear();
        var (session, _, _, instance, _) = await OpenSampleAsync("hubspot", "hubspot.connector.json", "production.instance.json");
        await using var scope = session;
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
        TypeScriptShapes.AssertMatches(signIn, "SignInAnswer", TypeScriptShapes.Interfaces("commands/signInMessage.ts"));
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
