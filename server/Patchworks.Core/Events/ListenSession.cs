using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Events;

/// <summary>What a look at a listener's queue does: how many messages, how long to wait, and what happens to each.</summary>
public sealed record ListenSessionOptions
{
    public int? MaxMessages { get; init; }

    /// <summary>Stop after this many seconds without a message; 0 waits until cancelled.</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// Ack removes each message, Reject dead-letters (or drops) it, Requeue (the default) puts it straight back (the
    /// listen stops once one comes round again), Hold keeps each one until the listen ends (a peek: the queue is left
    /// as it was, and messages that arrive meanwhile are shown too, up to <see cref="ListenSession.PeekLimit"/>).
    /// </summary>
    public Settlement Settle { get; init; } = Settlement.Requeue;

    public TimeSpan ReconnectWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called once the listener is consuming (see <see cref="ListenOptions.Consuming"/>).</summary>
    public Func<ValueTask>? Consuming { get; init; }
}

/// <summary>One message as a listen shows it: its number, the message, its records at the data path, and its JSON (<see cref="ListenSession.Describe"/>).</summary>
public sealed record ListenedMessage(int Number, EventMessage Message, MessageRecords Records, JsonObject Json)
{
    public bool FailedChecks => Records.Problem is not null || Records.Invalid.Count > 0;
}

/// <summary>How a listen went, in the words and JSON that `patchworks events listen` and the editor show.</summary>
public sealed record ListenSessionResult(ListenResult Result, int Count, int FailedChecks, bool CameRound, string Ended, JsonObject Summary);

/// <summary>
/// A listen as the CLI and the editor run it: the listener's queue on its broker, each message read into records at
/// the data path and checked against the message schema, then settled as asked. With Requeue (only looking) the
/// listener's retry is off, so looking never counts as a failed attempt, and the listen stops once a message it
/// showed comes round again (every message on the queue was seen).
/// </summary>
public static class ListenSession
{
    /// <summary>The most messages a peek (<see cref="Settlement.Hold"/>) holds at once: each one takes a prefetch slot and memory.</summary>
    public const int PeekLimit = 1000;

    /// <summary>What happens to each message, in words ("requeued (left on the queue)").</summary>
    public static string Settling(EventTarget target, Settlement settle) =>
        target.Settings.Acknowledgement == Acknowledgement.Auto ? "auto-acknowledged by the broker" : settle switch
        {
            Settlement.Ack => "acknowledged (removed from the queue)",
            Settlement.Reject => "rejected (dead-lettered, or dropped)",
            Settlement.Hold => "held and put back on the queue when the listen stops",
            _ => "requeued (left on the queue)",
        };

    public static async Task<ListenSessionResult> RunAsync(ConnectorDocument connector, EventTarget target, ListenSessionOptions options,
        Func<ListenedMessage, CancellationToken, ValueTask> onMessage, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onMessage);
        var schema = MessageRecords.SchemaOf(target.Listener, connector.Model);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        var failedChecks = 0;
        var cameRound = false;
        var settings = options.Settle is Settlement.Requeue or Settlement.Hold ? target.Settings with { Retry = null } : target.Settings;
        var maxMessages = options.MaxMessages;
        if (options.Settle == Settlement.Hold && settings.Acknowledgement == Acknowledgement.Manual)
        {
            // every held message keeps a prefetch slot until the end: room for all the peek may show
            maxMessages = Math.Min(maxMessages ?? PeekLimit, PeekLimit);
            settings = settings with { Prefetch = (ushort)maxMessages.Value };
        }
        var result = await EventListener.ListenAsync(target.Broker, settings, new ListenOptions
        {
            MaxMessages = maxMessages,
            Timeout = options.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(options.TimeoutSeconds) : null,
            ReconnectWindow = options.ReconnectWindow,
            Consuming = options.Consuming,
        }, async (message, token) =>
        {
            // Requeued messages come straight back: once one already shown arrives again, every message has been seen.
            var identity = Identity(message);
            if (options.Settle == Settlement.Requeue && message.Redelivered && shown.Contains(identity))
            {
                cameRound = true;
                await stop.CancelAsync().ConfigureAwait(false);
                return Settlement.Requeue;
            }
            if (options.Settle == Settlement.Hold && message.Redelivered && shown.Contains(identity))
            {
                return Settlement.Hold; // held before a reconnect and delivered again: shown already
            }
            shown.Add(identity);
            count++;
            var records = MessageRecords.Read(message, target.Listener.Message, schema);
            var listened = new ListenedMessage(count, message, records, Describe(count, message, records, target.Listener.Message));
            if (listened.FailedChecks)
            {
                failedChecks++;
            }
            await onMessage(listened, token).ConfigureAwait(false);
            return options.Settle;
        }, stop.Token).ConfigureAwait(false);

