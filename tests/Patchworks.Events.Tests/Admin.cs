using RabbitMQ.Client;

namespace Patchworks.Events.Tests;

/// <summary>Looks at a test node with the client library directly (queue depths, clean-up), beside the code under test.</summary>
public static class Admin
{
    public static Task<IConnection> ConnectAsync(RabbitMqNode node, string virtualHost = "/")
    {
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = node.AmqpPort,
            VirtualHost = virtualHost,
            UserName = RabbitMqNode.User,
            Password = RabbitMqNode.Password,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return factory.CreateConnectionAsync(timeout.Token);
    }

    /// <summary>Messages ready in the queue (not counting those delivered and not yet settled).</summary>
    public static async Task<uint> ReadyCountAsync(RabbitMqNode node, string queue)
    {
        await using var connection = await ConnectAsync(node);
        await using var channel = await connection.CreateChannelAsync();
        var ok = await channel.QueueDeclarePassiveAsync(queue);
        return ok.MessageCount;
    }

    public static async Task DeclareQueueAsync(RabbitMqNode node, string queue, IDictionary<string, object?>? arguments = null, bool durable = true)
    {
        await using var connection = await ConnectAsync(node);
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: durable, exclusive: false, autoDelete: false, arguments: arguments);
    }

    public static async Task DeclareDeadLetterQueueAsync(RabbitMqNode node, string exchange, string queue)
    {
        await using var connection = await ConnectAsync(node);
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
    }
}
