using Patchworks.Core.Syntax;

namespace Patchworks.Core.Model;

/// <summary>
/// An event connector's broker block: where the broker is. Values are templates ({{variables}}), resolved per instance
/// (Events/EventTargetResolver); null when absent or mistyped (the schema reports those).
/// </summary>
public sealed class Broker
{
    public const string RabbitMq = "rabbitmq";

    public required ObjectSyntax Syntax { get; init; }
    public string? Type { get; init; }
    public StringSyntax? Host { get; init; }

    /// <summary>An integer port, or a template holding one: see <see cref="PortTemplate"/>.</summary>
    public int? Port { get; init; }
    public StringSyntax? PortTemplate { get; init; }
    public StringSyntax? VirtualHost { get; init; }
    public bool Tls { get; init; }

    /// <summary>TLS as a template ("{{tls}}"), resolved per instance to true or false; <see cref="Tls"/> is then false.</summary>
    public StringSyntax? TlsTemplate { get; init; }
    public StringSyntax? TlsServerName { get; init; }
    public bool VerifyCertificate { get; init; } = true;
    public int? HeartbeatSeconds { get; init; }
    public string? ConnectionName { get; init; }
}

/// <summary>An event connector's listener: one queue, what it is bound to, and what its messages hold.</summary>
public sealed class Listener
{
    public const string ManualAck = "manual";
    public const string AutoAck = "auto";

    public required ObjectSyntax Syntax { get; init; }
    public string? Id { get; init; }
    public StringSyntax? IdSyntax { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? EntityType { get; init; }
    public QueueSettings? Queue { get; init; }
    public ExchangeSettings? Exchange { get; init; }
    public IReadOnlyList<StringSyntax> BindingKeys { get; init; } = [];
    public ArraySyntax? BindingKeysSyntax { get; init; }
    public int? Prefetch { get; init; }

    /// <summary>"manual" (the default) or "auto".</summary>
    public string Acknowledgement { get; init; } = ManualAck;
    public StringSyntax? AcknowledgementSyntax { get; init; }
    public int? RetryMaxAttempts { get; init; }
    public ObjectSyntax? RetrySyntax { get; init; }
    public MessageSettings Message { get; init; } = new();
}

/// <summary>A listener's queue: its name and, when the listener declares it, how.</summary>
public sealed class QueueSettings
{
    public required ObjectSyntax Syntax { get; init; }
    public StringSyntax? Name { get; init; }
    public bool Declare { get; init; }
    public bool Durable { get; init; } = true;
    public bool Exclusive { get; init; }
    public bool AutoDelete { get; init; }
    public StringSyntax? DeadLetterExchange { get; init; }
    public StringSyntax? DeadLetterRoutingKey { get; init; }
    public long? MessageTtlMs { get; init; }
    public long? MaxLength { get; init; }
    public ObjectSyntax? Arguments { get; init; }
}

/// <summary>The exchange a listener's queue is bound to.</summary>
public sealed class ExchangeSettings
{
    public required ObjectSyntax Syntax { get; init; }
    public StringSyntax? Name { get; init; }

    /// <summary>direct, topic (the default), fanout or headers.</summary>
    public string Type { get; init; } = "topic";
    public StringSyntax? TypeSyntax { get; init; }
    public bool Declare { get; init; }
    public bool Durable { get; init; } = true;
}

/// <summary>What a listener's messages hold: format, records' path, schema, a sample for test messages.</summary>
public sealed class MessageSettings
{
    public ObjectSyntax? Syntax { get; init; }

    /// <summary>json (the default), xml or text.</summary>
    public string Format { get; init; } = "json";
    public string? DataPath { get; init; }
    public StringSyntax? DataPathSyntax { get; init; }
    public FileReference? SchemaFile { get; init; }
    public ObjectSyntax? InlineSchema { get; init; }
    public FileReference? SampleBodyFile { get; init; }
    public SyntaxNode? InlineSampleBody { get; init; }
    public string? ContentType { get; init; }
}
