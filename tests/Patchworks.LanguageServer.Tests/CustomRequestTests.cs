using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// patchworks/setActiveInstance, patchworks/resolveRequest, and what the active instance shows: inlay hints
/// and hovers. The instance's secret is set in the environment; its value must appear in no response.
/// </summary>
public sealed class CustomRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _secretVariable = "PW_LSP_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private const string SecretValue = "hunter2-from-the-environment";

    public CustomRequestTests() => Environment.SetEnvironmentVariable(_secretVariable, SecretValue);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _folder.Dispose();
    }

    private sealed record Workspace(InProcessServer Session, string ConnectorPath, string InstancePath)
    {
        public string ConnectorUri => LspClient.Uri(ConnectorPath);
        public string InstanceUri => LspClient.Uri(InstancePath);
    }

    private async Task<Workspace> OpenAsync()
    {
        var session = await InProcessServer.StartInitializedAsync();
        var connector = _folder.Write(Fixtures.ConnectorFile, Fixtures.Connector);
        var instanceText = Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", "env:" + _secretVariable));
        var instance = _folder.Write(Fixtures.InstanceFile, instanceText);
        await session.Client.OpenAsync(connector, Fixtures.Connector);
        await session.Client.OpenAsync(instance, instanceText);
        return new Workspace(session, connector, instance);
    }

    private static void AssertNoSecret(object? response) =>
        Assert.DoesNotContain(SecretValue, JsonSerializer.Serialize(response, ProtocolSerializer.Options), StringComparison.Ordinal);

    private static Task<JsonElement> ResolveAsync(Workspace workspace, object parameters) =>
        workspace.Session.Client.RequestAsync<JsonElement>("patchworks/resolveRequest", parameters);

    private static Task SetActiveAsync(Workspace workspace, string? instanceUri) =>
        workspace.Session.Client.RequestAsync<object?>("patchworks/setActiveInstance", new { connectorUri = workspace.ConnectorUri, instanceUri });

    private static Task<InlayHint[]> HintsAsync(Workspace workspace) =>
        workspace.Session.Client.RequestAsync<InlayHint[]>("textDocument/inlayHint", new
        {
            textDocument = new { uri = workspace.ConnectorUri },
            range = new LspRange(new LspPosition(0, 0), new LspPosition(1000, 0)),
        });

    [Fact]
    public async Task Resolve_request_returns_the_request_in_the_command_lines_json_shape_with_secrets_masked()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        var result = await ResolveAsync(workspace, new { uri = workspace.ConnectorUri, endpointId = "list", instanceUri = workspace.InstanceUri, values = new { status = "open" } });

        Assert.Equal("list", result.GetProperty("endpoint").GetString());
        Assert.Equal("GET", result.GetProperty("method").GetString());
        Assert.Equal("https://api.example.com/eu/items?status=open", result.GetProperty("url").GetString());
        Assert.Equal("Test - UK", result.GetProperty("instance").GetString());
        Assert.Equal(("key", "apiKey"), (result.GetProperty("authMethod").GetString(), result.GetProperty("authType").GetString()));
        var header = result.GetProperty("headers").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "X-Api-Key");
        Assert.Equal(("••••••", true), (header.GetProperty("value").GetString(), header.GetProperty("secret").GetBoolean()));
        var host = result.GetProperty("placeholders").EnumerateArray().Single(p => p.GetProperty("placeholder").GetString() == "{{host}}");
        Assert.Equal(("api.example.com", "instanceValue", "instance values.host"),
            (host.GetProperty("value").GetString(), host.GetProperty("source").GetString(), host.GetProperty("sourceDescription").GetString()));
        Assert.Equal(JsonValueKind.Array, result.GetProperty("warnings").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("body").ValueKind);
        Assert.Equal(JsonValueKind.Array, result.GetProperty("query").ValueKind);
        Assert.Empty(result.GetProperty("missingSecrets").EnumerateArray());
        AssertNoSecret(result);
    }

    [Fact]
    public async Task Resolve_request_names_a_secret_a_run_would_lack_and_where_to_set_it()
    {
        var session = await InProcessServer.StartInitializedAsync();
        await using var _ = session;
        var connector = _folder.Write(Fixtures.ConnectorFile, Fixtures.Connector);
        var unset = "PW_LSP_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var instanceText = Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", "env:" + unset));
        var instance = _folder.Write(Fixtures.InstanceFile, instanceText);
        await session.Client.OpenAsync(connector, Fixtures.Connector);
        await session.Client.OpenAsync(instance, instanceText);

        var result = await session.Client.RequestAsync<JsonElement>("patchworks/resolveRequest",
            new { uri = LspClient.Uri(connector), endpointId = "list", instanceUri = LspClient.Uri(instance) });

        var missing = Assert.Single(result.GetProperty("missingSecrets").EnumerateArray());
        Assert.Equal("env:" + unset, missing.GetProperty("reference").GetString());
        Assert.Contains(unset, missing.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The request is still shown: what a run would send, with the secret's place masked.
        Assert.Equal("https://api.example.com/eu/items", result.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Resolve_request_uses_the_active_instance_until_it_is_cleared()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        await SetActiveAsync(workspace, workspace.InstanceUri);
        var withInstance = await ResolveAsync(workspace, new { uri = workspace.ConnectorUri, endpointId = "list" });
        Assert.Equal("Test - UK", withInstance.GetProperty("instance").GetString());

        await SetActiveAsync(workspace, null);
        var without = await ResolveAsync(workspace, new { uri = workspace.ConnectorUri, endpointId = "list" });
        Assert.False(without.TryGetProperty("instance", out var instance) && instance.ValueKind != JsonValueKind.Null);
        Assert.Equal("https://{{host}}/eu/items", without.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Resolve_request_sent_right_after_initialized_waits_for_the_workspace_index_instead_of_calling_the_file_no_connector()
    {
        // Files on disk only, none opened: the connector is known once the background index has listed the folder.
        // Many other files make that listing take a while, as in a real repository.
        for (var n = 0; n < 1500; n++)
        {
            _folder.Write($"docs/page-{n}/notes.json", "{}");
        }
        var connector = _folder.Write(Fixtures.ConnectorFile, Fixtures.Connector);
        var session = InProcessServer.Start();
        await using var _ = session;
        await session.Client.InitializeAsync(_folder.Root);
        await session.Client.NotifyAsync("initialized", new { });

        var result = await session.Client.RequestAsync<JsonElement>("patchworks/resolveRequest", new { uri = LspClient.Uri(connector), endpointId = "list" });

        Assert.Equal("https://{{host}}/eu/items", result.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Resolve_request_for_an_unknown_endpoint_is_an_error_that_names_the_endpoints()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => ResolveAsync(workspace, new { uri = workspace.ConnectorUri, endpointId = "nope" }));
        Assert.Contains("Endpoints: list, create", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inlay_hints_show_each_placeholders_value_for_the_active_instance_after_it()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        Assert.Empty(await HintsAsync(workspace));

        await SetActiveAsync(workspace, workspace.InstanceUri);
        var hints = await HintsAsync(workspace);

        var text = Fixtures.Connector;
        var expected = new List<(LspPosition, string)>();
        var from = 0;
        foreach (var (placeholder, label) in new[] { ("{{api_key}}", "••••••"), ("{{host}}", "api.example.com"), ("{{region}}", "eu"), ("{{status}}", "(empty)"), ("{{host}}", "api.example.com"), ("{{region}}", "eu") })
        {
            var index = text.IndexOf(placeholder, from, StringComparison.Ordinal) + placeholder.Length;
            from = index;
            var position = new Core.Text.LineIndex(text).GetPosition(index);
            expected.Add((new LspPosition(position.Line, position.Character), label));
        }
        Assert.Equal(expected, hints.Select(h => (h.Position, h.Label)));
        Assert.Equal("instance values.host", hints[1].Tooltip);
        AssertNoSecret(hints);
    }

    [Fact]
    public async Task A_missing_value_shows_a_warning_hint()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        var instanceText = Fixtures.Edit(Fixtures.Instance, ("\"values\": { \"host\": \"api.example.com\" },\n", ""));
        await workspace.Session.Client.ChangeAsync(workspace.InstancePath, 2, new TextDocumentContentChangeEvent(null, instanceText));
        await SetActiveAsync(workspace, workspace.InstanceUri);
        var hints = await HintsAsync(workspace);
        Assert.Equal("⚠ no value", hints[1].Label);
    }

    [Fact]
    public async Task Hover_on_a_placeholder_adds_what_it_resolves_to_for_the_active_instance()
    {
        var workspace = await OpenAsync();
        await using var _ = workspace.Session;
        var position = TextEdits.PositionOf(Fixtures.Connector, "{{host}}", 3);
        var hoverParameters = new { textDocument = new { uri = workspace.ConnectorUri }, position };
        var before = await workspace.Session.Client.RequestAsync<Hover>("textDocument/hover", hoverParameters);
        Assert.DoesNotContain("Resolves to", before.Contents.Value, StringComparison.Ordinal);

        await SetActiveAsync(workspace, workspace.InstanceUri);
        var hover = await workspace.Session.Client.RequestAsync<Hover>("textDocument/hover", hoverParameters);
        Assert.EndsWith("\n\nResolves to `api.example.com` (instance values.host)", hover.Contents.Value, StringComparison.Ordinal);

        var secret = await workspace.Session.Client.RequestAsync<Hover>("textDocument/hover",
            new { textDocument = new { uri = workspace.ConnectorUri }, position = TextEdits.PositionOf(Fixtures.Connector, "{{api_key}}", 3) });
        Assert.Contains("Resolves to `••••••`", secret.Contents.Value, StringComparison.Ordinal);
        AssertNoSecret(secret);
    }

    [Fact]
    public async Task Changing_the_active_instance_asks_a_client_that_supports_it_to_refresh_inlay_hints()
    {
        await using var session = InProcessServer.Start();
        await session.Client.RequestAsync<JsonElement>("initialize", new { capabilities = new { workspace = new { inlayHint = new { refreshSupport = true } } } });
        await session.Client.NotifyAsync("initialized", new { });
        var connector = LspClient.Uri(_folder.Write(Fixtures.ConnectorFile, Fixtures.Connector));
        await session.Client.RequestAsync<object?>("patchworks/setActiveInstance", new { connectorUri = connector, instanceUri = LspClient.Uri(_folder.PathOf(Fixtures.InstanceFile)) });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (session.Client.InlayHintRefreshes == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(1, session.Client.InlayHintRefreshes);
    }

    [Fact]
    public async Task The_server_announces_the_new_capabilities()
    {
        await using var session = InProcessServer.Start();
        var capabilities = (await session.Client.InitializeAsync()).Capabilities;
        Assert.Equal(["quickfix"], capabilities.CodeActionProvider!.CodeActionKinds);
        Assert.True(capabilities.DocumentFormattingProvider && capabilities.DocumentRangeFormattingProvider && capabilities.InlayHintProvider);
        Assert.True(capabilities.SemanticTokensProvider!.Full);
        Assert.False(capabilities.CodeLensProvider!.ResolveProvider);
    }

    [Fact]
    public async Task The_resolved_requests_placeholders_match_the_extensions_type()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var connector = _folder.Write(Fixtures.ConnectorFile, Fixtures.Connector);
        var instance = _folder.Write(Fixtures.InstanceFile, Fixtures.Instance);
        await session.Client.OpenAsync(connector, Fixtures.Connector);
        await session.Client.OpenAsync(instance, Fixtures.Instance);

        var result = await session.Client.RequestAsync<JsonElement>("patchworks/resolveRequest",
            new { uri = LspClient.Uri(connector), endpointId = "list", instanceUri = LspClient.Uri(instance) });

        var placeholders = result.GetProperty("placeholders").EnumerateArray().ToList();
        Assert.NotEmpty(placeholders);
        var interfaces = TypeScriptShapes.Interfaces("runner/adHocValues.ts");
        foreach (var placeholder in placeholders)
        {
            TypeScriptShapes.AssertMatches(placeholder, "ResolvedPlaceholder", interfaces);
        }
    }
}
