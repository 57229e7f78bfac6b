namespace Patchworks.LanguageServer.Protocol;

// Event connectors (docs/events.md): the editor's Listen and Send Test Message, through the same core as
// `patchworks events listen | send`.

/// <summary>
/// patchworks/events/listen: listens to a listener's queue for an instance (default: the connector's active one).
/// Settle is "peek" (the default: each message held until the listen stops, then put back), "ack", "reject" or
/// "requeue". TimeoutSeconds 0 (the default) waits until patchworks/events/stop or $/cancelRequest. Each message comes
/// as a patchworks/events/message notification carrying ListenId; the answer is the listen's summary.
/// </summary>
public sealed record EventsListenParams(
    string Uri,
    string ListenId,
    string? ListenerId = null,
    string? InstanceUri = null,
    IReadOnlyDictionary<string, string>? Values = null,
    int? MaxMessages = null,
    double? TimeoutSeconds = null,
    string? Settle = null);

/// <summary>patchworks/events/stop (notification): ends the listen ListenId; its request then answers with what it saw.</summary>
public sealed record EventsStopParams(string ListenId);

/// <summary>
/// patchworks/events/send: publishes a test message to a listener (its exchange and first binding key, else its queue):
/// Body, or the listener's message.sampleBody. Answers whether the broker confirmed it.
/// </summary>
public sealed record EventsSendParams(
    string Uri,
    string? ListenerId = null,
    string? InstanceUri = null,
    IReadOnlyDictionary<string, string>? Values = null,
    string? Body = null,
    string? RoutingKey = null,
    string? Exchange = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null);
