using System.Text;
using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Events;
using Patchworks.LanguageServer.Tests.Infrastructure;

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

    /// <summary>The editor's secret storage name of the warehouse-events test instance's password, in the copies <see cref="OpenWarehouseEventsAsync"/> makes.</summary>
    public const string PasswordSecret = "warehouse-test-mq-password";

    /// <summary>
    /// The warehouse-events sample copied into <paramref name="folder"/>, its test instance on the node with
    /// <paramref name="site"/> (its own queue) and the password as secret:NAME; the real language server started on
    /// it (the password in its client's secret storage unless <paramref name="withSecret"/> is false) and the
    /// connector opened.
    /// </summary>
    public static async Task<(StdioServer Server, string ConnectorUri, string InstanceUri)> OpenWarehouseEventsAsync(RabbitMqNode node, string folder, string site,
        bool trusted = true, bool withSecret = true)
    {
        var sample = Repository.Sample("warehouse-events");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var instancePath = Path.Combine(folder, "test.instance.json");
        var instance = (await File.ReadAllTextAsync(instancePath))
            .Replace("\"host\": \"localhost\"", "\"host\": \"127.0.0.1\"", StringComparison.Ordinal)
            .Replace("\"port\": \"5672\"", $"\"port\": \"{node.AmqpPort}\"", StringComparison.Ordinal)
            .Replace("\"site\": \"uk-leeds\"", $"\"site\": \"{site}\"", StringComparison.Ordinal)
            .Replace("env:WAREHOUSE_TEST_MQ_PASSWORD", "secret:" + PasswordSecret, StringComparison.Ordinal);
        Assert.Contains(site, instance, StringComparison.Ordinal);
        Assert.Contains(node.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), instance, StringComparison.Ordinal);
        await File.WriteAllTextAsync(instancePath, instance);

        var server = StdioServer.Start();
        if (withSecret)
        {
            server.Client.SecretStorage[PasswordSecret] = RabbitMqNode.Password;
        }
        await server.Client.RequestAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = new Uri(folder).AbsoluteUri,
            capabilities = new { },
            initializationOptions = new { workspaceTrusted = trusted },
        });
        await server.Client.NotifyAsync("initialized", new { });
        var connectorPath = Path.Combine(folder, "warehouse-events.connector.json");
        await server.Client.OpenAsync(connectorPath, await File.ReadAllTextAsync(connectorPath));
        return (server, LspClient.Uri(connectorPath), LspClient.Uri(instancePath));
    }
}
