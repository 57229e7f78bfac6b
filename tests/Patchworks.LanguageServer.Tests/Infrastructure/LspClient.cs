using System.Collections.Concurrent;
using System.Text.Json;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>
/// The client side of an LSP conversation: sends requests and notifications, and collects what the server
/// pushes (diagnostics, log messages) so tests can wait for exactly the publish they expect.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private readonly JsonRpc _rpc;
    private readonly List<PublishDiagnosticsParams> _published = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public LspClient(Stream toServer, Stream fromServer)
    {
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ProtocolSerializer.Options };
        _rpc = new ClientRpc(new HeaderDelimitedMessageHandler(toServer, fromServer, formatter));
        _rpc.AddLocalRpcTarget(new ClientTarget(this), new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        _rpc.StartListening();
    }

    public ConcurrentBag<string> LogMessages { get; } = [];

    /// <summary>An error's data as the server sent it (a JsonElement in RemoteInvocationException.ErrorData), not StreamJsonRpc's CommonErrorData.</summary>
    private sealed class ClientRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
    {
        protected override Type? GetErrorDetailsDataType(StreamJsonRpc.Protocol.JsonRpcError error) => typeof(JsonElement);
    }

    private int _inlayHintRefreshes;

    /// <summary>What window/showDocument with external: true does (the user's browser); null answers success: false.</summary>
    public Func<Uri, Task<bool>>? OpenExternal { get; set; }

    /// <summary>The editor's secret storage, as patchworks/getSecrets reads it and patchworks/setSecret writes it.</summary>
    public Dictionary<string, string> SecretStorage { get; } = new(StringComparer.Ordinal);

    /// <summary>Every workspace/applyEdit the server asked for, in order (each answered applied).</summary>
    public ConcurrentQueue<JsonElement> AppliedEdits { get; } = [];

    /// <summary>Every $/progress notification, in order.</summary>
    public ConcurrentQueue<JsonElement> Progress { get; } = [];

    /// <summary>Every patchworks/events/message notification (a listen's start and its messages), in order.</summary>
    public ConcurrentQueue<JsonElement> EventMessages { get; } = [];

    /// <summary>How many times the server asked for inlay hints again (workspace/inlayHint/refresh).</summary>
    public int InlayHintRefreshes => Volatile.Read(ref _inlayHintRefreshes);

    /// <summary>What the server sends the client; params arrive as one object, as LSP sends them.</summary>
    private sealed class ClientTarget(LspClient client)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void PublishDiagnostics(JsonElement parameters) => client.OnPublish(parameters);

        [JsonRpcMethod("window/logMessage")]
        public void LogMessage(JsonElement parameters) => client.LogMessages.Add(parameters.GetRawText());

        [JsonRpcMethod("window/showDocument")]
        public async Task<object> ShowDocument(JsonElement parameters) =>
            client.OpenExternal is { } open ? new { success = await open(new Uri(parameters.GetProperty("uri").GetString()!)) } : new { success = false };

        [JsonRpcMethod("patchworks/getSecrets")]
        public Dictionary<string, string> GetSecrets(JsonElement parameters) =>
            parameters.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)
                .Where(client.SecretStorage.ContainsKey).ToDictionary(n => n, n => client.SecretStorage[n]);

        [JsonRpcMethod("patchworks/setSecret")]
        public object? SetSecret(JsonElement parameters)
        {
            var name = parameters.GetProperty("name").GetString()!;
            if (parameters.GetProperty("value").GetString() is { } value)
            {
                client.SecretStorage[name] = value;
            }
            else
            {
                client.SecretStorage.Remove(name);
            }
            return null;
        }

        [JsonRpcMethod("workspace/applyEdit")]
        public object ApplyEdit(JsonElement parameters)
        {
            client.AppliedEdits.Enqueue(parameters.Clone());
            return new { applied = true };
        }

        [JsonRpcMethod("$/progress")]
        public void Progress(JsonElement parameters) => client.Progress.Enqueue(parameters.Clone());

        [JsonRpcMethod("patchworks/events/message")]
        public void EventMessage(JsonElement parameters) => client.EventMessages.Enqueue(parameters.Clone());

        [JsonRpcMethod("workspace/inlayHint/refresh")]
        public object? RefreshInlayHints(JsonElement? parameters = null)
        {
            Interlocked.Increment(ref client._inlayHintRefreshes);
            return null;
        }
    }

    public JsonRpc Rpc => _rpc;

    private void OnPublish(JsonElement parameters)
    {
        var publish = parameters.Deserialize<PublishDiagnosticsParams>(ProtocolSerializer.Options)!;
        lock (_published)
        {
            _published.Add(publish);
        }
        _arrived.Release();
    }

    public Task<T> RequestAsync<T>(string method, object? parameters, CancellationToken cancellationToken = default) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken);

    public Task NotifyAsync(string method, object? parameters = null) => _rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task<InitializeResult> InitializeAsync(string? rootPath = null) =>
        RequestAsync<InitializeResult>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            capabilities = new { textDocument = new { publishDiagnostics = new { versionSupport = true } }, window = new { showDocument = new { support = true } } },
        });

    public async Task OpenAsync(string path, string text, int version = 1) =>
        await NotifyAsync("textDocument/didOpen", new { textDocument = new TextDocumentItem(Uri(path), "jsonc", version, text) });

    public async Task ChangeAsync(string path, int version, params TextDocumentContentChangeEvent[] changes) =>
        await NotifyAsync("textDocument/didChange", new { textDocument = new VersionedTextDocumentIdentifier(Uri(path), version), contentChanges = changes });

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>Waits for a publish for the file that satisfies the condition (a version, a code), skipping older ones.</summary>
    public async Task<PublishDiagnosticsParams> WaitForDiagnosticsAsync(string path, Func<PublishDiagnosticsParams, bool>? condition = null, int timeoutMs = 15000)
    {
        var uri = Uri(path);
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var seen = 0;
        while (true)
        {
            lock (_published)
            {
                for (; seen < _published.Count; seen++)
                {
                    var publish = _published[seen];
                    if (publish.Uri == uri && (condition?.Invoke(publish) ?? true))
                    {
                        return publish;
                    }
                }
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !await _arrived.WaitAsync(remaining))
            {
                lock (_published)
                {
                    var forUri = _published.Where(p => p.Uri == uri).Select(p => $"v{p.Version}: [{string.Join(", ", p.Diagnostics.Select(d => d.Code))}]");
                    throw new TimeoutException($"No matching diagnostics for {uri}. Published: {string.Join("; ", forUri)}");
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await Task.CompletedTask;
    }
}