        var culture = CultureInfo.InvariantCulture;
        var ended = cameRound ? "every message on the queue was shown (they came round again)" : result.End switch
        {
            ListenEnd.MaxMessages when options.Settle == Settlement.Hold && options.MaxMessages is null or > PeekLimit => $"{count} messages held, the most a peek holds",
            ListenEnd.MaxMessages => $"{count} message{(count == 1 ? "" : "s")}, as asked",
            ListenEnd.Timeout => $"no message for {options.TimeoutSeconds.ToString(culture)} s",
            ListenEnd.Cancelled => "cancelled",
            _ => result.Reason,
        };
        var summary = new JsonObject
        {
            ["end"] = cameRound ? "seenAll" : result.Reason,
            ["messages"] = count,
            ["acked"] = result.Acked,
            ["requeued"] = result.Requeued,
            ["rejected"] = result.Rejected,
            ["held"] = result.Held,
            ["failedChecks"] = failedChecks,
            ["reconnected"] = result.Reconnected,
            ["fault"] = result.Fault is { } f ? new JsonObject { ["code"] = f.Code, ["message"] = f.Message } : null,
            ["interruptions"] = new JsonArray([.. result.Interruptions.Select(i => (JsonNode)new JsonObject { ["code"] = i.Code, ["message"] = i.Message })]),
        };
        return new ListenSessionResult(result, count, failedChecks, cameRound, ended, summary);
    }

    /// <summary>A message as JSON: where it came from, its properties and headers, its body as text, and its records with their checks.</summary>
    public static JsonObject Describe(int number, EventMessage message, MessageRecords records, MessageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        var headers = new JsonObject();
        foreach (var (name, value) in message.Properties.Headers)
        {
            headers[name] = value is null ? null : JsonValue.Create(value.ToString());
        }
        return new JsonObject
        {
            ["number"] = number,
            ["exchange"] = message.Exchange,
            ["routingKey"] = message.RoutingKey,
            ["redelivered"] = message.Redelivered,
            ["properties"] = new JsonObject
            {
                ["contentType"] = message.Properties.ContentType,
                ["contentEncoding"] = message.Properties.ContentEncoding,
                ["messageId"] = message.Properties.MessageId,
                ["correlationId"] = message.Properties.CorrelationId,
                ["timestamp"] = message.Properties.Timestamp?.ToString("O", CultureInfo.InvariantCulture),
                ["appId"] = message.Properties.AppId,
                ["type"] = message.Properties.Type,
                ["persistent"] = message.Properties.Persistent,
            },
            ["headers"] = headers,
            ["bodyBytes"] = message.Body.Length,
            ["body"] = message.BodyText,
            ["dataPath"] = settings.DataPath,
            ["records"] = new JsonArray([.. records.Records.Select(r => r?.DeepClone())]),
            ["recordsProblem"] = records.Problem,
            ["schemaChecked"] = records.SchemaChecked,
            ["invalidRecords"] = new JsonArray([.. records.Invalid.Select(i => (JsonNode?)JsonValue.Create(i))]),
        };
    }

    private static string Identity(EventMessage message) => message.Properties.MessageId is { Length: > 0 } id
        ? "id:" + id
        : "hash:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.RoutingKey + "\n" + message.Exchange + "\n"))) + Convert.ToHexString(SHA256.HashData(message.Body.Span));
}
