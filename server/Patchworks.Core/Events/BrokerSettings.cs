namespace Patchworks.Core.Events;

/// <summary>
/// Where and as whom to connect to an AMQP 0-9-1 broker (RabbitMQ). Plain values, so the event connector model maps
/// onto it without this layer knowing the file format; the password is only ever handed to the client library, never
/// put in a message (<see cref="BrokerFaults"/>).
/// </summary>
public sealed record BrokerConnectionSettings
{
    public const int DefaultPort = 5672;
    public const int DefaultTlsPort = 5671;

    public required string Host { get; init; }

    /// <summary>The port; null means the AMQP default, 5672, or 5671 when TLS is on.</summary>
    public int? Port { get; init; }

    public string VirtualHost { get; init; } = "/";
    public string UserName { get; init; } = "guest";
    public string Password { get; init; } = "guest";
    public BrokerTlsSettings Tls { get; init; } = new();

    /// <summary>The heartbeat to ask for, in seconds (0 turns heartbeats off); null keeps the client's default (60 s).</summary>
    public int? HeartbeatSeconds { get; init; }

    /// <summary>The name the connection shows under in the broker's management UI.</summary>
    public string ConnectionName { get; init; } = "patchworks";

    /// <summary>How long the TCP connect, TLS and AMQP handshake may take together before the broker counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The port actually used: <see cref="Port"/> or the default for plain or TLS connections.</summary>
    public int EffectivePort => Port ?? (Tls.Enabled ? DefaultTlsPort : DefaultPort);

    /// <summary>"host:port vhost '/'" for messages: names the broker without the credentials.</summary>
    public string Describe() => $"{Host}:{EffectivePort} (virtual host '{VirtualHost}')";

    /// <summary>Keeps the password out of logs and test output that print the record.</summary>
    public override string ToString() =>
        $"BrokerConnectionSettings {{ Host = {Host}, Port = {EffectivePort}, VirtualHost = {VirtualHost}, UserName = {UserName}, Password = ***, Tls = {Tls.Enabled} }}";
}

/// <summary>TLS towards the broker. Certificate checks stay on unless switched off explicitly, for a test broker only.</summary>
public sealed record BrokerTlsSettings
{
    public bool Enabled { get; init; }

    /// <summary>The name the server certificate must carry; null means <see cref="BrokerConnectionSettings.Host"/>.</summary>
    public string? ServerName { get; init; }

    public bool VerifyCertificate { get; init; } = true;

    /// <summary>A PEM or DER file with the CA that signed the broker's certificate, for brokers with a private CA.</summary>
    public string? CaCertificateFile { get; init; }
}

/// <summary>What to listen on: the queue and, optionally, how to declare it and bind it to an exchange first.</summary>
public sealed record ListenerSettings
{
    public required string Queue { get; init; }

    /// <summary>Declare the queue with these properties; null means the queue must exist already (passive check).</summary>
    public QueueDeclaration? Declare { get; init; }

    /// <summary>Bind the queue to an exchange (declaring the exchange when asked); null means no binding.</summary>
    public ExchangeBinding? Binding { get; init; }

    /// <summary>How many unsettled messages the broker may hand over at once (basic.qos); 0 means no limit.</summary>
    public ushort Prefetch { get; init; } = 10;

    public Acknowledgement Acknowledgement { get; init; } = Acknowledgement.Manual;
    public RetrySettings? Retry { get; init; }
    public MessageFormat MessageFormat { get; init; } = MessageFormat.Json;

    /// <summary>Where the records sit in a message body (the event model's data path); carried for the caller.</summary>
    public string? DataPath { get; init; }
}

/// <summary>How to declare a queue. Declaring an existing queue with other properties fails with a precondition fault.</summary>
public sealed record QueueDeclaration
{
    public bool Durable { get; init; } = true;
    public bool Exclusive { get; init; }
    public bool AutoDelete { get; init; }

    /// <summary>Further x-arguments, as given; the typed ones below win over the same keys here.</summary>
    public IReadOnlyDictionary<string, object?>? Arguments { get; init; }

    public long? MessageTtlMs { get; init; }
    public string? DeadLetterExchange { get; init; }
    public string? DeadLetterRoutingKey { get; init; }
    public long? MaxLength { get; init; }

    /// <summary>The x-arguments sent to the broker: <see cref="Arguments"/> plus the typed settings.</summary>
    public Dictionary<string, object?> BrokerArguments()
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Arguments is not null)
        {
            foreach (var (key, value) in Arguments)
            {
                arguments[key] = value;
            }
        }
        if (MessageTtlMs is { } ttl)
        {
            arguments["x-message-ttl"] = ttl;
        }
        if (DeadLetterExchange is not null)
        {
            arguments["x-dead-letter-exchange"] = DeadLetterExchange;
        }
        if (DeadLetterRoutingKey is not null)
        {
            arguments["x-dead-letter-routing-key"] = DeadLetterRoutingKey;
        }
        if (MaxLength is { } max)
        {
            arguments["x-max-length"] = max;
        }
        return arguments;
    }
}

/// <summary>An exchange to bind the queue to, with one binding per key (a fanout or headers exchange ignores keys).</summary>
public sealed record ExchangeBinding
{
    public required string Exchange { get; init; }
    public ExchangeKind Type { get; init; } = ExchangeKind.Direct;

    /// <summary>Declare the exchange (idempotent when it exists alike); false means it must exist already.</summary>
    public bool Declare { get; init; } = true;

    public bool Durable { get; init; } = true;

    /// <summary>The binding keys; none means one binding with the empty key.</summary>
    public IReadOnlyList<string> BindingKeys { get; init; } = [];
}

public enum ExchangeKind
{
    Direct,
    Topic,
    Fanout,
    Headers,
}

/// <summary>Manual: the caller settles each message. Auto: the broker counts a message as handled when it sends it.</summary>
public enum Acknowledgement
{
    Manual,
    Auto,
}

/// <summary>How often a message may be delivered before the runner rejects it instead of requeueing it.</summary>
public sealed record RetrySettings
{
    public int MaxAttempts { get; init; } = 3;
}

public enum MessageFormat
{
    Json,
    Xml,
    Text,
}

/// <summary>One message to publish. An empty <see cref="Exchange"/> is the default exchange, routing by queue name.</summary>
public sealed record PublishSettings
{
    public string Exchange { get; init; } = "";
    public string RoutingKey { get; init; } = "";
    public ReadOnlyMemory<byte> Body { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, object?>? Headers { get; init; }
    public bool Persistent { get; init; } = true;
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Report a message no queue receives (basic.return) instead of letting the broker drop it silently.</summary>
    public bool Mandatory { get; init; } = true;
}
