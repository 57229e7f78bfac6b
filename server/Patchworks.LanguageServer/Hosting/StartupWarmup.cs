using System.Text.Json;
using Patchworks.LanguageServer.Handlers;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Hosting;

/// <summary>
/// Work the first messages would otherwise do on the protocol's thread, done on the other core while the session
/// starts (issue 20: start-up): the serializer's metadata for initialize's params and answer (built once per options,
/// then shared), then the schemas every analysis reads. Nothing here is needed for correctness; a failure is ignored.
/// </summary>
internal static class StartupWarmup
{
    /// <summary>On a thread of its own: the pool's few threads are for the client's first messages.</summary>
    public static void Start() => new Thread(Run) { IsBackground = true, Name = "Start-up warm-up" }.Start();

    private static void Run()
    {
        try
        {
            var sample = """{"processId":1,"rootUri":"file:///w","capabilities":{"workspace":{"inlayHint":{"refreshSupport":true}}},"workspaceFolders":[{"uri":"file:///w","name":"w"}],"initializationOptions":{"workspaceTrusted":true}}""";
            _ = JsonSerializer.Deserialize<InitializeParams>(sample, ProtocolSerializer.Strict);
            _ = JsonSerializer.SerializeToUtf8Bytes(LifecycleHandler.Result(), ProtocolSerializer.Strict);
            // After the handshake the first analysis needs the connector and instance schemas.
            _ = Patchworks.Core.Schema.SchemaCatalog.Connector;
            _ = Patchworks.Core.Schema.SchemaCatalog.Instance;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            // Only a head start: the real messages do the same work if this did not.
        }
    }
}
