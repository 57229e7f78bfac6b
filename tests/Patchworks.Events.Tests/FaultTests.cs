using System.Diagnostics;
using Patchworks.Core.Events;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>What a broker refuses, as stable fault codes and messages naming the broker, vhost and queue, never the password.</summary>
[Collection(BrokerCollection.Name)]
public sealed class FaultTests(RabbitMqNode node, ITestOutputHelper output)
{
    private static Task<ListenResult> Listen(BrokerConnectionSettings broker, ListenerSettings listener) =>
        EventListener.ListenAsync(broker, listener, Options(timeoutSeconds: 2), (_, _) => ValueTask.FromResult(Settlement.Ack));

    private BrokerFault AssertFault(ListenResult result, string code, params string[] mentions)
    {
        Assert.Equal(ListenEnd.Fault, result.End);
        var fault = Assert.IsType<BrokerFault>(result.Fault);
        output.WriteLine(fault.ToString()); // the wording, for review in the test log
        Assert.True(fault.Code == code, fault.ToString());
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, fault.Message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(RabbitMqNode.Password, fault.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RabbitMqNode.LimitedPassword, fault.Message, StringComparison.Ordinal);
        return fault;
    }

    [Fact]
    public async Task AWrongPasswordIsAuthenticationFailed()
    {
        var broker = node.Connection() with { Password = "not-the-" + RabbitMqNode.Password };
        var result = await Listen(broker, new ListenerSettings { Queue = "anything" });
        AssertFault(result, BrokerFaultCodes.AuthenticationFailed, $"127.0.0.1:{node.AmqpPort}", RabbitMqNode.User);
        Assert.DoesNotContain("not-the-", result.Fault!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingVirtualHostIsVirtualHostNotFound()
    {
        var result = await Listen(node.Connection("no-such-vhost"), new ListenerSettings { Queue = "anything" });
        AssertFault(result, BrokerFaultCodes.VirtualHostNotFound, "'no-such-vhost'", $"127.0.0.1:{node.AmqpPort}");
    }

    [Fact]
    public async Task AVirtualHostTheUserMayNotUseIsVirtualHostNotFoundToo()
    {
        var broker = node.Connection(RabbitMqNode.EventsVirtualHost) with { UserName = RabbitMqNode.LimitedUser, Password = RabbitMqNode.LimitedPassword };
        var result = await Listen(broker, new ListenerSettings { Queue = "anything" });
        AssertFault(result, BrokerFaultCodes.VirtualHostNotFound, "'events'", RabbitMqNode.LimitedUser);
    }

    [Fact]
    public async Task ListeningOnAMissingQueueWithoutDeclaringIsQueueNotFound()
    {
        var queue = Unique("missing");
        var result = await Listen(node.Connection(), new ListenerSettings { Queue = queue });
        AssertFault(result, BrokerFaultCodes.QueueNotFound, $"'{queue}'", $"127.0.0.1:{node.AmqpPort}", "virtual host '/'");
    }

    [Fact]
    public async Task BindingToAMissingExchangeWithoutDeclaringIsExchangeNotFound()
    {
        var exchange = Unique("nowhere");
        var result = await Listen(node.Connection(), new ListenerSettings
        {
            Queue = Unique("q"),
            Declare = new QueueDeclaration(),
            Binding = new ExchangeBinding { Exchange = exchange, Declare = false },
        });
        AssertFault(result, BrokerFaultCodes.ExchangeNotFound, $"'{exchange}'");
    }

    [Fact]
    public async Task AUserWithoutPermissionOnTheQueueIsAccessRefused()
    {
        var queue = Unique("forbidden");
        var broker = node.Connection() with { UserName = RabbitMqNode.LimitedUser, Password = RabbitMqNode.LimitedPassword };
        var result = await Listen(broker, new ListenerSettings { Queue = queue, Declare = new QueueDeclaration() });
        AssertFault(result, BrokerFaultCodes.AccessRefused, queue, RabbitMqNode.LimitedUser);

        var allowed = await Listen(broker, new ListenerSettings { Queue = Unique("limited"), Declare = new QueueDeclaration { Durable = false, AutoDelete = true } });
        Assert.True(allowed.End == ListenEnd.Timeout, allowed.Fault?.ToString()); // the same user on its own queues works
    }

    [Fact]
    public async Task RedeclaringAQueueWithOtherArgumentsIsPreconditionFailedNamingTheArgument()
    {
        var queue = Unique("ttl");
        await Admin.DeclareQueueAsync(node, queue, new Dictionary<string, object?> { ["x-message-ttl"] = 20000 });
        var result = await Listen(node.Connection(), new ListenerSettings { Queue = queue, Declare = new QueueDeclaration { MessageTtlMs = 10000 } });
        AssertFault(result, BrokerFaultCodes.PreconditionFailed, "x-message-ttl", queue);
    }

    [Fact]
    public async Task NothingListeningOnThePortIsBrokerUnreachableQuickly()
    {
        var port = RabbitMqNode.FreePort();
        var watch = Stopwatch.StartNew();
        var result = await Listen(node.Connection() with { Port = port }, new ListenerSettings { Queue = "anything" });
        AssertFault(result, BrokerFaultCodes.BrokerUnreachable, $"127.0.0.1:{port}", "refused");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AHostNameThatDoesNotResolveIsBrokerUnreachable()
    {
        var result = await Listen(node.Connection() with { Host = "no-such-host.invalid" }, new ListenerSettings { Queue = "anything" });
        AssertFault(result, BrokerFaultCodes.BrokerUnreachable, "no-such-host.invalid");
    }

    [Fact]
    public void TheSettingsNeverPrintThePassword()
    {
        Assert.DoesNotContain(RabbitMqNode.Password, node.Connection().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RabbitMqNode.Password, node.Connection().Describe(), StringComparison.Ordinal);
    }
}
