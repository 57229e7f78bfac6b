using System.Globalization;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Events;

/// <summary>
/// One listener of an event connector made ready for the broker layer: the connection and listener settings with every
/// {{variable}} resolved for an instance. <see cref="Problems"/> lists what has no value (nothing is sent while there are
/// any); <see cref="Placeholders"/> says where each value came from, secrets masked.
/// </summary>
public sealed record EventTarget
{
    public required Listener Listener { get; init; }
    public required BrokerConnectionSettings Broker { get; init; }
    public required ListenerSettings Settings { get; init; }
    public string? AuthMethodId { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    public IReadOnlyList<MissingSecret> MissingSecrets { get; init; } = [];
    public IReadOnlyList<PlaceholderValue> Placeholders { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsReady => Problems.Count == 0 && MissingSecrets.Count == 0;

    /// <summary>Every reason nothing can be sent, in one sentence per problem (callers say "nothing was sent" themselves: it is not repeated for the secrets).</summary>
    public string DescribeProblems() => string.Join(" ", Problems.Concat(MissingSecrets.Count > 0 ? [WithoutPrefix(MissingSecret.Describe(MissingSecrets))] : []));

    private static string WithoutPrefix(string sentence) =>
        sentence.StartsWith(NothingSent, StringComparison.Ordinal) ? sentence[NothingSent.Length..] : sentence;

    private const string NothingSent = "Nothing was sent: ";
}

/// <summary>Maps an event connector's broker and listener (the file model) onto the broker layer's settings for an instance.</summary>
public static class EventTargetResolver
{
    public static EventTarget Resolve(ConnectorDocument connector, string? listenerId, Instance? instance, ResolveOptions? options = null)
    {
        var model = connector.Model;
        if (!model.IsEvent)
        {
            throw new ResolutionException($"{Path.GetFileName(model.FilePath)} is an API connector: events listen and send need an event connector (\"kind\": \"event\", docs/events.md).");
        }
        var listener = PickListener(model, listenerId);
        if (model.Broker is not { } broker)
        {
            throw new ResolutionException($"{Path.GetFileName(model.FilePath)} has no \"broker\": say where the broker is (host, port, virtual host).");
        }
        var warnings = new List<string>();
        var auth = ChooseAuth(model, instance, warnings);
        options ??= new ResolveOptions();
        // Values for the broker are real (the password too); what is shown of them is taken from a masking resolver.
        var reveal = RequestResolver.TemplateResolver(connector, auth, instance, new ResolveOptions { AdHocValues = options.AdHocValues, RuntimeValues = options.RuntimeValues, Secrets = options.Secrets, RevealSecrets = true });
        var show = RequestResolver.TemplateResolver(connector, auth, instance, options);
        var problems = new List<string>();
        var placeholders = new List<PlaceholderValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        bool Problem(string message)
        {
            problems.Add(message);
            return false;
        }

        string? Value(StringSyntax? template, string where)
        {
            if (template is null)
            {
                return null;
            }
            var shown = show(template.Value);
            foreach (var value in shown.Values.Where(v => seen.Add(v.Placeholder)))
            {
                placeholders.Add(value);
            }
            if (shown.HasMissing)
            {
                var missing = string.Join(", ", shown.Values.Where(v => v.Source == ValueSourceKind.Missing).Select(v => v.Placeholder).Distinct());
                problems.Add($"{where} needs {missing}, which has no value: set it in the instance's values (or secrets), or give --var.");
                return null;
            }
            return reveal(template.Value).Text;
        }

        var host = Value(broker.Host, "broker.host");
        if (broker.Host is null)
        {
            problems.Add("broker.host is missing: say which host the broker is on.");
        }
        var port = broker.Port;
        if (broker.PortTemplate is { } portTemplate && Value(portTemplate, "broker.port") is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 65535)
            {
                port = parsed;
            }
            else
            {
                problems.Add($"broker.port is \"{portText}\", not a port number (1 to 65535).");
            }
        }
        var tls = broker.Tls;
        if (broker.TlsTemplate is { } tlsTemplate && Value(tlsTemplate, "broker.tls") is { } tlsText)
        {
            tls = tlsText.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" or "on" or "1" => true,
                "false" or "no" or "off" or "0" or "" => false,
                _ => Problem($"broker.tls is \"{tlsText}\", not true or false."),
            };
        }
        var (user, password) = Credentials(auth, reveal, show, problems);

        var queue = listener.Queue;
        var queueName = Value(queue?.Name, $"listener '{listener.Id}' queue.name");
        if (queue?.Name is null)
        {
            problems.Add($"The listener '{listener.Id}' names no queue.");
        }
        var exchange = listener.Exchange;
        var keys = listener.BindingKeys.Select((k, i) => Value(k, $"listener '{listener.Id}' bindingKeys[{i}]")).OfType<string>().ToList();
        var settings = new ListenerSettings
        {
            Queue = queueName ?? "",
            Declare = queue is { Declare: true } ? new QueueDeclaration
            {
                Durable = queue.Durable,
                Exclusive = queue.Exclusive,
                AutoDelete = queue.AutoDelete,
                Arguments = Arguments(queue.Arguments, Value),
                MessageTtlMs = queue.MessageTtlMs,
                MaxLength = queue.MaxLength,
                DeadLetterExchange = Value(queue.DeadLetterExchange, $"listener '{listener.Id}' queue.deadLetterExchange"),
                DeadLetterRoutingKey = Value(queue.DeadLetterRoutingKey, $"listener '{listener.Id}' queue.deadLetterRoutingKey"),
            } : null,
            Binding = exchange is null ? null : new ExchangeBinding
            {
                Exchange = Value(exchange.Name, $"listener '{listener.Id}' exchange.name") ?? "",
                Type = exchange.Type switch { "direct" => ExchangeKind.Direct, "fanout" => ExchangeKind.Fanout, "headers" => ExchangeKind.Headers, _ => ExchangeKind.Topic },
                Declare = exchange.Declare,
                Durable = exchange.Durable,
                BindingKeys = keys,
            },
            Prefetch = (ushort)Math.Clamp(listener.Prefetch ?? 10, 0, ushort.MaxValue),
            Acknowledgement = listener.Acknowledgement == Listener.AutoAck ? Acknowledgement.Auto : Acknowledgement.Manual,
            Retry = listener.RetryMaxAttempts is { } attempts ? new RetrySettings { MaxAttempts = attempts } : null,
            MessageFormat = listener.Message.Format switch { "xml" => MessageFormat.Xml, "text" => MessageFormat.Text, _ => MessageFormat.Json },
            DataPath = listener.Message.DataPath,
        };

        return new EventTarget
        {
            Listener = listener,
            AuthMethodId = auth?.Id,
            Broker = new BrokerConnectionSettings
            {
                Host = host ?? "",
                Port = port,
                VirtualHost = Value(broker.VirtualHost, "broker.virtualHost") is { Length: > 0 } vhost ? vhost : "/",
                UserName = user,
                Password = password,
                Tls = new BrokerTlsSettings
                {
                    Enabled = tls,
                    ServerName = Value(broker.TlsServerName, "broker.tls.serverName"),
                    VerifyCertificate = broker.VerifyCertificate,
                },
                HeartbeatSeconds = broker.HeartbeatSeconds,
                ConnectionName = broker.ConnectionName ?? $"patchworks {model.Name}",
            },
            Settings = settings,
            Problems = problems,
            MissingSecrets = auth is null ? [] : RequestResolver.MissingSecrets(connector, auth, instance, options),
            Placeholders = placeholders,
            Warnings = warnings,
        };
    }

