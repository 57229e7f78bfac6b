using System.Text;

namespace Patchworks.Core.Events;

/// <summary>
/// One delivered message, copied out of the client library's buffers (they are reused after the delivery handler
/// returns), with AMQP header values already turned into plain strings, numbers and lists so callers need not know
/// the wire types.
/// </summary>
public sealed record EventMessage
{
    public ulong DeliveryTag { get; init; }
    public bool Redelivered { get; init; }
    public string Exchange { get; init; } = "";
    public string RoutingKey { get; init; } = "";
    public EventMessageProperties Properties { get; init; } = new();
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body as UTF-8 text, or null when it is not valid UTF-8 (binary payloads).</summary>
    public string? BodyText { get; init; }

    /// <summary>How many times this listen has seen the message (1 on first delivery), for retry limits.</summary>
    public int Attempt { get; init; } = 1;

    internal static string? DecodeText(ReadOnlySpan<byte> body)
    {
        try
        {
            return Strict.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}

/// <summary>The AMQP basic properties a connector may care about; absent ones are null.</summary>
public sealed record EventMessageProperties
{
    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public IReadOnlyDictionary<string, object?> Headers { get; init; } = new Dictionary<string, object?>();
    public string? AppId { get; init; }
    public string? Type { get; init; }
    public bool Persistent { get; init; }
}

/// <summary>What to do with a message in manual acknowledgement mode.</summary>
public enum Settlement
{
    /// <summary>Handled: the broker removes it.</summary>
    Ack,

    /// <summary>Not handled now: the broker delivers it again (redelivered = true).</summary>
    Requeue,

    /// <summary>Refused: the broker drops it, or routes it to the queue's dead-letter exchange when it has one.</summary>
    Reject,

    /// <summary>
    /// Kept unsettled while the listen lasts (a peek): the broker puts it back on the queue, in its place, when the
    /// listen's channel closes, so it is not delivered again meanwhile. Each held message takes a prefetch slot.
    /// </summary>
    Hold,
}
