using Patchworks.Core.Events;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>Publishing with confirms and the mandatory flag: confirmed, unroutable and refused messages are told apart.</summary>
[Collection(BrokerCollection.Name)]
public sealed class SenderTests(RabbitMqNode node)
{
    [Fact]
    public async Task AMessageToABoundQueueIsConfirmedAndQueued()
    {
        var queue = Unique("sent");
        await Admin.DeclareQueueAsync(node, queue);
        var result = await EventSender.PublishAsync(node.Connection(), Text(queue, "{}"));
        Assert.Equal(PublishOutcome.Confirmed, result.Outcome);
        Assert.Equal(1u, await Admin.ReadyCountAsync(node, queue));
    }

    [Fact]
    public async Task AMandatoryMessageNoQueueReceivesIsReportedUnroutable()
    {
        var exchange = Unique("lonely");
        await DeclareByListeningAsync(node, new ListenerSettings
        {
            Queue = Unique("q"),
            Declare = new QueueDeclaration { Durable = false, AutoDelete = false },
            Binding = new ExchangeBinding { Exchange = exchange, BindingKeys = ["bound.key"] },
        });
        var result = await EventSender.PublishAsync(node.Connection(), Text("unbound.key", "{}", exchange));
        Assert.Equal(PublishOutcome.Unroutable, result.Outcome);
        Assert.Contains($"no queue is bound to exchange '{exchange}' with routing key 'unbound.key'", result.Message, StringComparison.Ordinal);

        var routed = await EventSender.PublishAsync(node.Connection(), Text("bound.key", "{}", exchange));
        Assert.Equal(PublishOutcome.Confirmed, routed.Outcome);
    }

    [Fact]
    public async Task PublishingToAMissingExchangeIsExchangeNotFound()
    {
        var exchange = Unique("absent");
        var result = await EventSender.PublishAsync(node.Connection(), Text("k", "{}", exchange));
        Assert.Equal(PublishOutcome.Fault, result.Outcome);
        Assert.True(result.Fault?.Code == BrokerFaultCodes.ExchangeNotFound, result.Message);
        Assert.Contains(exchange, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordFailsEveryMessageWithAuthenticationFailedAndNoPassword()
    {
        var results = await EventSender.PublishAllAsync(node.Connection() with { Password = "wrong-" + RabbitMqNode.Password },
            [Text("a", "1"), Text("b", "2")]);
        Assert.All(results, r =>
        {
            Assert.Equal(BrokerFaultCodes.AuthenticationFailed, r.Fault?.Code);
            Assert.DoesNotContain(RabbitMqNode.Password, r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task BinaryBodiesArriveAsBytesWithoutText()
    {
        var queue = Unique("binary");
        await Admin.DeclareQueueAsync(node, queue);
        byte[] body = [0xFF, 0xFE, 0x00, 0x80];
        await PublishAsync(node, new PublishSettings { RoutingKey = queue, Body = body, ContentType = "application/octet-stream" });
        EventMessage? seen = null;
        await EventListener.ListenAsync(node.Connection(), new ListenerSettings { Queue = queue }, Options(maxMessages: 1), (m, _) =>
        {
            seen = m;
            return ValueTask.FromResult(Settlement.Ack);
        });
        Assert.Equal(body, seen!.Body.ToArray());
        Assert.Null(seen.BodyText);
    }
}
