using System.Net.Sockets;
using System.Security.Authentication;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Patchworks.Core.Events;

/// <summary>Stable codes for what went wrong with a broker, so the CLI, the editor and tests can tell faults apart.</summary>
public static class BrokerFaultCodes
{
    public const string BrokerUnreachable = "brokerUnreachable";
    public const string AuthenticationFailed = "authenticationFailed";
    public const string VirtualHostNotFound = "virtualHostNotFound";
    public const string QueueNotFound = "queueNotFound";
    public const string ExchangeNotFound = "exchangeNotFound";
    public const string AccessRefused = "accessRefused";
    public const string PreconditionFailed = "preconditionFailed";
    public const string TlsFailed = "tlsFailed";
    public const string ConnectionLost = "connectionLost";
    public const string ConsumerCancelled = "consumerCancelled";
    public const string Timeout = "timeout";
    public const string BrokerError = "brokerError";
}

/// <summary>A broker fault in plain words: a stable <see cref="Code"/> and a message naming host:port, virtual host and queue, never the password.</summary>
public sealed record BrokerFault(string Code, string Message, ushort? ReplyCode = null)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown by <see cref="EventSender"/> and the connect step when the broker refuses or fails; carries the <see cref="BrokerFault"/>.</summary>
public sealed class BrokerFaultException : Exception
{
    public BrokerFaultException(BrokerFault fault, Exception? inner = null) : base(fault.Message, inner) => Fault = fault;

    public BrokerFault Fault { get; }
}

/// <summary>
/// Maps the client library's exceptions and shutdown reasons (AMQP reply codes 403, 404, 406, 530...) to
/// <see cref="BrokerFault"/>s. The library's own texts are quoted only after the password is scrubbed from them, and
/// the password is never part of the settings description, so no fault message can leak it.
/// </summary>
public static class BrokerFaults
{
    /// <summary>Describes <paramref name="error"/> raised while working with <paramref name="broker"/>.</summary>
    /// <param name="queue">The queue the operation was about, when there is one.</param>
    /// <param name="exchange">The exchange the operation was about, when there is one.</param>
    /// <param name="stage">What was being done ("connecting", "declaring queue 'orders'"), for the message.</param>
    public static BrokerFault Describe(Exception error, BrokerConnectionSettings broker, string? queue = null, string? exchange = null, string? stage = null)
    {
        var fault = DescribeUnscrubbed(error, broker, queue, exchange, stage);
        return fault with { Message = Scrub(fault.Message, broker) };
    }

    /// <summary>Describes a channel or connection closed by the broker (the shutdown reason without an exception).</summary>
    public static BrokerFault FromShutdown(ShutdownEventArgs reason, BrokerConnectionSettings broker, string? queue = null, string? exchange = null, string? stage = null)
    {
        var fault = FromReply(reason.ReplyCode, reason.ReplyText, broker, queue, exchange, stage, connecting: false);
        return fault with { Message = Scrub(fault.Message, broker) };
    }

    /// <summary>The connection dropped while listening; says whether the listener got it back.</summary>
    public static BrokerFault ConnectionLost(BrokerConnectionSettings broker, string? queue, string? cause, bool reconnected, TimeSpan? gaveUpAfter)
    {
        var on = queue is null ? "" : $" while listening on queue '{queue}'";
        var why = string.IsNullOrWhiteSpace(cause) ? "" : $" ({cause})";
        var outcome = reconnected
            ? "it reconnected and the listen went on"
            : gaveUpAfter is { } wait ? $"it could not reconnect within {Seconds(wait)} and stopped" : "it stopped (reconnecting is off)";
        return new BrokerFault(BrokerFaultCodes.ConnectionLost, Scrub($"The connection to {broker.Describe()} dropped{on}{why}; {outcome}.", broker));
    }

