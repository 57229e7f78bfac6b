using System.Text;
using Patchworks.Core.Events;

namespace Patchworks.Events.Tests;

/// <summary>Shared steps: unique names per test, publishing through <see cref="EventSender"/>, and waiting for a listener's queue to be bound.</summary>
public static class Listening
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static PublishSettings Text(string routingKey, string body, string exchange = "") => new()
    {
        Exchange = exchange,
        RoutingKey = routingKey,
        Body = Encoding.UTF8.GetBytes(body),
        ContentType = "application/json",
    };

    public static async Task PublishAsync(RabbitMqNode node, params PublishSettings[] messages)
    {
        var results = await EventSender.PublishAllAsync(node.Connection(), messages);
        Assert.All(results, r => Assert.True(r.Confirmed, r.Message));
    }

    /// <summary>Publishes once the listener's binding exists (mandatory publishes come back unroutable until then).</summary>
    public static async Task<PublishResult> PublishWhenRoutableAsync(RabbitMqNode node, PublishSettings message, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await EventSender.PublishAsync(node.Connection(), message);
            if (result.Outcome != PublishOutcome.Unroutable || DateTime.UtcNow > until)
            {
                return result;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Declares the queue by a listen that stops at once, so messages can be published before the real listen.</summary>
    public static async Task DeclareByListeningAsync(RabbitMqNode node, ListenerSettings listener)
    {
        var result = await EventListener.ListenAsync(node.Connection(), listener, new ListenOptions { Timeout = TimeSpan.FromMilliseconds(50) },
            (_, _) => ValueTask.FromResult(Settlement.Requeue));
        Assert.True(result.End == ListenEnd.Timeout, result.Fault?.ToString());
    }

    public static ListenOptions Options(int? maxMessages = null, double timeoutSeconds = 20) =>
        new() { MaxMessages = maxMessages, Timeout = TimeSpan.FromSeconds(timeoutSeconds), ReconnectWindow = TimeSpan.Zero };
}
