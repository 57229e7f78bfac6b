using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Patchworks.Core.Events;

/// <summary>What became of a published message.</summary>
public enum PublishOutcome
{
    /// <summary>The broker confirmed it (it is in at least one queue, or it was not mandatory).</summary>
    Confirmed,

    /// <summary>Mandatory and no queue is bound to the exchange with that routing key: the broker returned it.</summary>
    Unroutable,

    /// <summary>The broker refused to take responsibility for it (basic.nack), e.g. a full queue with reject-publish.</summary>
    Nacked,

    /// <summary>The publish failed before a confirm: see <see cref="PublishResult.Fault"/>.</summary>
    Fault,
}

/// <summary>The outcome of one publish, with a sentence for output.</summary>
public sealed record PublishResult(PublishOutcome Outcome, string Message, BrokerFault? Fault = null)
{
    public bool Confirmed => Outcome == PublishOutcome.Confirmed;
}

/// <summary>
/// Publishes messages with publisher confirms and the mandatory flag, so "sent" means the broker took the message
/// into a queue: an unroutable message (basic.return) and a broker nack are reported, not lost. Connecting and every
/// publish are bounded by the timeout; faults come back in the result.
/// </summary>
public static class EventSender
{
    /// <summary>Publishes one message on its own connection.</summary>
    public static async Task<PublishResult> PublishAsync(BrokerConnectionSettings broker, PublishSettings message, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        (await PublishAllAsync(broker, [message], timeout, cancellation).ConfigureAwait(false))[0];

    /// <summary>Publishes messages one after another on one connection; after a fault the rest are reported with the same fault.</summary>
    public static async Task<IReadOnlyList<PublishResult>> PublishAllAsync(BrokerConnectionSettings broker, IReadOnlyList<PublishSettings> messages, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(messages);
        var bound = timeout ?? TimeSpan.FromSeconds(10);
        var results = new List<PublishResult>(messages.Count);
        IConnection? connection = null;
        IChannel? channel = null;
        try
        {
            try
            {
                connection = await BrokerConnector.ConnectAsync(broker, recover: false, cancellation).ConfigureAwait(false);
                using var opening = Deadline(bound, cancellation);
                channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    opening.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                var fault = BrokerFaults.Describe(e, broker, stage: "connecting");
                return messages.Select(_ => new PublishResult(PublishOutcome.Fault, fault.Message, fault)).ToArray();
            }
            foreach (var message in messages)
            {
                if (!channel.IsOpen && results.Count > 0)
                {
                    results.Add(results[^1]); // the channel closed under the previous publish: the same fault
                    continue;
                }
                results.Add(await PublishOneAsync(channel, broker, message, bound, cancellation).ConfigureAwait(false));
            }
            return results;
        }
        finally
        {
            await BrokerConnector.CloseQuietlyAsync(channel, connection, abort: false).ConfigureAwait(false);
        }
    }

    private static async Task<PublishResult> PublishOneAsync(IChannel channel, BrokerConnectionSettings broker, PublishSettings message, TimeSpan bound, CancellationToken cancellation)
    {
        var target = Target(message.Exchange, message.RoutingKey);
        var properties = new BasicProperties
        {
            ContentType = message.ContentType,
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            DeliveryMode = message.Persistent ? DeliveryModes.Persistent : DeliveryModes.Transient,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        if (message.Headers is { Count: > 0 } headers)
        {
            properties.Headers = headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        }
        using var deadline = Deadline(bound, cancellation);
        try
        {
            await channel.BasicPublishAsync(message.Exchange, message.RoutingKey, message.Mandatory, properties, message.Body, deadline.Token).ConfigureAwait(false);
            return new PublishResult(PublishOutcome.Confirmed, $"{broker.Describe()} confirmed the message to {target}.");
        }
        catch (PublishException returned) when (returned.IsReturn)
        {
            var reply = returned is PublishReturnException r ? $" (broker said: {r.ReplyCode} {r.ReplyText})" : "";
            return new PublishResult(PublishOutcome.Unroutable,
                $"The message was not delivered: no queue is bound to {Exchange(message.Exchange)} with routing key '{message.RoutingKey}' on {broker.Describe()}{reply}.");
        }
        catch (PublishException)
        {
            return new PublishResult(PublishOutcome.Nacked, $"{broker.Describe()} refused the message to {target} (basic.nack): a full queue or an internal error.");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            var fault = new BrokerFault(BrokerFaultCodes.Timeout, $"{broker.Describe()} did not confirm the message to {target} within {bound.TotalSeconds:0.#} s.");
            return new PublishResult(PublishOutcome.Fault, fault.Message, fault);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var fault = BrokerFaults.Describe(e, broker, exchange: message.Exchange.Length == 0 ? null : message.Exchange, stage: $"publishing to {target}");
            return new PublishResult(PublishOutcome.Fault, fault.Message, fault);
        }
    }

    private static CancellationTokenSource Deadline(TimeSpan bound, CancellationToken cancellation)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        source.CancelAfter(bound);
        return source;
    }

    private static string Exchange(string exchange) => exchange.Length == 0 ? "the default exchange" : $"exchange '{exchange}'";

    private static string Target(string exchange, string routingKey) => $"{Exchange(exchange)} with routing key '{routingKey}'";
}
