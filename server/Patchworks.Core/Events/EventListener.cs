using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Patchworks.Core.Events;

/// <summary>When a listen stops, apart from cancellation: after some messages, after a quiet spell, and how long to try to get a dropped connection back.</summary>
public sealed record ListenOptions
{
    /// <summary>Stop after this many messages were handled; null means no limit.</summary>
    public int? MaxMessages { get; init; }

    /// <summary>Stop when no message arrives for this long (counted from the start or the last message); null means wait until cancelled.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to try to reconnect when the connection drops; zero means stop at once.</summary>
    public TimeSpan ReconnectWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The bound on each broker operation (declare, bind, settle, close), so no await can hang.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Why a listen ended.</summary>
public enum ListenEnd
{
    MaxMessages,
    Timeout,
    Cancelled,
    ConnectionLost,
    Fault,
}

/// <summary>How a listen went: why it ended, what it saw, and the fault that ended it or the dropped connections it survived.</summary>
public sealed record ListenResult
{
    public required ListenEnd End { get; init; }

    /// <summary>The end as the stable word used in output: maxMessages, timeout, cancelled, connectionLost, fault.</summary>
    public string Reason => End switch
    {
        ListenEnd.MaxMessages => "maxMessages",
        ListenEnd.Timeout => "timeout",
        ListenEnd.Cancelled => "cancelled",
        ListenEnd.ConnectionLost => "connectionLost",
        _ => "fault",
    };

    public int Received { get; init; }
    public int Acked { get; init; }
    public int Requeued { get; init; }
    public int Rejected { get; init; }

    /// <summary>The fault that ended the listen (for <see cref="ListenEnd.ConnectionLost"/> and <see cref="ListenEnd.Fault"/>).</summary>
    public BrokerFault? Fault { get; init; }

    /// <summary>Whether a dropped connection came back during the listen (at least once).</summary>
    public bool Reconnected { get; init; }

    /// <summary>Connection drops the listen recovered from, each as a connectionLost fault saying so.</summary>
    public IReadOnlyList<BrokerFault> Interruptions { get; init; } = [];
}

/// <summary>Decides what happens to one message in manual acknowledgement mode (ignored in auto mode).</summary>
public delegate ValueTask<Settlement> EventMessageHandler(EventMessage message, CancellationToken cancellation);

/// <summary>
/// Listens on one queue: connects, declares what the listener asks for, sets the prefetch, consumes, and hands each
/// message to a handler that decides Ack / Requeue / Reject. Deliveries arrive on the client library's dispatcher and
/// are passed through an in-memory channel together with connection events, so the loop has one thing to wait on and
/// every wait is bounded by the idle timeout, the reconnect window, the operation timeout or the token: a dead broker
/// ends the listen with <see cref="ListenEnd.ConnectionLost"/>, never a hang. Faults come back in the result, not as
/// exceptions; only the handler's own exceptions propagate (after the connection is closed).
/// </summary>
public static class EventListener
{
    public static async Task<ListenResult> ListenAsync(
        BrokerConnectionSettings broker,
        ListenerSettings listener,
        ListenOptions options,
        EventMessageHandler handler,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        var run = new Run(broker, listener, options, handler);
        return await run.ExecuteAsync(cancellation).ConfigureAwait(false);
    }

    private abstract record Signal;

    private sealed record Delivery(EventMessage Message, int Generation) : Signal;

    private sealed record Lost(string? Cause) : Signal;

    private sealed record Recovered : Signal;

    private sealed record ChannelClosed(ShutdownEventArgs Reason) : Signal;

    private sealed record ConsumerCancelled : Signal;

    private sealed class Run(BrokerConnectionSettings broker, ListenerSettings listener, ListenOptions options, EventMessageHandler handler)
    {
        private readonly Channel<Signal> signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);
        private readonly List<BrokerFault> interruptions = [];
        private volatile int generation;
        private volatile bool closing;
        private int received, acked, requeued, rejected;
        private bool reconnected;

