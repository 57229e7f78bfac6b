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

    /// <summary>Called once the listener is set up and consuming (the exchange, queue and bindings exist): messages sent from now on reach it.</summary>
    public Func<ValueTask>? Consuming { get; init; }
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

    /// <summary>Messages held unsettled until the listen ended (<see cref="Settlement.Hold"/>): the broker put them back.</summary>
    public int Held { get; init; }

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

    // Every signal carries the generation of the connection it came from: each reconnect opens a new connection,
    // channel and consumer whose handlers are bound to the next generation, so a late event of an old connection (a
    // delivery the library dispatches after the drop, a second shutdown report) can never be mistaken for a new one.
    private abstract record Signal(int Generation);

    private sealed record Delivery(EventMessage Message, int Generation) : Signal(Generation);

    private sealed record Lost(string? Cause, int Generation) : Signal(Generation);

    private sealed record ChannelClosed(ShutdownEventArgs Reason, int Generation) : Signal(Generation);

    private sealed record ConsumerCancelled(int Generation) : Signal(Generation);

    private sealed class Run(BrokerConnectionSettings broker, ListenerSettings listener, ListenOptions options, EventMessageHandler handler)
    {
        private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
        private readonly Channel<Signal> signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);
        private readonly List<BrokerFault> interruptions = [];
        private volatile int generation;
        private volatile bool closing;
        private int received, acked, requeued, rejected, held;
        private bool reconnected;
        private IConnection? connection;
        private IChannel? channel;

        public async Task<ListenResult> ExecuteAsync(CancellationToken cancellation)
        {
            var abort = false;
            try
            {
                try
                {
                    await OpenAsync(cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return End(ListenEnd.Cancelled);
                }
                catch (BrokerFaultException e)
                {
                    abort = e.Fault.Code == BrokerFaultCodes.ConnectionLost;
                    return End(abort ? ListenEnd.ConnectionLost : ListenEnd.Fault, e.Fault);
                }

                if (options.Consuming is { } consuming)
                {
                    await consuming().ConfigureAwait(false);
                }
                var result = await LoopAsync(cancellation).ConfigureAwait(false);
                abort = result.End == ListenEnd.ConnectionLost;
                return result;
            }
            finally
            {
                closing = true;
                await BrokerConnector.CloseQuietlyAsync(channel, connection, abort).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Connects and sets the listener up (exchange, queue, bindings, prefetch, consumer) as generation
        /// <see cref="generation"/>; every failure is a <see cref="BrokerFaultException"/> naming the stage.
        /// </summary>
        private async Task OpenAsync(CancellationToken cancellation)
        {
            var gen = generation;
            var opened = await BrokerConnector.ConnectAsync(broker, recover: false, cancellation).ConfigureAwait(false);
            connection = opened;
            opened.ConnectionShutdownAsync += (_, e) =>
            {
                if (e.Initiator != ShutdownInitiator.Application && !closing)
                {
                    signals.Writer.TryWrite(new Lost(Cause(e), gen));
                }
                return Task.CompletedTask;
            };

            var stage = "opening a channel";
            string? exchange = null;
            try
            {
                var opening = await Bounded(t => opened.CreateChannelAsync(null, t), cancellation).ConfigureAwait(false);
                channel = opening;
                if (listener.Binding is { } binding)
                {
                    exchange = binding.Exchange;
                    stage = $"declaring exchange '{binding.Exchange}'";
                    await Bounded(t => opening.ExchangeDeclareAsync(binding.Exchange, ExchangeType(binding.Type), binding.Durable, autoDelete: false,
                        arguments: null, passive: !binding.Declare, noWait: false, cancellationToken: t), cancellation).ConfigureAwait(false);
                }
                exchange = null;
                if (listener.Declare is { } declaration)
                {
                    stage = $"declaring queue '{listener.Queue}'";
                    await Bounded(t => opening.QueueDeclareAsync(listener.Queue, declaration.Durable, declaration.Exclusive, declaration.AutoDelete,
                        declaration.BrokerArguments(), passive: false, noWait: false, cancellationToken: t), cancellation).ConfigureAwait(false);
                }
                else
                {
                    stage = $"checking queue '{listener.Queue}'";
                    await Bounded(t => opening.QueueDeclarePassiveAsync(listener.Queue, t), cancellation).ConfigureAwait(false);
                }
                if (listener.Binding is { } bind)
                {
                    exchange = bind.Exchange;
                    foreach (var key in bind.BindingKeys.Count == 0 ? [""] : bind.BindingKeys)
                    {
                        stage = $"binding queue '{listener.Queue}' to exchange '{bind.Exchange}' with key '{key}'";
                        await Bounded(t => opening.QueueBindAsync(listener.Queue, bind.Exchange, key, null, false, t), cancellation).ConfigureAwait(false);
                    }
                }
                stage = "setting the prefetch";
                if (listener.Acknowledgement == Acknowledgement.Manual)
                {
                    await Bounded(t => opening.BasicQosAsync(0, listener.Prefetch, false, t), cancellation).ConfigureAwait(false);
                }
                opening.ChannelShutdownAsync += (_, e) =>
                {
                    if (e.Initiator == ShutdownInitiator.Peer && e.ReplyCode != 200 && opened.IsOpen && !closing)
                    {
                        signals.Writer.TryWrite(new ChannelClosed(e, gen));
                    }
                    return Task.CompletedTask;
                };
                var consumer = new AsyncEventingBasicConsumer(opening);
                consumer.ReceivedAsync += (_, delivery) =>
                {
                    signals.Writer.TryWrite(new Delivery(Convert(delivery), gen));
                    return Task.CompletedTask;
                };
                consumer.UnregisteredAsync += (_, _) =>
                {
                    if (!closing)
                    {
                        signals.Writer.TryWrite(new ConsumerCancelled(gen));
                    }
                    return Task.CompletedTask;
                };
                stage = $"consuming from queue '{listener.Queue}'";
                await Bounded(t => opening.BasicConsumeAsync(listener.Queue, listener.Acknowledgement == Acknowledgement.Auto, consumer, t), cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException and not BrokerFaultException)
            {
                throw new BrokerFaultException(BrokerFaults.Describe(e, broker, listener.Queue, exchange, stage), e);
            }
        }

        private async Task<ListenResult> LoopAsync(CancellationToken cancellation)
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
                if (signal is not null && signal.Generation != generation)
                {
                    continue; // from a connection that dropped: its unsettled deliveries come again on the new one
                }
                switch (signal)
                {
                    case null:
                        return End(ListenEnd.Timeout);
                    case Delivery delivery:
                        await HandleAsync(channel!, delivery, cancellation).ConfigureAwait(false);
                        if (cancellation.IsCancellationRequested)
                        {
                            return End(ListenEnd.Cancelled);
                        }
                        break;
                    case Lost lost:
                        var (back, refusal) = await ReconnectAsync(cancellation).ConfigureAwait(false);
                        if (cancellation.IsCancellationRequested)
                        {
                            return End(ListenEnd.Cancelled);
                        }
                        if (refusal is not null)
                        {
                            // back, but the broker refused the listener (its queue went with the restart, ...)
                            return End(ListenEnd.Fault, refusal with
                            {
                                Message = $"{refusal.Message.TrimEnd('.')} (after the connection dropped and came back; the listen stopped).",
                            });
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

        /// <summary>
        /// Drops the dead connection and opens a new one (a new generation) every second until the reconnect window
        /// is over: true when the listener is set up again; a refusal when the broker answered but would not have the
        /// listener back (a fault other than unreachable, dropped or slow), which no retry mends.
        /// </summary>
        private async Task<(bool Back, BrokerFault? Refusal)> ReconnectAsync(CancellationToken cancellation)
        {
            if (options.ReconnectWindow <= TimeSpan.Zero)
            {
                return (false, null);
            }
            var until = DateTime.UtcNow + options.ReconnectWindow;
            while (true)
            {
                Interlocked.Increment(ref generation);
                var (oldChannel, oldConnection) = (channel, connection);
                (channel, connection) = (null, null);
                await BrokerConnector.CloseQuietlyAsync(oldChannel, oldConnection, abort: true).ConfigureAwait(false);
                if (DateTime.UtcNow >= until)
                {
                    return (false, null);
                }
                try
                {
                    await OpenAsync(cancellation).ConfigureAwait(false);
                    return (true, null);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    return (false, null);
                }
                catch (BrokerFaultException e) when (!Transient(e.Fault))
                {
                    return (true, e.Fault);
                }
                catch (BrokerFaultException)
                {
                    // not back yet
                }
                var pause = until - DateTime.UtcNow;
                if (pause > RetryInterval)
                {
                    pause = RetryInterval;
                }
                if (pause > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(pause, cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return (false, null);
                    }
                }
            }
        }

        /// <summary>Faults a broker that is still starting (or still down) gives, which the next attempt may not.</summary>
        private static bool Transient(BrokerFault fault) => fault.Code is BrokerFaultCodes.BrokerUnreachable or BrokerFaultCodes.ConnectionLost
            or BrokerFaultCodes.Timeout or BrokerFaultCodes.BrokerError;

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
            if (decision == Settlement.Hold)
            {
                held++; // settled by the channel's close: the broker requeues every unacknowledged message
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
            Held = held,
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
