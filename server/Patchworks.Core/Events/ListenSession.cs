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

    /// <summary>How much of each message its JSON carries (<see cref="ListenedMessage.Json"/>); null carries it all (the CLI's --format json and --out).</summary>
    public DescribeBounds? Bounds { get; init; }
}

/// <summary>
/// How much of a message <see cref="ListenSession.Describe"/> carries, so that what the editor is sent stays bounded
/// whatever a broker hands over (a body of megabytes, a hundred thousand records, a header of 100 KB): the body's
/// first characters (then "bodyCut": true and "bodyChars"), the first records up to a count and a size (then
/// "recordsCut": true; "recordCount" always says how many there were), the first problems ("invalidCount" says how
/// many), each header's text cut.
/// </summary>
public sealed record DescribeBounds
{
    /// <summary>The bounds of the editor's patchworks/events/message: the messages panel keeps 64,000 characters of a body and 200 records.</summary>
    public static DescribeBounds Editor { get; } = new();

    public int MaxBodyChars { get; init; } = 64_000;
    public int MaxRecords { get; init; } = 200;

    /// <summary>The most characters the records carried take together, as JSON.</summary>
    public int MaxRecordsChars { get; init; } = 256_000;

    public int MaxInvalid { get; init; } = 200;
    public int MaxHeaderChars { get; init; } = 4_000;
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
            var listened = new ListenedMessage(count, message, records, Describe(count, message, records, target.Listener.Message, options.Bounds));
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

    /// <summary>
    /// How deep a record or header value may nest in a description: JSON writers stop at 64 levels (the language
    /// server's notification and the CLI's JSON both failed on a record nested 250 deep, which the reader takes), and
    /// the description is itself nested a few levels. A record nested deeper is carried as its JSON text; a header
    /// value deeper is cut there.
    /// </summary>
    public const int MaxNesting = 32;

    /// <summary>
    /// A message as JSON: where it came from, its properties and headers (AMQP tables and arrays as JSON objects and
    /// arrays), its body as text, and its records with their checks; within <paramref name="bounds"/> when given.
    /// </summary>
    public static JsonObject Describe(int number, EventMessage message, MessageRecords records, MessageSettings settings, DescribeBounds? bounds = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        var headers = new JsonObject();
        foreach (var (name, value) in message.Properties.Headers)
        {
            headers[Cut(name, bounds?.MaxHeaderChars)] = HeaderJson(value, bounds, 1);
        }
        var json = new JsonObject
        {
            ["number"] = number,
            ["exchange"] = message.Exchange,
            ["routingKey"] = message.RoutingKey,
            ["redelivered"] = message.Redelivered,
            ["properties"] = new JsonObject
            {
                ["contentType"] = Cut(message.Properties.ContentType, bounds?.MaxHeaderChars),
                ["contentEncoding"] = Cut(message.Properties.ContentEncoding, bounds?.MaxHeaderChars),
                ["messageId"] = Cut(message.Properties.MessageId, bounds?.MaxHeaderChars),
                ["correlationId"] = Cut(message.Properties.CorrelationId, bounds?.MaxHeaderChars),
                ["timestamp"] = message.Properties.Timestamp?.ToString("O", CultureInfo.InvariantCulture),
                ["appId"] = Cut(message.Properties.AppId, bounds?.MaxHeaderChars),
                ["type"] = Cut(message.Properties.Type, bounds?.MaxHeaderChars),
                ["persistent"] = message.Properties.Persistent,
            },
            ["headers"] = headers,
            ["bodyBytes"] = message.Body.Length,
            ["body"] = message.BodyText,
        };
        if (bounds is not null && message.BodyText is { } text && text.Length > bounds.MaxBodyChars)
        {
            json["body"] = Cut(text, bounds.MaxBodyChars, marked: false);
            json["bodyCut"] = true;
            json["bodyChars"] = text.Length;
        }
        var shown = new JsonArray();
        var size = 0;
        foreach (var record in records.Records)
        {
            if (bounds is not null && shown.Count >= bounds.MaxRecords)
            {
                break;
            }
            var item = Depth(record) > MaxNesting ? JsonValue.Create(Cut(record!.ToJsonString(DeepWriting), bounds?.MaxBodyChars)) : record?.DeepClone();
            if (bounds is not null)
            {
                size += item?.ToJsonString().Length ?? 4;
                if (size > bounds.MaxRecordsChars)
                {
                    break;
                }
            }
            shown.Add(item);
        }
        json["dataPath"] = settings.DataPath;
        json["records"] = shown;
        json["recordCount"] = records.Records.Count;
        if (shown.Count < records.Records.Count)
        {
            json["recordsCut"] = true;
        }
        json["recordsProblem"] = records.Problem;
        json["schemaChecked"] = records.SchemaChecked;
        json["invalidRecords"] = new JsonArray([.. records.Invalid.Take(bounds?.MaxInvalid ?? int.MaxValue).Select(i => (JsonNode?)JsonValue.Create(Cut(i, bounds?.MaxHeaderChars)))]);
        json["invalidCount"] = records.Invalid.Count;
        return json;
    }