    private static BrokerFault DescribeUnscrubbed(Exception error, BrokerConnectionSettings broker, string? queue, string? exchange, string? stage)
    {
        var where = broker.Describe();
        switch (error)
        {
            case BrokerFaultException known:
                return known.Fault;
            case AuthenticationFailureException or PossibleAuthenticationFailureException:
                return new BrokerFault(BrokerFaultCodes.AuthenticationFailed,
                    $"The broker at {where} refused the login of user '{broker.UserName}': wrong user name or password (ACCESS_REFUSED).", 403);
            case AlreadyClosedException { ShutdownReason: { } closed }:
                return FromReply(closed.ReplyCode, closed.ReplyText, broker, queue, exchange, stage, connecting: false);
            case OperationInterruptedException { ShutdownReason: { } reason }:
                return FromReply(reason.ReplyCode, reason.ReplyText, broker, queue, exchange, stage, connecting: stage is null or "connecting");
            case BrokerUnreachableException unreachable:
                return Unreachable(unreachable, broker);
            case OperationCanceledException or TimeoutException:
                return new BrokerFault(BrokerFaultCodes.Timeout, $"{Capital(stage ?? "talking to the broker")} at {where} took too long.");
            case AuthenticationException or SocketException or IOException:
                return Unreachable(error, broker);
        }
        return new BrokerFault(BrokerFaultCodes.BrokerError, $"{Capital(stage ?? "talking to the broker")} at {where} failed: {error.GetType().Name}: {error.Message}");
    }

    private static BrokerFault FromReply(ushort code, string? text, BrokerConnectionSettings broker, string? queue, string? exchange, string? stage, bool connecting)
    {
        var where = broker.Describe();
        var said = string.IsNullOrWhiteSpace(text) ? $"reply {code}" : $"{code} {text}";
        switch (code)
        {
            case 530 when connecting || (text?.Contains("vhost", StringComparison.OrdinalIgnoreCase) ?? false):
                return new BrokerFault(BrokerFaultCodes.VirtualHostNotFound,
                    $"The virtual host '{broker.VirtualHost}' does not exist on {broker.Host}:{broker.EffectivePort} or user '{broker.UserName}' may not use it (broker said: {said}).", code);
            case 403 when connecting && !(text?.Contains("vhost", StringComparison.OrdinalIgnoreCase) ?? false):
                return new BrokerFault(BrokerFaultCodes.AuthenticationFailed,
                    $"The broker at {where} refused the login of user '{broker.UserName}': wrong user name or password (broker said: {said}).", code);
            case 403:
                return new BrokerFault(BrokerFaultCodes.AccessRefused,
                    $"User '{broker.UserName}' has no permission for {Subject(queue, exchange, text)} on {where} (broker said: {said}).", code);
            case 404 when IsAbout(text, "exchange") || (exchange is not null && queue is null):
                return new BrokerFault(BrokerFaultCodes.ExchangeNotFound,
                    $"The exchange '{exchange ?? Quoted(text) ?? "?"}' does not exist on {where} (broker said: {said}).", code);
            case 404:
                return new BrokerFault(BrokerFaultCodes.QueueNotFound,
                    $"The queue '{queue ?? Quoted(text) ?? "?"}' does not exist on {where}: declare it in the listener or create it on the broker (broker said: {said}).", code);
            case 406:
                var detail = PreconditionDetail(text);
                return new BrokerFault(BrokerFaultCodes.PreconditionFailed,
                    $"{Capital(stage ?? "the operation")} on {where} failed a precondition: {detail ?? $"the broker refused it (broker said: {said})"}.", code);
            case 320 or 541 or 0:
                return new BrokerFault(BrokerFaultCodes.ConnectionLost,
                    $"The connection to {where} was closed{(stage is null ? "" : " while " + stage)} (broker said: {said}).", code);
        }
        return new BrokerFault(BrokerFaultCodes.BrokerError, $"{Capital(stage ?? "the operation")} on {where} failed (broker said: {said}).", code);
    }

