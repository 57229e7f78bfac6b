using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>
/// patchworks events listen and send, the real command as a child process, on the warehouse-events sample and its test
/// instance against a real node: each test's own site code (a --var) gives it its own queue and binding key.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class CliEventsTests(RabbitMqNode node)
{
    private const string Connector = "warehouse-events.connector.json";
    private const string PasswordVariable = "WAREHOUSE_TEST_MQ_PASSWORD";
    private static readonly string Sample = Repository.Sample("warehouse-events");

    private CliResult Events(string site, string? password, params string[] args)
    {
        var environment = new Dictionary<string, string>();
        if (password is not null)
        {
            environment[PasswordVariable] = password;
        }
        return CliProcess.Run(Sample, environment, ["events", .. args, Connector, "--listener", "dispatch-confirmations", "--instance", "test.instance.json",
            "--var", $"port={node.AmqpPort}", "--var", $"site={site}", "--var", "host=127.0.0.1"]);
    }

    [Fact]
    public async Task A_sent_sample_is_listened_to_with_its_records_checked_and_acknowledged()
    {
        var site = Unique("site");
        // The listener declares the exchange, the queue and its binding: the first listen makes them.
        var declare = Events(site, RabbitMqNode.Password, "listen", "--timeout", "1");
        Assert.True(declare.ExitCode == 0, declare.ToString());
        Assert.Contains("no message for 1 s", declare.Stdout, StringComparison.Ordinal);

        var sent = Events(site, RabbitMqNode.Password, "send");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Contains($"routing key \"dispatch.confirmed.{site}\"", sent.Stdout, StringComparison.Ordinal);
        Assert.Contains("the broker confirmed it", sent.Stdout, StringComparison.Ordinal);

        var listened = Events(site, RabbitMqNode.Password, "listen", "--ack", "--max-messages", "1", "--format", "json");
        Assert.True(listened.ExitCode == 0, listened.ToString());
        var message = JsonNode.Parse(listened.StdoutLines[0])!;
        Assert.Equal($"dispatch.confirmed.{site}", message["routingKey"]!.GetValue<string>());
        Assert.Equal("SO-100482", message["records"]![0]!["orderNumber"]!.GetValue<string>());
        Assert.True(message["schemaChecked"]!.GetValue<bool>());
        Assert.Empty(message["invalidRecords"]!.AsArray());
        var summary = JsonNode.Parse(listened.StdoutLines[^1])!["summary"]!;
        Assert.Equal("maxMessages", summary["end"]!.GetValue<string>());
        Assert.Equal(1, summary["acked"]!.GetValue<int>());
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, $"patchworks.{site}.dispatch"));
        foreach (var result in new[] { declare, sent, listened })
        {
            Assert.DoesNotContain(RabbitMqNode.Password, result.AllOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Listening_without_ack_leaves_the_queue_as_it_was_and_a_record_against_the_schema_fails()
    {
        var site = Unique("site");
        Assert.Equal(0, Events(site, RabbitMqNode.Password, "listen", "--timeout", "1").ExitCode);
        using var folder = new TempFolder();
        var body = Path.Combine(folder.Path, "bad.json");
        await File.WriteAllTextAsync(body, """{ "shipments": [ { "orderNumber": 42, "shipmentId": "S1", "carrier": "DPD", "dispatchedAt": "2026-12-01T00:00:00Z", "lines": [] } ] }""");
        Assert.Equal(0, Events(site, RabbitMqNode.Password, "send", "--body", body).ExitCode);

        var listened = Events(site, RabbitMqNode.Password, "listen", "--timeout", "5");

        Assert.True(listened.ExitCode == 1, listened.ToString());
        Assert.Contains("records: 1 at \"shipments\", 1 invalid against the message schema", listened.Stdout, StringComparison.Ordinal);
        Assert.Contains("orderNumber", listened.Stdout, StringComparison.Ordinal);
        Assert.Contains("every message on the queue was shown", listened.Stdout, StringComparison.Ordinal);
        Assert.Equal(1u, await Admin.ReadyCountAsync(node, $"patchworks.{site}.dispatch"));
    }

    [Fact]
    public async Task A_peek_shows_the_messages_and_leaves_them_on_the_queue()
    {
        var site = Unique("site");
        Assert.Equal(0, Events(site, RabbitMqNode.Password, "listen", "--timeout", "1").ExitCode);
        Assert.Equal(0, Events(site, RabbitMqNode.Password, "send").ExitCode);
        Assert.Equal(0, Events(site, RabbitMqNode.Password, "send").ExitCode);

        var peeked = Events(site, RabbitMqNode.Password, "listen", "--peek", "--timeout", "3");

        Assert.True(peeked.ExitCode == 0, peeked.ToString());
        Assert.Contains("held and put back on the queue when the listen stops", peeked.Stderr, StringComparison.Ordinal);
        Assert.Contains("message 2:", peeked.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("message 3:", peeked.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 shown: 0 acknowledged, 0 requeued, 0 rejected, 2 held and put back", peeked.Stdout, StringComparison.Ordinal);
        Assert.Equal(2u, await Admin.ReadyCountAsync(node, $"patchworks.{site}.dispatch"));

        var both = Events(site, RabbitMqNode.Password, "listen", "--peek", "--ack");
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("choose one", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_is_named_and_never_printed()
    {
        const string wrong = "Wrong-pw-93817";
        var result = Events(Unique("site"), wrong, "listen", "--timeout", "1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("authenticationFailed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_without_a_value_stops_before_connecting()
    {
        var result = Events(Unique("site"), null, "send");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nothing was sent", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"password\"", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(PasswordVariable, result.Stderr, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pw-events-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