        public async Task<ListenResult> ExecuteAsync(CancellationToken cancellation)
        {
            IConnection? connection = null;
            IChannel? channel = null;
            var abort = false;
            try
            {
                var recover = options.ReconnectWindow > TimeSpan.Zero;
                try
                {
                    connection = await BrokerConnector.ConnectAsync(broker, recover, cancellation).ConfigureAwait(false);
                }
                catch (BrokerFaultException e)
                {
                    return End(ListenEnd.Fault, e.Fault);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return End(ListenEnd.Cancelled);
                }
                connection.ConnectionShutdownAsync += (_, e) =>
                {
                    if (e.Initiator != ShutdownInitiator.Application && !closing)
                    {
                        signals.Writer.TryWrite(new Lost(Cause(e)));
                    }
                    return Task.CompletedTask;
                };
                connection.RecoverySucceededAsync += (_, _) =>
                {
                    Interlocked.Increment(ref generation);
                    signals.Writer.TryWrite(new Recovered());
                    return Task.CompletedTask;
                };

                var stage = "opening a channel";
                string? exchange = null;
                try
                {
                    channel = await Bounded(t => connection.CreateChannelAsync(null, t), cancellation).ConfigureAwait(false);
                    if (listener.Binding is { } binding)
                    {
                        exchange = binding.Exchange;
                        stage = $"declaring exchange '{binding.Exchange}'";
                        await Bounded(t => channel.ExchangeDeclareAsync(binding.Exchange, ExchangeType(binding.Type), binding.Durable, autoDelete: false,
                            arguments: null, passive: !binding.Declare, noWait: false, cancellationToken: t), cancellation).ConfigureAwait(false);
                    }
                    exchange = null;
                    if (listener.Declare is { } declaration)
                    {
                        stage = $"declaring queue '{listener.Queue}'";
                        await Bounded(t => channel.QueueDeclareAsync(listener.Queue, declaration.Durable, declaration.Exclusive, declaration.AutoDelete,
                            declaration.BrokerArguments(), passive: false, noWait: false, cancellationToken: t), cancellation).ConfigureAwait(false);
                    }
                    else
                    {
                        stage = $"checking queue '{listener.Queue}'";
                        await Bounded(t => channel.QueueDeclarePassiveAsync(listener.Queue, t), cancellation).ConfigureAwait(false);
                    }
                    if (listener.Binding is { } bind)
                    {
                        exchange = bind.Exchange;
                        foreach (var key in bind.BindingKeys.Count == 0 ? [""] : bind.BindingKeys)
                        {
                            stage = $"binding queue '{listener.Queue}' to exchange '{bind.Exchange}' with key '{key}'";
                            await Bounded(t => channel.QueueBindAsync(listener.Queue, bind.Exchange, key, null, false, t), cancellation).ConfigureAwait(false);
                        }
                    }
                    stage = "setting the prefetch";
                    if (listener.Acknowledgement == Acknowledgement.Manual)
                    {
                        await Bounded(t => channel.BasicQosAsync(0, listener.Prefetch, false, t), cancellation).ConfigureAwait(false);
                    }
                    channel.ChannelShutdownAsync += (_, e) =>
                    {
                        if (e.Initiator == ShutdownInitiator.Peer && e.ReplyCode != 200 && connection.IsOpen && !closing)
                        {
                            signals.Writer.TryWrite(new ChannelClosed(e));
                        }
                        return Task.CompletedTask;
                    };
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    consumer.ReceivedAsync += (_, delivery) =>
                    {
                        signals.Writer.TryWrite(new Delivery(Convert(delivery), generation));
                        return Task.CompletedTask;
                    };
                    consumer.UnregisteredAsync += (_, _) =>
                    {
                        if (!closing)
                        {
                            signals.Writer.TryWrite(new ConsumerCancelled());
                        }
                        return Task.CompletedTask;
                    };
                    stage = $"consuming from queue '{listener.Queue}'";
                    await Bounded(t => channel.BasicConsumeAsync(listener.Queue, listener.Acknowledgement == Acknowledgement.Auto, consumer, t), cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return End(ListenEnd.Cancelled);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    var fault = BrokerFaults.Describe(e, broker, listener.Queue, exchange, stage);
                    abort = fault.Code == BrokerFaultCodes.ConnectionLost;
                    return End(fault.Code == BrokerFaultCodes.ConnectionLost ? ListenEnd.ConnectionLost : ListenEnd.Fault, fault);
                }

                var result = await LoopAsync(channel, cancellation).ConfigureAwait(false);
                abort = result.End == ListenEnd.ConnectionLost;
                return result;
            }
            finally
            {
                closing = true;
                await BrokerConnector.CloseQuietlyAsync(channel, connection, abort).ConfigureAwait(false);
            }
        }

        private async Task<ListenResult> LoopAsync(IChannel channel, CancellationToken cancellation)
        {
            while (true)
            {
                if (options.MaxMessages is { } max && received >= max)
                {
                    return End(ListenEnd.MaxMessages);
                }
                Signal? signal;
                try
                {
                    signal = await NextAsync(options.Timeout, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return End(ListenEnd.Cancelled);
                }
                switch (signal)
                {
                    case null:
                        return End(ListenEnd.Timeout);
                    case Delivery delivery when delivery.Generation != generation:
                        continue; // delivered on the connection before it dropped: the broker delivers it again
                    case Delivery delivery:
                        await HandleAsync(channel, delivery, cancellation).ConfigureAwait(false);
                        if (cancellation.IsCancellationRequested)
                        {
                            return End(ListenEnd.Cancelled);
                        }
                        break;
                    case Lost lost:
                        var back = await AwaitRecoveryAsync(cancellation).ConfigureAwait(false);
                        if (cancellation.IsCancellationRequested)
                        {
                            return End(ListenEnd.Cancelled);
                        }
                        var fault = BrokerFaults.ConnectionLost(broker, listener.Queue, lost.Cause, back,
                            options.ReconnectWindow > TimeSpan.Zero ? options.ReconnectWindow : null);
                        if (!back)
                        {
                            return End(ListenEnd.ConnectionLost, fault);
                        }
                        reconnected = true;
                        interruptions.Add(fault);
                        break;
                    case Recovered:
                        break; // a recovery after one already reported
                    case ChannelClosed closed:
                        return End(ListenEnd.Fault, BrokerFaults.FromShutdown(closed.Reason, broker, listener.Queue, stage: $"listening on queue '{listener.Queue}'"));
                    case ConsumerCancelled:
                        return End(ListenEnd.Fault, new BrokerFault(BrokerFaultCodes.ConsumerCancelled,
                            $"{broker.Describe()} cancelled the consumer on queue '{listener.Queue}' (the queue was deleted or its node went away)."));
                }
            }
        }

        /// <summary>The next signal, or null when none came within <paramref name="wait"/>.</summary>
        private async Task<Signal?> NextAsync(TimeSpan? wait, CancellationToken cancellation)
        {
            if (signals.Reader.TryRead(out var ready))
            {
                return ready;
            }
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (wait is { } span)
            {
                timer.CancelAfter(span);
            }
            try
            {
                return await signals.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return null;
            }
        }

        /// <summary>Waits up to the reconnect window for the client library's automatic recovery; true when it succeeded.</summary>
        private async Task<bool> AwaitRecoveryAsync(CancellationToken cancellation)
        {
            if (options.ReconnectWindow <= TimeSpan.Zero)
            {
                return false;
            }
            var until = DateTime.UtcNow + options.ReconnectWindow;
            while (DateTime.UtcNow < until)
            {
                Signal? signal;
                try
                {
                    signal = await NextAsync(until - DateTime.UtcNow, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return false;
                }
                switch (signal)
                {
                    case null:
                        return false;
                    case Recovered:
                        return true;
                    default:
                        continue; // stale deliveries and repeated loss reports
                }
            }
            return false;
        }

        private async Task HandleAsync(IChannel channel, Delivery delivery, CancellationToken cancellation)
        {
            var message = delivery.Message;
            received++;
            var key = AttemptKey(message);
            var attempt = message.Properties.Headers.TryGetValue("x-delivery-count", out var count) && count is long n
                ? (int)n + 1
                : (attempts.TryGetValue(key, out var seen) ? seen : 0) + 1;
            attempts[key] = attempt;
            message = message with { Attempt = attempt };

            Settlement decision;
            try
            {
                decision = await handler(message, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return; // unsettled: the broker requeues it when the channel closes
            }
            if (listener.Acknowledgement == Acknowledgement.Auto)
            {
                acked++;
                attempts.Remove(key);
                return;
            }
            if (delivery.Generation != generation)
            {
                // the connection dropped and came back while the handler ran: the delivery tag belongs to the old
                // channel (settling it on the new one would close it), and the broker delivers the message again
                return;
            }
            if (decision == Settlement.Requeue && listener.Retry is { } retry && attempt >= retry.MaxAttempts)
            {
                decision = Settlement.Reject; // out of attempts: dead-letter it rather than loop on it
            }
            try
            {
                switch (decision)
                {
                    case Settlement.Ack:
                        await Bounded(t => channel.BasicAckAsync(message.DeliveryTag, false, t).AsTask(), cancellation).ConfigureAwait(false);
                        acked++;
                        attempts.Remove(key);
                        break;
                    case Settlement.Requeue:
                        await Bounded(t => channel.BasicNackAsync(message.DeliveryTag, false, true, t).AsTask(), cancellation).ConfigureAwait(false);
                        requeued++;
                        break;
                    default:
                        await Bounded(t => channel.BasicRejectAsync(message.DeliveryTag, false, t).AsTask(), cancellation).ConfigureAwait(false);
                        rejected++;
                        attempts.Remove(key);
                        break;
                }
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or TimeoutException or IOException
                                          || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                // the connection dropped under the settle: the loss signal that follows ends or resumes the listen,
                // and the broker delivers the unsettled message again
            }
            catch (OperationCanceledException)
            {
                // cancelled while settling: the broker requeues it
            }
        }

        private async Task Bounded(Func<CancellationToken, Task> operation, CancellationToken cancellation)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.OperationTimeout);
            try
            {
                await operation(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer from the broker within {options.OperationTimeout.TotalSeconds:0.#} s", e);
            }
        }

        private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellation)
        {
            T value = default!;
            await Bounded(async t => { value = await operation(t).ConfigureAwait(false); }, cancellation).ConfigureAwait(false);
            return value;
        }

        private ListenResult End(ListenEnd end, BrokerFault? fault = null) => new()
        {
            End = end,
            Fault = fault,
            Received = received,
            Acked = acked,
            Requeued = requeued,
            Rejected = rejected,
            Reconnected = reconnected,
            Interruptions = interruptions.ToArray(),
        };

        private static string? Cause(ShutdownEventArgs e) =>
            e.Exception is { } error ? error.GetBaseException().Message : string.IsNullOrWhiteSpace(e.ReplyText) ? null : $"{e.ReplyCode} {e.ReplyText}";

        /// <summary>What identifies a message across redeliveries for retry counting: its id, else its routing key and body.</summary>
        private static string AttemptKey(EventMessage message)
        {
            if (message.Properties.MessageId is { Length: > 0 } id)
            {
                return "id:" + id;
            }
            var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(message.RoutingKey + "\n"), .. message.Body.Span]);
            return "body:" + System.Convert.ToHexString(hash);
        }
    }

