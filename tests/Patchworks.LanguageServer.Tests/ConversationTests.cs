using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>Whole conversations with the server over an in-memory duplex stream: lifecycle, sync, diagnostics, errors.</summary>
public sealed class ConversationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Initialize_announces_incremental_sync_and_the_features()
    {
        await using var session = InProcessServer.Start();
        var result = await session.Client.InitializeAsync();
        Assert.Equal(2, result.Capabilities.TextDocumentSync.Change);
        Assert.True(result.Capabilities.TextDocumentSync.OpenClose);
        Assert.True(result.Capabilities.HoverProvider);
        Assert.True(result.Capabilities.DocumentSymbolProvider);
        Assert.Equal("patchworks-language-server", result.ServerInfo.Name);
    }

    [Fact]
    public async Task A_request_before_initialize_is_refused_with_server_not_initialized()
    {
        await using var session = InProcessServer.Start();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            session.Client.RequestAsync<JsonElement?>("textDocument/hover", new { textDocument = new { uri = "file:///x.connector.json" }, position = new { line = 0, character = 0 } }));
        Assert.Equal(ErrorCodes.ServerNotInitialized, error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_methods_and_malformed_params_get_errors_and_the_server_carries_on()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var unknown = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => session.Client.RequestAsync<JsonElement?>("textDocument/noSuchThing", new { }));
        Assert.Equal(-32601, (int)unknown.ErrorCode);
        await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement?>("textDocument/hover", new { textDocument = 42 }));

        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, Fixtures.Connector);
        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        Assert.Empty(publish.Diagnostics);
    }

    [Fact]
    public async Task Diagnostics_follow_incremental_edits_with_exact_ranges_and_versions()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        var broken = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items", "/{{regoin}}/items"));
        await session.Client.OpenAsync(path, broken);

        var first = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        var diagnostic = Assert.Single(first.Diagnostics);
        Assert.Equal("PW2001", diagnostic.Code);
        var lines = broken.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("{{regoin}}", StringComparison.Ordinal));
        var character = lines[line].IndexOf("regoin", StringComparison.Ordinal);
        Assert.Equal(new LspRange(new LspPosition(line, character), new LspPosition(line, character + 6)), diagnostic.Range);
        Assert.Equal(1, diagnostic.Severity);
        Assert.Equal("region", diagnostic.Data!["suggestion"]);

        // Fix it with an incremental edit that replaces just the misspelt name.
        await session.Client.ChangeAsync(path, 2, new TextDocumentContentChangeEvent(diagnostic.Range, "region"));
        var second = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 2);
        Assert.Empty(second.Diagnostics);
    }

    [Fact]
    public async Task Several_changes_in_one_notification_apply_in_order()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, "{\n}");
        await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        // Insert a property, then a second edit relative to the text the first one produced.
        await session.Client.ChangeAsync(path, 2,
            new TextDocumentContentChangeEvent(new LspRange(new LspPosition(0, 1), new LspPosition(0, 1)), "\n  \"name\": \"X\""),
            new TextDocumentContentChangeEvent(new LspRange(new LspPosition(1, 11), new LspPosition(1, 12)), "Shop"));
        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 2);
        var hover = await session.Client.RequestAsync<Hover>("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(path) }, position = new { line = 1, character = 4 } });
        Assert.Contains("**name**", hover.Contents.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(publish.Diagnostics, d => d.Code!.StartsWith("PW00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_document_still_gets_diagnostics_and_never_crashes_the_server()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        var text = Fixtures.Connector;
        await session.Client.OpenAsync(path, text[..(text.Length / 2)]);
        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);
        Assert.Contains(publish.Diagnostics, d => d.Code == "PW0006");
        // Type the rest back one chunk at a time, as a person would.
        for (var version = 2; version <= 6; version++)
        {
            await session.Client.ChangeAsync(path, version, new TextDocumentContentChangeEvent(null, text[..(text.Length * version / 6)]));
        }
        var last = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 6);
        Assert.Empty(last.Diagnostics);
    }

    [Fact]
    public async Task The_workspace_is_indexed_so_cross_file_rules_work_without_opening_files()
    {
        _folder.Write("test.connector.json", Fixtures.Connector);
        var first = _folder.Write("a.instance.json", Fixtures.Instance);
        var second = _folder.Write("b.instance.json", Fixtures.Instance);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var publish = await session.Client.WaitForDiagnosticsAsync(second, p => p.Diagnostics.Count > 0);
        var diagnostic = Assert.Single(publish.Diagnostics);
        Assert.Equal("PW5008", diagnostic.Code);
        Assert.Equal(LspClient.Uri(first), Assert.Single(diagnostic.RelatedInformation!).Location.Uri);
        Assert.Null(publish.Version);
    }

    [Fact]
    public async Task Editing_a_connector_updates_its_instances()
    {
        var connector = _folder.Write("test.connector.json", Fixtures.Connector);
        var instance = _folder.Write("test.instance.json", Fixtures.Instance);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(instance, Fixtures.Instance);
        await session.Client.WaitForDiagnosticsAsync(instance, p => p.Version == 1 && p.Diagnostics.Count == 0);

        await session.Client.OpenAsync(connector, Fixtures.Connector);
        var renamed = Fixtures.Edit(Fixtures.Connector, ("\"id\": \"key\"", "\"id\": \"api-key\""));
        await session.Client.ChangeAsync(connector, 2, new TextDocumentContentChangeEvent(null, renamed));
        var publish = await session.Client.WaitForDiagnosticsAsync(instance, p => p.Diagnostics.Any(d => d.Code == "PW5003"));
        Assert.Contains("api-key", publish.Diagnostics.Single(d => d.Code == "PW5003").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_changed_on_disk_is_reread_when_the_watcher_says_so()
    {
        var connector = _folder.Write("test.connector.json", Fixtures.Connector);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.WaitForDiagnosticsAsync(connector);

        File.WriteAllText(connector, Fixtures.Edit(Fixtures.Connector, ("\"systemType\": \"Other\"", "\"systemType\": \"Othr\"")));
        await session.Client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new FileEvent(LspClient.Uri(connector), 2) } });
        var publish = await session.Client.WaitForDiagnosticsAsync(connector, p => p.Diagnostics.Count > 0);
        Assert.Equal("PW1004", Assert.Single(publish.Diagnostics).Code);

        File.Delete(connector);
        await session.Client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new FileEvent(LspClient.Uri(connector), 3) } });
        await session.Client.WaitForDiagnosticsAsync(connector, p => p.Diagnostics.Count == 0);
    }

    [Fact]
    public async Task Problems_in_a_referenced_file_are_published_under_its_own_uri_and_cleared()
    {
        var body = _folder.Write("body.xml", "<item>{{nmae}}</item>");
        var connector = _folder.PathOf("a.connector.json");
        var text = Fixtures.Edit(Fixtures.Connector, ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"$ref\": \"body.xml\" }"));
        await using var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(connector, text);
        var publish = await session.Client.WaitForDiagnosticsAsync(body, p => p.Diagnostics.Count > 0);
        Assert.Equal("PW2001", Assert.Single(publish.Diagnostics).Code);

        await session.Client.ChangeAsync(connector, 2, new TextDocumentContentChangeEvent(null, Fixtures.Connector));
        await session.Client.WaitForDiagnosticsAsync(body, p => p.Diagnostics.Count == 0);
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_0_and_exit_alone_with_1()
    {
        await using (var session = await InProcessServer.StartInitializedAsync())
        {
            await session.Client.RequestAsync<JsonElement?>("shutdown", null);
            await session.Client.NotifyAsync("exit");
            Assert.Equal(0, await session.Server.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        await using (var session = await InProcessServer.StartInitializedAsync())
        {
            await session.Client.NotifyAsync("exit");
            Assert.Equal(1, await session.Server.Exited.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task Cancelling_a_request_gets_a_cancelled_error_or_the_answer_and_the_server_goes_on()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, Fixtures.Connector);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            session.Client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(path) }, position = new { line = 2, character = 5 } }, cancelled.Token));
        var hover = await session.Client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(path) }, position = new { line = 3, character = 5 } });
        Assert.NotNull(hover);
    }
}