    /// <summary>The usual 406 cases in words: an existing queue or exchange declared with other properties than it has.</summary>
    private static string? PreconditionDetail(string? text)
    {
        if (text is null)
        {
            return null;
        }
        // RabbitMQ: "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '10' but current is '20'"
        var arg = text.IndexOf("inequivalent arg", StringComparison.OrdinalIgnoreCase);
        if (arg >= 0)
        {
            return "it already exists with other settings: " + text[arg..].Trim() + "; delete it or declare it exactly as it is";
        }
        if (text.Contains("unknown delivery tag", StringComparison.OrdinalIgnoreCase))
        {
            return $"a message was settled twice or on another channel ({text})";
        }
        return null;
    }

    private static BrokerFault Unreachable(Exception error, BrokerConnectionSettings broker)
    {
        var root = error;
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationFailureException or PossibleAuthenticationFailureException)
            {
                return new BrokerFault(BrokerFaultCodes.AuthenticationFailed,
                    $"The broker at {broker.Describe()} refused the login of user '{broker.UserName}': wrong user name or password (ACCESS_REFUSED).", 403);
            }
            if (e is OperationInterruptedException { ShutdownReason: { } reason })
            {
                return FromReply(reason.ReplyCode, reason.ReplyText, broker, null, null, "connecting", connecting: true);
            }
            if (e is AuthenticationException tls)
            {
                return new BrokerFault(BrokerFaultCodes.TlsFailed,
                    $"The TLS handshake with {broker.Host}:{broker.EffectivePort} failed: {TlsDetail(tls, broker)}.");
            }
            root = e;
        }
        var hostPort = $"{broker.Host}:{broker.EffectivePort}";
        var reason2 = root switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "the connection was refused: nothing listens on that port",
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => $"the host name '{broker.Host}' does not resolve",
            SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException or OperationCanceledException => $"no answer within {Seconds(broker.ConnectTimeout)}",
            SocketException socket => socket.Message,
            _ => root.Message,
        };
        return new BrokerFault(BrokerFaultCodes.BrokerUnreachable, $"The broker at {hostPort} is unreachable: {reason2}.");
    }

    private static string TlsDetail(AuthenticationException tls, BrokerConnectionSettings broker)
    {
        var text = tls.Message;
        if (text.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal))
        {
            return $"the server certificate is not issued for '{broker.Tls.ServerName ?? broker.Host}'";
        }
        if (text.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal))
        {
            return "the server certificate is not trusted (unknown or untrusted CA"
                + (broker.Tls.CaCertificateFile is null ? "; give the CA certificate file" : $" for {Path.GetFileName(broker.Tls.CaCertificateFile)}") + ")";
        }
        if (text.Contains("RemoteCertificateNotAvailable", StringComparison.Ordinal))
        {
            return "the server sent no certificate";
        }
        return text;
    }

    private static string Subject(string? queue, string? exchange, string? text)
    {
        if (text is not null)
        {
            var resource = text.IndexOf("access to ", StringComparison.OrdinalIgnoreCase);
            if (resource >= 0)
            {
                // "ACCESS_REFUSED - access to queue 'q' in vhost 'v' refused for user 'u'"
                var end = text.IndexOf(" in vhost", resource, StringComparison.OrdinalIgnoreCase);
                end = end > resource ? end : text.IndexOf(" refused", resource, StringComparison.OrdinalIgnoreCase);
                return end > resource ? text[(resource + 10)..end] : text[(resource + 10)..];
            }
        }
        return queue is not null ? $"queue '{queue}'" : exchange is not null ? $"exchange '{exchange}'" : "this resource";
    }

    private static bool IsAbout(string? text, string what) => text?.Contains("no " + what, StringComparison.OrdinalIgnoreCase) ?? false;

    private static string? Quoted(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var start = text.IndexOf('\'');
        var end = start < 0 ? -1 : text.IndexOf('\'', start + 1);
        return end > start ? text[(start + 1)..end] : null;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 10 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalSeconds:0} s";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Removes the password wherever a library text might have echoed it (a URI, a PLAIN response).</summary>
    private static string Scrub(string message, BrokerConnectionSettings broker) =>
        broker.Password.Length == 0 ? message : message.Replace(broker.Password, "***", StringComparison.Ordinal);
}
