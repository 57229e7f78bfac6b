using System.Diagnostics;
using System.Text;
using Patchworks.Core.Events;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>Listening on a real node: declaring, binding, prefetch, settling, and the ways a listen ends.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ListenerTests(RabbitMqNode node)
{
    [Fact]
    public async Task DeclaresExchangeQueueAndBindingThenReceivesThePublishedMessageWithItsProperties()
    {
        var exchange = Unique("orders-x");
        var queue = Unique("orders-q");
        var listener = new ListenerSettings
        {
            Queue = queue,
            Declare = new QueueDeclaration { Durable = false, AutoDelete = false },
            Binding = new ExchangeBinding { Exchange = exchange, Type = ExchangeKind.Topic, Durable = false, BindingKeys = ["order.created", "order.*.eu"] },
        };
        var seen = new List<EventMessage>();
        var consuming = new TaskCompletionSource();
        var listen = EventListener.ListenAsync(node.Connection(), listener, Options(maxMessages: 1) with
        {
            Consuming = () =>
            {
                consuming.TrySetResult();
                return ValueTask.CompletedTask;
            },
        }, (m, _) =>
        {
            seen.Add(m);
            return ValueTask.FromResult(Settlement.Ack);
        });
        await consuming.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the exchange, queue and bindings exist from here on

        var sent = await PublishWhenRoutableAsync(node, new PublishSettings
        {
            Exchange = exchange,
            RoutingKey = "order.created",
            Body = Encoding.UTF8.GetBytes("""{"id":7,"name":"Zoë"}"""),
            ContentType = "application/json",
            MessageId = "m-1",
            CorrelationId = "c-1",
            Headers = new Dictionary<string, object?> { ["tenant"] = "acme", ["attempt"] = 3, ["raw"] = Encoding.UTF8.GetBytes("bytes as text"), ["flag"] = true },
        });
        Assert.True(sent.Confirmed, sent.Message);
        var result = await listen;

        Assert.Equal(ListenEnd.MaxMessages, result.End);
        Assert.Equal("maxMessages", result.Reason);
        Assert.Equal(1, result.Acked);
        var message = Assert.Single(seen);
        Assert.Equal(exchange, message.Exchange);
        Assert.Equal("order.created", message.RoutingKey);
        Assert.False(message.Redelivered);
        Assert.Equal("""{"id":7,"name":"Zoë"}""", message.BodyText);
        Assert.Equal("application/json", message.Properties.ContentType);
        Assert.Equal("m-1", message.Properties.MessageId);
        Assert.Equal("c-1", message.Properties.CorrelationId);
        Assert.True(message.Properties.Persistent);
        Assert.NotNull(message.Properties.Timestamp);
        Assert.InRange(message.Properties.Timestamp!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("acme", message.Properties.Headers["tenant"]);
        Assert.Equal(3L, message.Properties.Headers["attempt"]);
        Assert.Equal("bytes as text", message.Properties.Headers["raw"]);
        Assert.Equal(true, message.Properties.Headers["flag"]);
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, queue));
    }

    [Fact]
    public async Task TheSecondBindingKeyRoutesToo()
    {
        var exchange = Unique("keys-x");
        var listener = new ListenerSettings
        {
            Queue = Unique("keys-q"),
            Declare = new QueueDeclaration(),
            Binding = new ExchangeBinding { Exchange = exchange, Type = ExchangeKind.Topic, BindingKeys = ["a.b", "order.*.eu"] },
        };
        await DeclareByListeningAsync(node, listener);
        await PublishAsync(node, Text("order.paid.eu", "{}", exchange));
        var result = await EventListener.ListenAsync(node.Connection(), listener, Options(maxMessages: 1), (_, _) => ValueTask.FromResult(Settlement.Ack));
        Assert.Equal(ListenEnd.MaxMessages, result.End);
    }

    [Fact]
    public async Task PrefetchLimitsTheUnsettledMessagesTheBrokerHandsOver()
    {
        var queue = Unique("prefetch");
        await Admin.DeclareQueueAsync(node, queue);
        await PublishAsync(node, [.. Enumerable.Range(1, 5).Select(i => Text(queue, $"{{\"n\":{i}}}"))]);
        var readyWhileFirstUnsettled = new List<uint>();
        var listener = new ListenerSettings { Queue = queue, Prefetch = 2 };
        var result = await EventListener.ListenAsync(node.Connection(), listener, Options(maxMessages: 5), async (m, cancellation) =>
        {
            if (readyWhileFirstUnsettled.Count == 0)
            {
                await Task.Delay(700, cancellation); // the broker has had time to send more than it may
                readyWhileFirstUnsettled.Add(await Admin.ReadyCountAsync(node, queue));
            }
            return Settlement.Ack;
        });
        Assert.Equal(ListenEnd.MaxMessages, result.End);
        Assert.Equal(5, result.Acked);
        Assert.Equal([3u], readyWhileFirstUnsettled); // 5 published, 2 handed over
    }

    [Fact]
    public async Task AckRemovesTheMessageAndRequeueDeliversItAgainAsRedelivered()
    {
        var queue = Unique("requeue");
        await Admin.DeclareQueueAsync(node, queue);
        await PublishAsync(node, Text(queue, """{"v":1}"""));
        var seen = new List<EventMessage>();
        var result = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(maxMessages: 2), (m, _) =>
        {
            seen.Add(m);
            return ValueTask.FromResult(seen.Count == 1 ? Settlement.Requeue : Settlement.Ack);
        });
        Assert.Equal(ListenEnd.MaxMessages, result.End);
        Assert.Equal((1, 1), (result.Requeued, result.Acked));
        Assert.Equal(2, seen.Count);
        Assert.False(seen[0].Redelivered);
        Assert.True(seen[1].Redelivered);
        Assert.Equal(seen[0].BodyText, seen[1].BodyText);
        Assert.Equal(2, seen[1].Attempt);
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, queue));

        var again = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(timeoutSeconds: 1), (_, _) => ValueTask.FromResult(Settlement.Ack));
        Assert.Equal(ListenEnd.Timeout, again.End);
        Assert.Equal(0, again.Received);
    }

    [Fact]
    public async Task HoldKeepsEveryMessageUntilTheListenEndsThenTheBrokerPutsThemAllBack()
    {
        var queue = Unique("peek");
        await Admin.DeclareQueueAsync(node, queue);
        await PublishAsync(node, Text(queue, "a"), Text(queue, "b"), Text(queue, "c"));
        uint? readyWhileHeld = null;
        var seen = new List<string?>();
        var result = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(maxMessages: 3), async (m, _) =>
        {
            seen.Add(m.BodyText);
            if (seen.Count == 3)
            {
                readyWhileHeld = await Admin.ReadyCountAsync(node, queue);
            }
            return Settlement.Hold;
        });

        Assert.Equal(ListenEnd.MaxMessages, result.End);
        Assert.Equal((3, 0, 0, 0), (result.Held, result.Acked, result.Requeued, result.Rejected));
        Assert.Equal(["a", "b", "c"], seen); // none delivered twice while held
        Assert.Equal(0u, readyWhileHeld);
        var ready = 0u;
        for (var i = 0; i < 50 && (ready = await Admin.ReadyCountAsync(node, queue)) < 3; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(3u, ready); // put back when the listen's channel closed
    }

    [Fact]
    public async Task RejectRoutesTheMessageToTheDeadLetterQueue()
    {
        var deadLetters = Unique("dlx");
        var deadQueue = Unique("dlq");
        await Admin.DeclareDeadLetterQueueAsync(node, deadLetters, deadQueue);
        var queue = Unique("rejecting");
        var listener = new ListenerSettings { Queue = queue, Declare = new QueueDeclaration { DeadLetterExchange = deadLetters } };
        await DeclareByListeningAsync(node, listener);
        await PublishAsync(node, Text(queue, """{"bad":true}"""));

        var result = await EventListener.ListenAsync(node.Connection(), listener, Options(maxMessages: 1), (_, _) => ValueTask.FromResult(Settlement.Reject));
        Assert.Equal(1, result.Rejected);

        EventMessage? dead = null;
        var fromDlq = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = deadQueue }, Options(maxMessages: 1, timeoutSeconds: 10), (m, _) =>
        {
            dead = m;
            return ValueTask.FromResult(Settlement.Ack);
        });
        Assert.Equal(ListenEnd.MaxMessages, fromDlq.End);
        Assert.Equal("""{"bad":true}""", dead!.BodyText);
        Assert.True(dead.Properties.Headers.ContainsKey("x-death"), string.Join(",", dead.Properties.Headers.Keys));
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, queue));
    }

    [Fact]
    public async Task RetryRejectsAMessageRequeuedTooOften()
    {
        var deadLetters = Unique("dlx");
        var deadQueue = Unique("dlq");
        await Admin.DeclareDeadLetterQueueAsync(node, deadLetters, deadQueue);
        var queue = Unique("retrying");
        var listener = new ListenerSettings { Queue = queue, Declare = new QueueDeclaration { DeadLetterExchange = deadLetters }, Retry = new RetrySettings { MaxAttempts = 3 } };
        await DeclareByListeningAsync(node, listener);
        await PublishAsync(node, Text(queue, """{"flaky":true}"""));

        var result = await EventListener.ListenAsync(node.Connection(), listener, Options(maxMessages: 3), (_, _) => ValueTask.FromResult(Settlement.Requeue));
        Assert.Equal((2, 1), (result.Requeued, result.Rejected));
        Assert.Equal(1u, await Admin.ReadyCountAsync(node, deadQueue));
    }

    [Fact]
    public async Task MaxMessagesStopsTheListenAndTimeoutEndsAQuietOne()
    {
        var queue = Unique("limits");
        await Admin.DeclareQueueAsync(node, queue);
        await PublishAsync(node, Text(queue, "1"), Text(queue, "2"), Text(queue, "3"));

        var first = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(maxMessages: 2), (_, _) => ValueTask.FromResult(Settlement.Ack));
        Assert.Equal((ListenEnd.MaxMessages, 2), (first.End, first.Received));

        var watch = Stopwatch.StartNew();
        var second = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(maxMessages: 10, timeoutSeconds: 1.5), (_, _) => ValueTask.FromResult(Settlement.Ack));
        Assert.Equal((ListenEnd.Timeout, 1), (second.End, second.Received));
        Assert.Equal("timeout", second.Reason);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task CancellingTheTokenEndsTheListenPromptly()
    {
        var queue = Unique("cancel");
        await Admin.DeclareQueueAsync(node, queue);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        var result = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue },
            new ListenOptions { Timeout = null }, (_, _) => ValueTask.FromResult(Settlement.Ack), cancel.Token);
        Assert.Equal(ListenEnd.Cancelled, result.End);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ATokenCancelledBeforeTheListenStartsEndsItAsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var result = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = "anything" }, Options(), (_, _) => ValueTask.FromResult(Settlement.Ack), cancel.Token);
        Assert.Equal(ListenEnd.Cancelled, result.End);
    }

    [Fact]
    public async Task AutoAcknowledgementLeavesNothingToSettle()
    {
        var queue = Unique("auto");
        await Admin.DeclareQueueAsync(node, queue);
        await PublishAsync(node, Text(queue, "a"), Text(queue, "b"));
        var result = await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue, Acknowledgement = Acknowledgement.Auto },
            Options(maxMessages: 2), (_, _) => ValueTask.FromResult(Settlement.Requeue));
        Assert.Equal((2, 0), (result.Received, result.Requeued));
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, queue));
    }
}
