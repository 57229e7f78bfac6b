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

    private sealed class OwnNode : IAsyncDisposable
    {
        public RabbitMqNode Node { get; } = new();

        public async ValueTask DisposeAsync() => await Node.DisposeAsync();
    }
}
