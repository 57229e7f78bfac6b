using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Events;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Running;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/events/listen, /stop and /send: an event connector's listener against its broker, for the editor's
/// Listen and Send Test Message lenses, through <see cref="ListenSession"/> and <see cref="TestMessages"/> as the CLI.
/// Both need a trusted workspace (they connect with the instance's credentials). Secrets come from the editor's
/// secret storage (patchworks/getSecrets) or the environment; the password is in no message, answer or log.
/// </summary>
internal sealed class EventsHandler(LanguageServer server)
{
    public const string MessageNotification = "patchworks/events/message";

    /// <summary>The most listens one server runs at once: each holds a broker connection.</summary>
    public const int MaxListens = 8;

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _listens = new(StringComparer.Ordinal);

    [JsonRpcMethod("patchworks/events/listen")]
    public async Task<JsonElement> ListenAsync(EventsListenParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("connect to its broker");
        if (string.IsNullOrEmpty(parameters.ListenId) || parameters.ListenId.Length > 200)
        {
            throw new LocalRpcException("patchworks/events/listen needs a listenId (at most 200 characters) to tag its messages with.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        var settle = ParseSettle(parameters.Settle);
        if (parameters.MaxMessages is < 1 || parameters.TimeoutSeconds is < 0 or > 86_400)
        {
            throw new LocalRpcException("maxMessages must be positive and timeoutSeconds between 0 and 86400.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        var (connector, target) = await ResolveAsync(parameters.Uri, parameters.ListenerId, parameters.InstanceUri, parameters.Values, cancellationToken).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_listens.Count >= MaxListens || !_listens.TryAdd(parameters.ListenId, stop))
        {
            throw new LocalRpcException(_listens.ContainsKey(parameters.ListenId)
                ? $"A listen with the id {parameters.ListenId} is running already."
                : $"{MaxListens} listens are running already: stop one first.") { ErrorCode = ErrorCodes.RequestFailed };
        }
        try
        {
            var settling = ListenSession.Settling(target, settle);
            var session = await ListenSession.RunAsync(connector, target, new ListenSessionOptions
            {
                MaxMessages = parameters.MaxMessages,
                TimeoutSeconds = parameters.TimeoutSeconds ?? 0,
                Settle = settle,
                // each notification bounded whatever the broker hands over: the body and records cut, saying so
                Bounds = DescribeBounds.Editor,
                // "listening" once the consumer is on: the queue and its bindings exist, a message sent now reaches it
                Consuming = async () => await server.NotifyAsync(MessageNotification, new
                {
                    listenId = parameters.ListenId,
                    kind = "listening",
                    listener = target.Listener.Id,
                    queue = target.Settings.Queue,
                    broker = target.Broker.Describe(),
                    user = target.Broker.UserName,
                    settling,
                }).ConfigureAwait(false),
            }, async (listened, _) =>
                await server.NotifyAsync(MessageNotification, new { listenId = parameters.ListenId, kind = "message", message = listened.Json }).ConfigureAwait(false),
                stop.Token).ConfigureAwait(false);
            var answer = new JsonObject
            {
                ["listenId"] = parameters.ListenId,
                ["listener"] = target.Listener.Id,
                ["queue"] = target.Settings.Queue,
                ["broker"] = target.Broker.Describe(),
                ["settling"] = settling,
                ["ended"] = session.Ended,
                ["summary"] = session.Summary,
            };
            return JsonSerializer.SerializeToElement(answer);
        }
        finally
        {
            _listens.TryRemove(new KeyValuePair<string, CancellationTokenSource>(parameters.ListenId, stop));
        }
    }

    [JsonRpcMethod("patchworks/events/stop")]
    public void Stop(EventsStopParams parameters)
    {
        if (parameters.ListenId is { } id && _listens.TryGetValue(id, out var stop))
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it ended meanwhile
            }
        }
    }

    [JsonRpcMethod("patchworks/events/send")]
    public async Task<JsonElement> SendAsync(EventsSendParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        server.RequireTrusted("connect to its broker");
        var (connector, target) = await ResolveAsync(parameters.Uri, parameters.ListenerId, parameters.InstanceUri, parameters.Values, cancellationToken).ConfigureAwait(false);
        string body;
        if (parameters.Body is { } given)
        {
            if (Encoding.UTF8.GetByteCount(given) > MaxBodyBytes)
            {
                throw new LocalRpcException($"The message is larger than {MaxBodyBytes / (1024 * 1024)} MB; nothing was sent.") { ErrorCode = ErrorCodes.InvalidParams };
            }
            body = given;
        }
        else
        {
            body = TestMessages.SampleBody(target.Listener, connector.Model, out var problem)
                ?? throw new LocalRpcException($"Nothing was sent: {problem}.") { ErrorCode = ErrorCodes.RequestFailed, ErrorData = new { reason = "noSampleBody" } };
        }
        var headers = parameters.Headers?.ToDictionary(h => h.Key, h => (object?)h.Value, StringComparer.Ordinal);
        var message = TestMessages.Build(target, body, parameters.RoutingKey, parameters.Exchange, parameters.ContentType, headers);
        var result = await EventSender.PublishAsync(target.Broker, message, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var answer = new JsonObject
        {
            ["confirmed"] = result.Confirmed,
            ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()),
            ["message"] = result.Confirmed
                ? string.Create(CultureInfo.InvariantCulture, $"Sent {message.Body.Length:N0} bytes to {TestMessages.Where(message)} with routing key \"{message.RoutingKey}\" on {target.Broker.Describe()}: the broker confirmed it.")
                : result.Message,
            ["fault"] = result.Fault is { } f ? new JsonObject { ["code"] = f.Code, ["message"] = f.Message } : null,
            ["listener"] = target.Listener.Id,
            ["exchange"] = message.Exchange,
            ["routingKey"] = message.RoutingKey,
            ["bytes"] = message.Body.Length,
            ["messageId"] = message.MessageId,
        };
        return JsonSerializer.SerializeToElement(answer);
    }

    /// <summary>The largest test message the editor may send.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private static Settlement ParseSettle(string? settle) => settle switch
    {
        null or "peek" => Settlement.Hold,
        "ack" => Settlement.Ack,
        "reject" => Settlement.Reject,
        "requeue" => Settlement.Requeue,
        _ => throw new LocalRpcException($"settle is peek, ack, reject or requeue, not \"{Shown(settle)}\".") { ErrorCode = ErrorCodes.InvalidParams },
    };

    /// <summary>The longest uri, instanceUri or listenerId taken: what is refused is named in the error, and a megabyte of it is no name.</summary>
    public const int MaxNameLength = 4096;

    private static string Shown(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");

    private static void RequireBounded(string? value, string member)
    {
        if (value is { Length: > MaxNameLength })
        {
            throw new LocalRpcException($"{member} is longer than {MaxNameLength:N0} characters (\"{Shown(value)}\").") { ErrorCode = ErrorCodes.InvalidParams };
        }
    }

    /// <summary>The connector, and its listener resolved for the instance with the editor's secrets; a target that is not ready is refused, naming what is missing.</summary>
    private async Task<(ConnectorDocument Connector, EventTarget Target)> ResolveAsync(string uri, string? listenerId, string? instanceUri,
        IReadOnlyDictionary<string, string>? values, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new LocalRpcException("uri names the connector file; it is empty.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        RequireBounded(uri, "uri");
        RequireBounded(instanceUri, "instanceUri");
        RequireBounded(listenerId, "listenerId");
        // Only a connector inside the workspace (and not through a link out of it) gets the instance's credentials.
        var path = RequestTargets.PathOf(uri);
        var real = server.Workspace.Files.Probe(path).RealPath ?? path;
        if (!server.Workspace.ContainsFolder(Path.GetDirectoryName(path) ?? path) || !server.Workspace.ContainsFolder(Path.GetDirectoryName(real) ?? real))
        {
            throw new LocalRpcException($"{Path.GetFileName(path)} is outside every workspace folder (or a link leads out): only a connector inside the workspace listens or sends.")
            {
                ErrorCode = ErrorCodes.RequestFailed,
                ErrorData = new { reason = "outsideWorkspace" },
            };
        }
        var (connector, instance) = await RequestTargets.FindAsync(server, uri, instanceUri, cancellationToken).ConfigureAwait(false);
        var secrets = await ClientSecrets.FetchAsync(server, instance, cancellationToken).ConfigureAwait(false);
        EventTarget target;
        try
        {
            target = EventTargetResolver.Resolve(connector, listenerId, instance, new ResolveOptions
            {
                AdHocValues = values ?? new Dictionary<string, string>(),
                Secrets = secrets,
            });
        }
        catch (ResolutionException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.InvalidParams };
        }
        if (!target.IsReady)
        {
            throw new LocalRpcException($"Nothing was sent: {target.DescribeProblems()}")
            {
                ErrorCode = ErrorCodes.RequestFailed,
                ErrorData = new
                {
                    reason = target.MissingSecrets.Count > 0 ? "missingSecret" : "unresolved",
                    missingSecrets = target.MissingSecrets.Select(m => new { variable = m.Definition.Key, usedBy = m.UsedBy, reference = m.Reference, message = m.Message }).ToArray(),
                },
            };
        }
        return (connector, target);
    }
}
