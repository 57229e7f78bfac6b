using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>
/// LSP's framing (Content-Length headers), skipping a frame it cannot use instead of ending the connection: one
/// without a Content-Length header, or with a length of 0 or less. Its headers have been read by then, so the next
/// frame is read as usual. A header that cannot be parsed (Content-Length: abc) still ends the connection, as the
/// stream cannot be followed after it; so does a wrong length, which takes the bytes it names.
/// </summary>
internal sealed class LspMessageHandler(Stream writer, Stream reader, IJsonRpcMessageFormatter formatter, ILogger logger)
    : HeaderDelimitedMessageHandler(writer, reader, formatter)
{
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        for (var skipped = 0; ; skipped++)
        {
            try
            {
                return await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && skipped < MaxSkipped && HeadersWereRead(e))
            {
                logger.LogWarning("Skipped a message whose header is not LSP's (Content-Length: N, N > 0): {Message}", e.Message);
            }
        }
    }

    /// <summary>A client sending nothing but empty frames is not worth reading further.</summary>
    private const int MaxSkipped = 1000;

    /// <summary>
    /// The failures StreamJsonRpc's HeaderDelimitedMessageHandler.ReadCoreAsync raises after the whole header block
    /// was read: no Content-Length (its literal message), or a length not above 0 (the argument check).
    /// </summary>
    private static bool HeadersWereRead(Exception e) =>
        e is ArgumentOutOfRangeException { ParamName: "contentLength" }
        || e is BadRpcHeaderException && e.Message.StartsWith("No Content-Length header", StringComparison.Ordinal);
}