    /// <summary>A header value as one line of text: text as it is, a table or an array as its JSON (as <see cref="Describe"/> carries it).</summary>
    public static string HeaderText(object? value) => value switch
    {
        string text => text,
        null => "null",
        _ => HeaderJson(value, null, 1)?.ToJsonString() ?? "null",
    };

    private static readonly System.Text.Json.JsonSerializerOptions DeepWriting = new() { MaxDepth = Syntax.JsonParser.MaxDepth + 16 };

    /// <summary>A header value as JSON: text, numbers and flags as they are, tables as objects, arrays as arrays, each text cut to the bounds, nothing deeper than <see cref="MaxNesting"/>.</summary>
    private static JsonNode? HeaderJson(object? value, DescribeBounds? bounds, int depth) => value switch
    {
        null => null,
        _ when depth > MaxNesting => JsonValue.Create($"(nested deeper than {MaxNesting} levels)"),
        string text => JsonValue.Create(Cut(text, bounds?.MaxHeaderChars)),
        bool flag => JsonValue.Create(flag),
        long n => JsonValue.Create(n),
        ulong n => JsonValue.Create(n),
        double n when double.IsFinite(n) => JsonValue.Create(n),
        decimal n => JsonValue.Create(n),
        IReadOnlyDictionary<string, object?> table => new JsonObject(table.Select(p => KeyValuePair.Create(Cut(p.Key, bounds?.MaxHeaderChars)!, HeaderJson(p.Value, bounds, depth + 1)))
            .DistinctBy(p => p.Key, StringComparer.Ordinal)),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(v => HeaderJson(v, bounds, depth + 1))]),
        _ => JsonValue.Create(Cut(Convert.ToString(value, CultureInfo.InvariantCulture), bounds?.MaxHeaderChars)),
    };

    /// <summary>The text's first <paramref name="max"/> characters (never half a surrogate pair), saying how long it was when <paramref name="marked"/>.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Cut(string? text, int? max, bool marked = true)
    {
        if (text is null || max is not { } limit || text.Length <= limit)
        {
            return text;
        }
        var end = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return marked ? string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, end)}… ({text.Length:N0} characters)") : text[..end];
    }

    /// <summary>How deep a JSON value nests: 0 for a scalar, 1 for an object or array of scalars.</summary>
    private static int Depth(JsonNode? node) => node switch
    {
        JsonObject o => 1 + (o.Count == 0 ? 0 : o.Max(p => Depth(p.Value))),
        JsonArray a => 1 + (a.Count == 0 ? 0 : a.Max(Depth)),
        _ => 0,
    };

    private static string Identity(EventMessage message) => message.Properties.MessageId is { Length: > 0 } id
        ? "id:" + id
        : "hash:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.RoutingKey + "\n" + message.Exchange + "\n"))) + Convert.ToHexString(SHA256.HashData(message.Body.Span));
}