    private static Listener PickListener(Connector model, string? listenerId)
    {
        var ids = model.Listeners.Select(l => l.Id).OfType<string>().ToList();
        if (listenerId is not null)
        {
            return model.FindListener(listenerId) ?? throw new ResolutionException(
                $"The connector has no listener \"{listenerId}\".{NearestName.Suggestion(listenerId, ids)} Listeners: {(ids.Count == 0 ? "none" : string.Join(", ", ids))}.");
        }
        return model.Listeners.Count switch
        {
            0 => throw new ResolutionException($"{Path.GetFileName(model.FilePath)} has no listeners."),
            1 => model.Listeners[0],
            _ => throw new ResolutionException($"The connector has {model.Listeners.Count} listeners: name one with --listener ({string.Join(", ", ids)})."),
        };
    }

    private static AuthMethod? ChooseAuth(Connector model, Instance? instance, List<string> warnings)
    {
        if (instance?.AuthMethodId is { } chosen)
        {
            if (model.FindAuthMethod(chosen) is { } auth)
            {
                return auth;
            }
            warnings.Add($"The instance's auth method \"{chosen}\" does not exist in the connector; the first one is used.");
        }
        return model.AuthMethods.Count > 0 ? model.AuthMethods[0] : null;
    }

    private static (string User, string Password) Credentials(AuthMethod? auth, Func<string, ResolvedText> reveal, Func<string, ResolvedText> show, List<string> problems)
    {
        if (auth is null || auth.Type == "none")
        {
            return ("guest", "guest"); // RabbitMQ's default user, which it accepts only from localhost
        }
        var block = auth.SettingsBlocks.TryGetValue("basic", out var property) ? property.Value as ObjectSyntax : null;
        if (auth.Type != "basic" || block is null)
        {
            problems.Add($"The auth method '{auth.Id}' is {auth.Type}: a broker takes a username and password (\"type\": \"basic\" with a basic block).");
            return ("", "");
        }
        string Part(string name)
        {
            if (block[name] is not StringSyntax template)
            {
                problems.Add($"The auth method '{auth.Id}' has no basic.{name}.");
                return "";
            }
            var shown = show(template.Value);
            if (shown.HasMissing)
            {
                // A missing secret is reported by MissingSecrets with its advice; anything else here.
                if (!shown.Values.Where(v => v.Source == ValueSourceKind.Missing).All(v => v.IsSecret))
                {
                    problems.Add($"basic.{name} of auth method '{auth.Id}' needs {string.Join(", ", shown.Values.Where(v => v.Source == ValueSourceKind.Missing).Select(v => v.Placeholder))}, which has no value.");
                }
                return "";
            }
            return reveal(template.Value).Text;
        }
        return (Part("username"), Part("password"));
    }

    private static Dictionary<string, object?>? Arguments(ObjectSyntax? arguments, Func<StringSyntax?, string, string?> value)
    {
        if (arguments is null)
        {
            return null;
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in arguments.Properties)
        {
            result[property.Name] = property.Value switch
            {
                StringSyntax s => value(s, $"queue.arguments.{property.Name}"),
                NumberSyntax n when n.Value == Math.Floor(n.Value) => (long)n.Value,
                NumberSyntax n => n.Value,
                BooleanSyntax b => b.Value,
                _ => null,
            };
        }
        return result;
    }
}
