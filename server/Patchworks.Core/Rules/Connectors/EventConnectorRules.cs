using Patchworks.Core.Diagnostics;
using Patchworks.Core.Model;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Rules.Connectors;

/// <summary>
/// Event connectors (kind "event", docs/events.md): the parts of the two kinds stay apart (PW8001, PW8002), the broker
/// gets credentials it understands (PW8003), each listener's queue is reachable as written (PW8004-PW8007), and its
/// acknowledgement, TLS and message settings mean what they say (PW8008-PW8012).
/// </summary>
public static class EventConnectorRules
{
    private static readonly string[] DeclaredOnly = ["durable", "exclusive", "autoDelete", "deadLetterExchange", "deadLetterRoutingKey", "messageTtlMs", "maxLength", "arguments"];

    public static void Check(ConnectorRuleContext context)
    {
        var connector = context.Connector;
        var root = connector.Syntax;
        var bag = context.Diagnostics;
        if (root is null)
        {
            return;
        }
        if (!connector.IsEvent)
        {
            foreach (var name in new[] { "broker", "listeners" })
            {
                if (root.Find(name) is { } property)
                {
                    bag.Add(DiagnosticCatalog.EventPartsInApiConnector, property.Key.Span, name);
                }
            }
            return;
        }

        foreach (var name in new[] { "endpoints", "protocol" })
        {
            if (root.Find(name) is { } property)
            {
                bag.Add(DiagnosticCatalog.EventEndpoints, property.Key.Span, name);
            }
        }
        foreach (var auth in connector.AuthMethods)
        {
            if (auth.Type is { } type && type is not ("basic" or "none") && auth.TypeSyntax is { } typeSyntax)
            {
                bag.Add(DiagnosticCatalog.EventAuthType, typeSyntax.Span, type);
            }
        }
        if (connector.Broker is { } broker)
        {
            CheckTls(broker, bag);
        }

        DuplicateFinder.Report(connector.Listeners, l => l.IdSyntax is { } id ? (id.Value, id) : null, StringComparer.Ordinal, bag,
            l => (DiagnosticCatalog.DuplicateListenerId, [l.Id]), "First used here.");
        foreach (var listener in connector.Listeners)
        {
            CheckBinding(listener, bag);
            CheckQueue(listener, bag);
            if (listener.Acknowledgement == Listener.AutoAck && listener.RetrySyntax is { } retry && retry.Parent is PropertySyntax retryProperty)
            {
                bag.Add(DiagnosticCatalog.RetryWithAutoAck, retryProperty.Key.Span);
            }
            CheckMessage(listener.Message, bag);
        }
    }

    private static void CheckTls(Broker broker, DiagnosticBag bag)
    {
        if (broker.Syntax.Find("port") is not { Value: NumberSyntax port } || broker.TlsTemplate is not null)
        {
            return; // a templated port is the instance's business
        }
        if (broker.Tls && port.Value == 5672)
        {
            bag.Add(DiagnosticCatalog.TlsPortMismatch, port.Span, "TLS is on but 5672 is RabbitMQ's plain AMQP port: AMQPS listens on 5671 unless the broker says otherwise.");
        }
        else if (!broker.Tls && port.Value == 5671)
        {
            bag.Add(DiagnosticCatalog.TlsPortMismatch, port.Span, "5671 is RabbitMQ's AMQPS (TLS) port but TLS is off: add \"tls\": true, or use 5672.");
        }
    }

    private static void CheckBinding(Listener listener, DiagnosticBag bag)
    {
        var keysProperty = listener.BindingKeysSyntax?.Parent as PropertySyntax;
        if (listener.Exchange is not { } exchange)
        {
            if (keysProperty is not null && listener.BindingKeys.Count > 0)
            {
                bag.Add(DiagnosticCatalog.BindingKeysWithoutExchange, keysProperty.Key.Span, listener.Id ?? "");
            }
            return;
        }
        if (exchange.Type == "fanout")
        {
            if (keysProperty is not null && listener.BindingKeys.Count > 0)
            {
                bag.Add(DiagnosticCatalog.FanoutBindingKeys, keysProperty.Key.Span);
            }
        }
        else if (listener.BindingKeys.Count == 0 && exchange.Syntax.Parent is PropertySyntax exchangeProperty)
        {
            bag.Add(DiagnosticCatalog.ExchangeNeverBound, exchangeProperty.Key.Span, exchange.Type, exchange.Name?.Value ?? "");
        }
    }

    private static void CheckQueue(Listener listener, DiagnosticBag bag)
    {
        if (listener.Queue is not { Declare: false } queue)
        {
            return;
        }
        foreach (var name in DeclaredOnly)
        {
            if (queue.Syntax.Find(name) is { } property)
            {
                bag.Add(DiagnosticCatalog.QueueSettingsWithoutDeclare, property.Key.Span, name);
            }
        }
    }

    private static void CheckMessage(MessageSettings message, DiagnosticBag bag)
    {
        if (message.DataPathSyntax is not { Value.Length: > 0 } path)
        {
            return;
        }
        if (message.Format == "text")
        {
            bag.Add(DiagnosticCatalog.DataPathInTextMessage, path.Span, path.Value);
        }
        else if (Running.Data.ResponseData.PathProblem(path.Value) is { } problem)
        {
            bag.Add(DiagnosticCatalog.MessagePathUnsupported, path.Span, path.Value, problem);
        }
    }
}
