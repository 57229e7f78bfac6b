using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.Threading;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Handlers;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer;

/// <summary>
/// One language server session over a pair of streams: stdio in production, an in-memory duplex stream in
/// tests. Messages are handled in the order they arrive (a NonConcurrentSynchronizationContext), so text edits
/// apply in sequence; analysis runs in the background and never blocks the protocol.
/// </summary>
public sealed class LanguageServer : System.IAsyncDisposable
{
    private readonly JsonRpc _rpc;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LanguageServer(JsonRpc rpc, IFileSystem disk, ILogger logger)
    {
        _rpc = rpc;
        Logger = logger;
        RefreshTokens = new Running.ClientTokenStore(this);
        Workspace = new ServerWorkspace(disk);
        Diagnostics = new DiagnosticsPublisher(Workspace, p => _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p), Logger);
    }

    internal ServerWorkspace Workspace { get; }
    internal DiagnosticsPublisher Diagnostics { get; }
    internal ActiveInstances ActiveInstances { get; } = new();
    internal ILogger Logger { get; }
    internal bool IsInitialized { get; set; }

    /// <summary>
    /// Whether the editor trusts the workspace (VS Code's workspace trust): initializationOptions.workspaceTrusted,
    /// then patchworks/setWorkspaceTrust. A client that says nothing has no trust model of its own: trusted.
    /// </summary>
    internal bool WorkspaceTrusted { get; set; } = true;

    /// <summary>
    /// The background listing of the workspace folders that "initialized" starts. Requests that name a file by
    /// URI wait for it, so that one sent right after start-up finds a connector that is on disk but not open.
    /// </summary>
    internal Task WorkspaceIndexed { get; set; } = Task.CompletedTask;
    internal bool IsShutDown { get; set; }

    /// <summary>The exit code, once the client sends "exit" (0 after "shutdown", 1 otherwise) or the connection drops.</summary>
    public Task<int> Exited => _exited.Task;

    public static LanguageServer Start(Stream toClient, Stream fromClient, ILoggerFactory loggerFactory, IFileSystem? disk = null)
    {
        var formatter = new LspMessageFormatter { JsonSerializerOptions = ProtocolSerializer.Strict };
        var logger = loggerFactory.CreateLogger("Patchworks.LanguageServer");
        LanguageServer? server = null;
        var rpc = new LspJsonRpc(new LspMessageHandler(toClient, fromClient, formatter, logger), formatter, logger)
        {
            IsInitialized = () => server?.IsInitialized ?? false,
            BeginRequest = () => server!.Workspace.BeginRead(),
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        server = new LanguageServer(rpc, disk ?? PhysicalFileSystem.Instance, logger);
        foreach (var handler in Handlers(server))
        {
            rpc.AddHandler(handler);
        }
        rpc.AddInvalidMessageHandler();
        rpc.Disconnected += (_, e) =>
        {
            if (e.Reason is not (DisconnectedReason.RemotePartyTerminated or DisconnectedReason.LocallyDisposed))
            {
                server.Logger.LogError(e.Exception, "The connection to the client ended: {Reason}: {Description}", e.Reason, e.Description);
            }
            server._exited.TrySetResult(server.IsShutDown ? 0 : 1);
        };
        rpc.StartListening();
        return server;
    }

    /// <summary>Every object whose [JsonRpcMethod] methods the server answers.</summary>
    private static IEnumerable<object> Handlers(LanguageServer server) =>
    [
        new LifecycleHandler(server),
        new TextSyncHandler(server),
        new WatchedFilesHandler(server),
        new HoverHandler(server),
        new DocumentSymbolHandler(server),
        new DefinitionHandler(server),
        new ReferencesHandler(server),
        new DocumentHighlightHandler(server),
        new RenameHandler(server),
        new WorkspaceSymbolHandler(server),
        new CompletionHandler(server),
        new CodeActionHandler(server),
        new FormattingHandler(server),
        new SemanticTokensHandler(server),
        new CodeLensHandler(server),
        new CustomRequestHandler(server),
        new InlayHintHandler(server),
        new RunHandler(server),
        new EventsHandler(server),
        new OutlineHandler(server),
        new InsertSectionHandler(server),
        new TestsHandler(server),
        new SchemaUpdateHandler(server),
        new AddTestHandler(server),
        new DraftValidationHandler(server),
        new PublishHandler(server),
        new ImportHandler(server),
        new WorkspaceTrustHandler(server),
    ];

    /// <summary>The client can open a URI in the user's browser (capabilities.window.showDocument.support).</summary>
    internal bool ClientShowsDocuments { get; set; }

    /// <summary>The client applies documentChanges with "rename" resource operations (workspace.workspaceEdit): a rename may move files and folders.</summary>
    internal bool ClientRenamesFiles { get; set; }

    /// <summary>Refresh tokens of OAuth 2 sign-ins: in memory for the session, kept in the editor's SecretStorage.</summary>
    internal Running.ClientTokenStore RefreshTokens { get; }

    /// <summary>Sends a request to the client and waits for its answer.</summary>
    internal Task<T> RequestClientAsync<T>(string method, object parameters, CancellationToken cancellationToken) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken);

    /// <summary>Sends a notification to the client ($/progress, window/logMessage).</summary>
    internal Task NotifyAsync(string method, object parameters) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    internal void Exit() => _exited.TrySetResult(IsShutDown ? 0 : 1);

    /// <summary>Refuses requests that come before "initialize", as the specification asks.</summary>
    internal void RequireInitialized()
    {
        if (!IsInitialized)
        {
            throw new LocalRpcException("The server is not initialized: send 'initialize' first.") { ErrorCode = ErrorCodes.ServerNotInitialized };
        }
    }

    /// <summary>
    /// Refuses what would run the workspace's connector scripts, send its requests or send credentials (run, sign
    /// in, publish) while the editor does not trust the workspace. The error's data is { reason: "untrustedWorkspace" }.
    /// </summary>
    internal void RequireTrusted(string action)
    {
        if (!WorkspaceTrusted)
        {
            throw new LocalRpcException($"The workspace is not trusted: trust it in the editor to {action}.")
            {
                ErrorCode = ErrorCodes.RequestFailed,
                ErrorData = new { reason = "untrustedWorkspace" },
            };
        }
    }

    /// <summary>The client said it handles workspace/inlayHint/refresh (capabilities.workspace.inlayHint.refreshSupport).</summary>
    internal bool ClientRefreshesInlayHints { get; set; }

    /// <summary>Asks the client to request inlay hints again, as it must when the values they show change.</summary>
    internal async Task RefreshInlayHintsAsync()
    {
        if (!ClientRefreshesInlayHints)
        {
            return;
        }
        try
        {
            await _rpc.InvokeWithParameterObjectAsync("workspace/inlayHint/refresh").ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            // A refresh is a courtesy: the hints update on the next edit anyway.
            Logger.LogDebug(e, "workspace/inlayHint/refresh failed");
        }
    }

    internal Task LogToClientAsync(int type, string message) =>
        _rpc.NotifyWithParameterObjectAsync("window/logMessage", new { type, message });

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await Diagnostics.Idle.ConfigureAwait(false);
    }
}