    internal static string ExchangeType(ExchangeKind kind) => kind switch
    {
        ExchangeKind.Topic => RabbitMQ.Client.ExchangeType.Topic,
        ExchangeKind.Fanout => RabbitMQ.Client.ExchangeType.Fanout,
        ExchangeKind.Headers => RabbitMQ.Client.ExchangeType.Headers,
        _ => RabbitMQ.Client.ExchangeType.Direct,
    };

    private static EventMessage Convert(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray(); // the library reuses its buffer once the handler returns
        var p = delivery.BasicProperties;
        return new EventMessage
        {
            DeliveryTag = delivery.DeliveryTag,
            Redelivered = delivery.Redelivered,
            Exchange = delivery.Exchange,
            RoutingKey = delivery.RoutingKey,
            Body = body,
            BodyText = EventMessage.DecodeText(body),
            Properties = new EventMessageProperties
            {
                ContentType = p.ContentType,
                ContentEncoding = p.ContentEncoding,
                MessageId = p.MessageId,
                CorrelationId = p.CorrelationId,
                Timestamp = p.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(p.Timestamp.UnixTime) : null,
                Headers = ConvertTable(p.Headers),
                AppId = p.AppId,
                Type = p.Type,
                Persistent = p.Persistent,
            },
        };
    }

    /// <summary>AMQP field values as plain values: long strings arrive as bytes and become UTF-8 text, integers become long.</summary>
    internal static Dictionary<string, object?> ConvertTable(IDictionary<string, object?>? table)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (table is not null)
        {
            foreach (var (key, value) in table)
            {
                result[key] = ConvertValue(value);
            }
        }
        return result;
    }

    private static object? ConvertValue(object? value) => value switch
    {
        null => null,
        byte[] bytes => EventMessage.DecodeText(bytes) ?? System.Convert.ToBase64String(bytes),
        string text => text,
        bool flag => flag,
        sbyte or byte or short or ushort or int or uint or long => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong big => big,
        float single => (double)single,
        double or decimal => value,
        AmqpTimestamp stamp => DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime).ToString("o", CultureInfo.InvariantCulture),
        IDictionary<string, object?> nested => ConvertTable(nested),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(ConvertValue).ToList(),
        _ => value.ToString(),
    };
}
