using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// Workspace trust, the server's half: an editor that does not trust the workspace says so (initializationOptions
/// .workspaceTrusted, then patchworks/setWorkspaceTrust), and the server refuses to run, sign in or publish.
/// </summary>
public sealed class WorkspaceTrustTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<InProcessServer> StartAsync(object? initializationOptions)
    {
        var session = InProcessServer.Start();
        await session.Client.RequestAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = (string?)null,
            capabilities = new { },
            initializationOptions,
        });
        await session.Client.NotifyAsync("initialized", new { });
        return session;
    }

    private string ConnectorUri => LspClient.Uri(Path.Combine(_folder.Root, "missing.connector.json"));

    private static string? Reason(RemoteRpcException error) =>
        (error as RemoteInvocationException)?.ErrorData is JsonElement { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    public static TheoryData<string> RefusedMethods => new() { "patchworks/runEndpoint", "patchworks/signIn", "patchworks/publishPlan", "patchworks/publish", "patchworks/runTests", "patchworks/events/listen", "patchworks/events/send" };

    private object Params(string method) => method switch
    {
        "patchworks/signIn" => new { instanceUri = LspClient.Uri(Path.Combine(_folder.Root, "missing.instance.json")) },
        "patchworks/runTests" => new { uri = LspClient.Uri(Path.Combine(_folder.Root, "missing.tests.json")) },
        "patchworks/events/listen" => new { uri = ConnectorUri, listenId = "l1", listenerId = "dispatch-confirmations" },
        "patchworks/events/send" => new { uri = ConnectorUri, listenerId = "dispatch-confirmations" },
        _ => new { uri = ConnectorUri, endpointId = "list-products" },
    };

    [Theory]
    [MemberData(nameof(RefusedMethods))]
    public async Task An_untrusted_workspace_is_refused_with_a_clear_error(string method)
    {
        await using var session = await StartAsync(new { workspaceTrusted = false });

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>(method, Params(method)));

        Assert.Equal(-32803, error.ErrorCode);
        Assert.Equal("untrustedWorkspace", Reason(error));
        Assert.Contains("The workspace is not trusted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RefusedMethods))]
    public async Task Granting_trust_lets_the_request_through(string method)
    {
        await using var session = await StartAsync(new { workspaceTrusted = false });
        await session.Client.NotifyAsync("patchworks/setWorkspaceTrust", new { trusted = true });

        // The file does not exist: the request now fails for that reason, past the trust check.
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>(method, Params(method)));

        Assert.NotEqual("untrustedWorkspace", Reason(error));
        Assert.DoesNotContain("not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_says_nothing_about_trust_is_trusted()
    {
        await using var session = await StartAsync(null);

        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", Params("patchworks/runEndpoint")));

        Assert.NotEqual("untrustedWorkspace", Reason(error));
    }

    [Fact]
    public async Task Revoking_trust_refuses_again()
    {
        await using var session = await StartAsync(new { workspaceTrusted = true });
        await session.Client.NotifyAsync("patchworks/setWorkspaceTrust", new { trusted = false });

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", Params("patchworks/runEndpoint")));

        Assert.Equal("untrustedWorkspace", Reason(error));
    }

    /// <summary>The Shopify sample in this test's folder, open in a trusted server.</summary>
    private async Task<(InProcessServer Session, string Uri)> OpenShopifyAsync()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "shopify");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            _folder.Write(Path.GetRelativePath(sample, file), await File.ReadAllTextAsync(file));
        }
        var connector = Path.Combine(_folder.Root, "shopify.connector.json");
        var session = await StartAsync(new { workspaceTrusted = true });
        await session.Client.OpenAsync(connector, await File.ReadAllTextAsync(connector));
        return (session, LspClient.Uri(connector));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Patchworks.Lsp.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [Theory]
    [InlineData("http://core.example.com/api/v1")]
    [InlineData("http://10.0.0.5/api/v1")]
    [InlineData("ftp://core.example.com/api/v1")]
    public async Task Publishing_refuses_plain_http_to_another_machine_before_reading_the_credentials(string apiUrl)
    {
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = "pw_key_that_must_not_travel";

        foreach (var method in new[] { "patchworks/publishPlan", "patchworks/publish" })
        {
            var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>(method, new { uri, apiUrl }));
            Assert.Equal("insecureApiUrl", Reason(error));
            Assert.Equal(-32803, error.ErrorCode);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/api/v1")]
    [InlineData("http://localhost:9/api/v1")]
    [InlineData("http://[::1]:9/api/v1")]
    public async Task Publishing_allows_plain_http_to_this_machine(string apiUrl)
    {
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = "pw_key_for_loopback";

        // Port 9 (discard) has nothing listening: the plan fails on the connection, not on the URL.
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", new { uri, apiUrl }));

        Assert.NotEqual("insecureApiUrl", Reason(error));
    }

    [Fact]
    public async Task The_send_request_lens_appears_only_once_the_workspace_is_trusted()
    {
        var (trustedSession, uri) = await OpenShopifyAsync(); // writes the sample; this test opens it in an untrusted server
        await trustedSession.DisposeAsync();
        var path = new Uri(uri).LocalPath;
        await using var session = await StartAsync(new { workspaceTrusted = false });
        await session.Client.OpenAsync(path, await File.ReadAllTextAsync(path));

        var untrusted = await session.Client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } });
        await session.Client.NotifyAsync("patchworks/setWorkspaceTrust", new { trusted = true });
        var trusted = await session.Client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } });

        Assert.NotEmpty(untrusted);
        // Resolve and Add test (they send nothing) stay; Send request comes with the trust, one per endpoint.
        Assert.All(untrusted, l => Assert.Contains(l.Command!.Name, new[] { "patchworks.resolveRequest", "patchworks.addTest" }));
        var endpoints = untrusted.Count(l => l.Command!.Name == "patchworks.resolveRequest");
        Assert.Equal(endpoints, untrusted.Count(l => l.Command!.Name == "patchworks.addTest"));
        Assert.Equal(endpoints, trusted.Count(l => l.Command!.Name == "patchworks.sendRequest"));
        Assert.Equal(untrusted.Length + endpoints, trusted.Length);
    }
}
