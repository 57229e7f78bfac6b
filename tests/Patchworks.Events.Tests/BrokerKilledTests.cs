using System.Diagnostics;
using Patchworks.Core.Events;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>A broker that dies mid-listen: the listen returns connectionLost, saying it did not reconnect, and never hangs. Its own node, since it kills it.</summary>
[Collection(BrokerCollection.Name)] // one after the other with the shared node's tests: two nodes at once are too much for a small machine
public sealed class BrokerKilledTests
{
    [Fact]
    public async Task KillingTheBrokerMidListenEndsTheListenWithConnectionLost()
    {
        await using var node = new OwnNode();
        await node.Node.InitializeAsync();
        var queue = Unique("doomed");
        await Admin.DeclareQueueAsync(node.Node, queue);
        await PublishAsync(node.Node, Text(queue, "first"));

        var options = new ListenOptions { Timeout = TimeSpan.FromSeconds(120), ReconnectWindow = TimeSpan.FromSeconds(3) };
        var firstSeen = new TaskCompletionSource();
        var watch = new Stopwatch();
        var listen = EventListener.ListenAsync(node.Node.Connection(), new ListenerSettings { Queue = queue }, options, (_, _) =>
        {
            firstSeen.TrySetResult();
            return ValueTask.FromResult(Settlement.Ack);
        });
        await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(2000); // the handler's Ack is sent after it returns: let it reach the broker before the kill
        watch.Start();
        node.Node.Kill();

        var result = await listen.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ListenEnd.ConnectionLost, result.End);
        Assert.Equal("connectionLost", result.Reason);
        Assert.False(result.Reconnected);
        Assert.Equal(BrokerFaultCodes.ConnectionLost, result.Fault?.Code);
        Assert.Contains("could not reconnect within 3 s and stopped", result.Fault!.Message, StringComparison.Ordinal);
        Assert.Contains($"'{queue}'", result.Fault.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RabbitMqNode.Password, result.Fault.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Acked);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ABrokerBackWithinTheReconnectWindowLetsTheListenGoOnAndSaysItReconnected()
    {
        await using var node = new OwnNode();
        await node.Node.InitializeAsync();
        var queue = Unique("survivor");
        await Admin.DeclareQueueAsync(node.Node, queue); // durable: it is still there after the restart
        await PublishAsync(node.Node, Text(queue, "before"));

        var options = new ListenOptions { MaxMessages = 2, Timeout = TimeSpan.FromSeconds(240), ReconnectWindow = TimeSpan.FromSeconds(180) };
        var firstSeen = new TaskCompletionSource();
        var bodies = new List<string?>();
        var listen = EventListener.ListenAsync(node.Node.Connection(), new ListenerSettings { Queue = queue }, options, (m, _) =>
        {
            bodies.Add(m.BodyText);
            firstSeen.TrySetResult();
            return ValueTask.FromResult(Settlement.Ack);
        });
        await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(2000); // as above: the Ack of "before" reaches the broker, so it is not delivered again
        await node.Node.RestartAsync();
        await PublishAsync(node.Node, Text(queue, "after"));

        var result = await listen.WaitAsync(TimeSpan.FromSeconds(200));
        Assert.True(result.End == ListenEnd.MaxMessages, result.Fault?.ToString());
        Assert.True(result.Reconnected);
        var interruption = Assert.Single(result.Interruptions);
        Assert.Equal(BrokerFaultCodes.ConnectionLost, interruption.Code);
        Assert.Contains("it reconnected and the listen went on", interruption.Message, StringComparison.Ordinal);
        Assert.Equal(["before", "after"], bodies);
    }

    [Fact]
    public async Task AQueueGoneWithTheRestartEndsTheListenWithQueueNotFoundInsteadOfRetrying()
    {
        await using var node = new OwnNode();
        await node.Node.InitializeAsync();
        var queue = Unique("transient");
        await Admin.DeclareQueueAsync(node.Node, queue, durable: false); // a transient queue does not survive a restart
        await PublishAsync(node.Node, Text(queue, "only"));

        var options = new ListenOptions { Timeout = TimeSpan.FromSeconds(240), ReconnectWindow = TimeSpan.FromSeconds(180) };
        var firstSeen = new TaskCompletionSource();
        var listen = EventListener.ListenAsync(node.Node.Connection(), new ListenerSettings { Queue = queue }, options, (_, _) =>
        {
            firstSeen.TrySetResult();
            return ValueTask.FromResult(Settlement.Ack);
        });
        await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(2000);
        await node.Node.RestartAsync();

        var result = await listen.WaitAsync(TimeSpan.FromSeconds(200));
        Assert.Equal(ListenEnd.Fault, result.End);
        Assert.Equal(BrokerFaultCodes.QueueNotFound, result.Fault?.Code);
        Assert.Contains($"'{queue}'", result.Fault!.Message, StringComparison.Ordinal);
        Assert.Contains("after the connection dropped and came back", result.Fault.Message, StringComparison.Ordinal);
        Assert.False(result.Reconnected);
        Assert.Equal(1, result.Acked);
    }

    private sealed class OwnNode : IAsyncDisposable
    {
        public RabbitMqNode Node { get; } = new();

        public async ValueTask DisposeAsync() => await Node.DisposeAsync();
    }
}
