using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>initialize, initialized, shutdown, exit.</summary>
internal sealed class LifecycleHandler(LanguageServer server)
{
    private IReadOnlyList<string> _folders = [];

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        var folders = parameters.WorkspaceFolders?.Select(f => f.Uri) ?? (parameters.RootUri is { } root ? [root] : []);
        _folders = [.. folders.Select(DocumentUri.ToPath).OfType<string>()];
        server.Workspace.SetRoots(_folders);
        server.IsInitialized = true;
        server.WorkspaceTrusted = WorkspaceTrustHandler.TrustedOption(parameters.InitializationOptions);
        server.ClientRefreshesInlayHints = parameters.Capabilities is { ValueKind: JsonValueKind.Object } capabilities
            && capabilities.TryGetProperty("workspace", out var workspace) && workspace.ValueKind == JsonValueKind.Object
            && workspace.TryGetProperty("inlayHint", out var inlayHint) && inlayHint.ValueKind == JsonValueKind.Object
            && inlayHint.TryGetProperty("refreshSupport", out var refresh) && refresh.ValueKind == JsonValueKind.True;
        server.ClientShowsDocuments = parameters.Capabilities is { ValueKind: JsonValueKind.Object } caps
            && caps.TryGetProperty("window", out var window) && window.ValueKind == JsonValueKind.Object
            && window.TryGetProperty("showDocument", out var show) && show.ValueKind == JsonValueKind.Object
            && show.TryGetProperty("support", out var support) && support.ValueKind == JsonValueKind.True;
        server.ClientRenamesFiles = ClientRenamesFiles(parameters.Capabilities);
        return Result();
    }

    /// <summary>The initialize answer: what the server can do, and its name and version.</summary>
    internal static InitializeResult Result()
    {
        var version = typeof(LifecycleHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        return new InitializeResult(
            new ServerCapabilities
            {
                TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: 2, Save: new SaveOptions(IncludeText: false)),
                HoverProvider = true,
                DocumentSymbolProvider = true,
                DefinitionProvider = true,
                ReferencesProvider = true,
                DocumentHighlightProvider = true,
                RenameProvider = new RenameOptions(PrepareProvider: true),
                WorkspaceSymbolProvider = true,
                CompletionProvider = new CompletionOptions(CompletionHandler.TriggerCharacters),
                CodeActionProvider = new CodeActionOptions([CodeActionKind.QuickFix]),
                DocumentFormattingProvider = true,
                DocumentRangeFormattingProvider = true,
                SemanticTokensProvider = new SemanticTokensOptions(SemanticTokensHandler.Legend, Full: true, Range: true),
                CodeLensProvider = new CodeLensOptions(ResolveProvider: false),
                InlayHintProvider = true,
            },
            new ServerInfo("patchworks-language-server", version));
    }

    /// <summary>workspace.workspaceEdit: documentChanges, and "rename" among the resourceOperations.</summary>
    private static bool ClientRenamesFiles(JsonElement? capabilities) =>
        capabilities is { ValueKind: JsonValueKind.Object } caps
        && caps.TryGetProperty("workspace", out var workspace) && workspace.ValueKind == JsonValueKind.Object
        && workspace.TryGetProperty("workspaceEdit", out var edit) && edit.ValueKind == JsonValueKind.Object
        && edit.TryGetProperty("documentChanges", out var documentChanges) && documentChanges.ValueKind == JsonValueKind.True
        && edit.TryGetProperty("resourceOperations", out var operations) && operations.ValueKind == JsonValueKind.Array
        && operations.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == "rename");

    [JsonRpcMethod("initialized")]
    public void Initialized(JsonElement? parameters = null)
    {
        // Index the workspace in the background: a large repository must not delay the first keystroke. On a thread
        // of its own, not the pool's: requests are answered on the pool, which starts with a thread a core and adds
        // one only about every half second; the index kept one busy for seconds, and the first hover in a
        // 500-connector workspace waited 700 ms for a thread (bench/workspace-bench.sh).
        var folders = _folders;
        server.WorkspaceIndexed = Task.Factory.StartNew(() =>
        {
            foreach (var folder in folders)
            {
                try
                {
                    var scan = server.Workspace.IndexFolder(folder);
                    server.Workspace.LoadIndexed(scan.Files);
                    server.Diagnostics.Schedule(scan.Files);
                    if (scan.Skipped.Count > 0)
                    {
                        var list = string.Join("; ", scan.Skipped.Take(20).Select(s => $"{s.Path} ({s.Reason})"));
                        var more = scan.Skipped.Count > 20 ? $"; and {scan.Skipped.Count - 20} more" : "";
                        server.Logger.LogWarning("Workspace index skipped {Count} files: {List}{More}", scan.Skipped.Count, list, more);
                        _ = server.LogToClientAsync(2, $"Patchworks: {scan.Skipped.Count} file(s) named like connectors or instances were not read: {list}{more}.");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The task never fails: requests wait on it (RequestTargets), and the other folders still count.
                    server.Logger.LogWarning("Could not list the workspace folder {Folder}: {Message}", folder, e.Message);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown(JsonElement? parameters = null)
    {
        server.IsShutDown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit(JsonElement? parameters = null) => server.Exit();
}
