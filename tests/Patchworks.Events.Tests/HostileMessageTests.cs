using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.LanguageServer.Tests.Infrastructure;
using RabbitMQ.Client;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>
/// Messages the connector's author did not write, published with the raw AMQP client to the warehouse-events sample's
/// dispatch listener while the real language server listens (patchworks/events/listen): bodies of 20 MB, not UTF-8,
/// with NUL bytes, HTML declared as JSON, JSON nested 10,000 deep, hostile header tables, a content type that lies.
/// Each one is shown with its records check saying what is wrong, settled as asked, and bounded in its
/// patchworks/events/message notification; the normal message after it arrives and is checked; the server lives on.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class HostileMessageTests(RabbitMqNode node, ITestOutputHelper output) : IDisposable
{
    private const string Listener = "dispatch-confirmations";

    /// <summary>The most characters one patchworks/events/message notification may take, whatever the message.</summary>
    private const int NotificationBound = 1_000_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("pw-events-hostile-").FullName;
    private readonly string _site = Unique("site");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Queue => $"patchworks.{_site}.dispatch";

    private string RoutingKey => $"dispatch.confirmed.{_site}";

    private static readonly string NormalBody = File.ReadAllText(Path.Combine(Repository.Sample("warehouse-events"), "samples", "dispatch-confirmed.json"));

    /// <summary>A hostile message: its body and properties, and what its notification must show.</summary>
    private sealed record Hostile(byte[] Body, Action<BasicProperties> Properties, Action<JsonElement> Check);

    private static string Record(int n, string orderNumber) =>
        $$"""{"orderNumber":{{orderNumber}},"shipmentId":"SHP-{{n}}","carrier":"DPD","dispatchedAt":"2026-12-01T14:02:57Z","lines":[{"sku":"SKU-{{n}}","quantity":1}]}""";

    private static Hostile Case(string name) => name switch
    {
        // 20 MB of JSON whose every record breaks the schema (orderNumber a number): 100,000+ records, each invalid.
        "twenty-megabytes-of-invalid-records" => new(HugeShipments(), _ => { }, m =>
        {
            Assert.Null(Problem(m));
            Assert.True(m.GetProperty("bodyBytes").GetInt32() >= 20 * 1024 * 1024);
            Assert.True(m.GetProperty("bodyCut").GetBoolean());
            Assert.Equal(m.GetProperty("bodyBytes").GetInt32(), m.GetProperty("bodyChars").GetInt32()); // ASCII: one character a byte
            Assert.True(m.GetProperty("body").GetString()!.Length <= 64_000);
            var count = m.GetProperty("recordCount").GetInt32();
            Assert.True(count > 100_000, $"{count} records");
            Assert.True(m.GetProperty("recordsCut").GetBoolean());
            Assert.InRange(m.GetProperty("records").GetArrayLength(), 1, 200);
            Assert.Equal(count, m.GetProperty("invalidCount").GetInt32());
            Assert.InRange(m.GetProperty("invalidRecords").GetArrayLength(), 1, 200);
            Assert.StartsWith("record 1: Expected a string", m.GetProperty("invalidRecords")[0].GetString(), StringComparison.Ordinal);
        }),
        // 20 MB of one letter: not JSON, the body cut.
        "twenty-megabytes-of-text" => new(Encoding.ASCII.GetBytes(new string('A', 20 * 1024 * 1024)), _ => { }, m =>
        {
            Assert.Equal("the body is not JSON", Problem(m));
            Assert.True(m.GetProperty("bodyCut").GetBoolean());
            Assert.Equal(20 * 1024 * 1024, m.GetProperty("bodyChars").GetInt32());
            Assert.Equal(new string('A', 64_000), m.GetProperty("body").GetString());
        }),
        "random-bytes" => new(RandomBytes(), _ => { }, m =>
        {
            Assert.Equal("the body is not UTF-8 text", Problem(m));
            Assert.Equal(JsonValueKind.Null, m.GetProperty("body").ValueKind);
            Assert.Equal(4096, m.GetProperty("bodyBytes").GetInt32());
        }),
        "a-lone-0xC3" => new([0xC3], _ => { }, m =>
        {
            Assert.Equal("the body is not UTF-8 text", Problem(m));
            Assert.Equal(JsonValueKind.Null, m.GetProperty("body").ValueKind);
            Assert.Equal(1, m.GetProperty("bodyBytes").GetInt32());
        }),
        "nul-bytes" => new(Encoding.UTF8.GetBytes("{\"shipments\":[]}\0\0\0{\0}"), _ => { }, m =>
        {
            Assert.Equal("the body is not JSON", Problem(m));
            Assert.Equal("{\"shipments\":[]}\0\0\0{\0}", m.GetProperty("body").GetString());
        }),
        "html-declared-as-json" => new(Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script><img src=x onerror=alert(1)></html>"),
            p => p.ContentType = "application/json", m =>
            {
                Assert.Equal("the body is not JSON", Problem(m));
                Assert.Equal("<html><script>alert(document.cookie)</script><img src=x onerror=alert(1)></html>", m.GetProperty("body").GetString());
                Assert.Equal("application/json", m.GetProperty("properties").GetProperty("contentType").GetString());
            }),
        "json-nested-10000-deep" => new(Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)), _ => { }, m =>
        {
            Assert.Equal("the body is not JSON: it is nested deeper than 256 levels", Problem(m));
            Assert.Equal(20_000, m.GetProperty("bodyBytes").GetInt32());
        }),
        // Deep, but within what the reader takes (256 levels): the record is checked, and travels as its JSON text (JSON
        // writers stop at 64 levels: the server process died writing it).
        "a-record-nested-250-deep" => new(Encoding.ASCII.GetBytes("{\"shipments\":[" + Record(1, "\"SO-1\"")[..^1] + ",\"extra\":" + new string('[', 245) + new string(']', 245) + "}]}"), _ => { }, m =>
        {
            Assert.Null(Problem(m));
            Assert.Equal(1, m.GetProperty("records").GetArrayLength());
            Assert.StartsWith("""{"orderNumber":"SO-1","shipmentId":"SHP-1",""", m.GetProperty("records")[0].GetString(), StringComparison.Ordinal);
            Assert.EndsWith(new string(']', 245) + "}", m.GetProperty("records")[0].GetString(), StringComparison.Ordinal);
            Assert.True(m.GetProperty("schemaChecked").GetBoolean());
            Assert.Equal(0, m.GetProperty("invalidRecords").GetArrayLength());
        }),
        "hostile-headers" => new(Encoding.UTF8.GetBytes(NormalBody), p => p.Headers = new Dictionary<string, object?>
        {
            ["long"] = new string('h', 60_000),
            ["nested"] = new Dictionary<string, object?> { ["level"] = new Dictionary<string, object?> { ["deeper"] = new Dictionary<string, object?> { ["n"] = 7, ["list"] = new List<object?> { "a", 2, null } } } },
            ["bytes"] = new byte[] { 0xC3, 0x00, 0xFF },
            ["nothing"] = null,
            ["script"] = "<script>alert(1)</script>",
            ["x-death"] = new List<object?> { new Dictionary<string, object?> { ["queue"] = "elsewhere", ["count"] = 2L } },
            ["deep"] = Enumerable.Range(0, 100).Aggregate((object?)"bottom", (inner, _) => new Dictionary<string, object?> { ["d"] = inner }),
        }, m =>
        {
            Assert.Null(Problem(m));
            Assert.Equal("SO-100482", m.GetProperty("records")[0].GetProperty("orderNumber").GetString());
            var headers = m.GetProperty("headers");
            var longHeader = headers.GetProperty("long").GetString()!;
            Assert.True(longHeader.Length < 60_000 && longHeader.StartsWith("hhhh", StringComparison.Ordinal), $"{longHeader.Length} characters");
            Assert.EndsWith("(60,000 characters)", longHeader, StringComparison.Ordinal);
            Assert.Equal(7, headers.GetProperty("nested").GetProperty("level").GetProperty("deeper").GetProperty("n").GetInt64());
            Assert.Equal("""["a",2,null]""", headers.GetProperty("nested").GetProperty("level").GetProperty("deeper").GetProperty("list").GetRawText());
            Assert.Equal(Convert.ToBase64String([0xC3, 0x00, 0xFF]), headers.GetProperty("bytes").GetString());
            Assert.Equal(JsonValueKind.Null, headers.GetProperty("nothing").ValueKind);
            Assert.Equal("<script>alert(1)</script>", headers.GetProperty("script").GetString());
            Assert.Equal("elsewhere", headers.GetProperty("x-death")[0].GetProperty("queue").GetString());
            Assert.DoesNotContain("System.Collections", headers.GetRawText(), StringComparison.Ordinal);
            var deep = headers.GetProperty("deep");
            for (var level = 1; level < 32; level++)
            {
                deep = deep.GetProperty("d");
            }
            Assert.Equal("(nested deeper than 32 levels)", deep.GetProperty("d").GetString());
        }),
        // The content type and encoding say XML and gzip; the body is plain JSON: it is read by the listener's format.
        "a-content-type-that-lies" => new(Encoding.UTF8.GetBytes(NormalBody), p =>
        {
            p.ContentType = "application/xml; charset=utf-16";
            p.ContentEncoding = "gzip";
        }, m =>
        {
            Assert.Null(Problem(m));
            Assert.Equal("SO-100482", m.GetProperty("records")[0].GetProperty("orderNumber").GetString());
            Assert.Equal("application/xml; charset=utf-16", m.GetProperty("properties").GetProperty("contentType").GetString());
            Assert.Equal("gzip", m.GetProperty("properties").GetProperty("contentEncoding").GetString());
        }),
        // JsonObject refuses a name twice when first read: the listen ended with an internal error, the message unsettled.
        "duplicate-keys" => new(Encoding.UTF8.GetBytes("""{"shipments":[{"orderNumber":"SO-1","orderNumber":"SO-2"}]}"""), _ => { }, m =>
        {
            Assert.Equal("an object in the body has the name \"orderNumber\" twice", Problem(m));
        }),
        // Some producers start UTF-8 with a byte order mark: it is no part of the JSON.
        "a-byte-order-mark" => new([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(NormalBody)], _ => { }, m =>
        {
            Assert.Null(Problem(m));
            Assert.Equal("SO-100482", m.GetProperty("records")[0].GetProperty("orderNumber").GetString());
        }),
        _ => throw new ArgumentException(name),
    };

    private static string? Problem(JsonElement message) =>
        message.GetProperty("recordsProblem") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;

    private static byte[] HugeShipments()
    {
        var text = new StringBuilder("{\"shipments\":[", 21 * 1024 * 1024);
        for (var n = 0; text.Length < 20 * 1024 * 1024; n++)
        {
            text.Append(n == 0 ? "" : ",").Append(Record(n, n.ToString(CultureInfo.InvariantCulture)));
        }
        return Encoding.ASCII.GetBytes(text.Append("]}").ToString());
    }

    private static byte[] RandomBytes()
    {
        var bytes = new byte[4096];
        new Random(4711).NextBytes(bytes);
        bytes[0] = 0xFF; // never valid in UTF-8, whatever the seed gives
        return bytes;
    }

    [Theory]
    [InlineData("twenty-megabytes-of-invalid-records", "ack")]
    [InlineData("twenty-megabytes-of-text", "reject")]
    [InlineData("random-bytes", "ack")]
    [InlineData("a-lone-0xC3", "peek")]
    [InlineData("nul-bytes", "reject")]
    [InlineData("html-declared-as-json", "ack")]
    [InlineData("json-nested-10000-deep", "ack")]
    [InlineData("a-record-nested-250-deep", "ack")]
    [InlineData("hostile-headers", "ack")]
    [InlineData("a-content-type-that-lies", "peek")]
    [InlineData("duplicate-keys", "ack")]
    [InlineData("a-byte-order-mark", "ack")]
    public async Task A_hostile_message_is_shown_with_its_problem_and_settled_and_the_next_one_still_arrives(string name, string settle)
    {
        var hostile = Case(name);
        var (server, connectorUri, instanceUri) = await OpenAsync();
        await using var running = server;
        var watch = Stopwatch.StartNew();

        var listen = server.Client.RequestAsync<JsonElement>("patchworks/events/listen",
            new { uri = connectorUri, instanceUri, listenerId = Listener, listenId = name, settle, maxMessages = 2, timeoutSeconds = 90 });
        await WaitForAsync(server.Client, m => m.GetProperty("kind").GetString() == "listening", listen);
        await PublishRawAsync(hostile);
        await PublishRawAsync(new Hostile(Encoding.UTF8.GetBytes(NormalBody), _ => { }, _ => { }));

        var answer = await listen.WaitAsync(TimeSpan.FromSeconds(120));
        output.WriteLine($"{name}: listened in {watch.Elapsed.TotalSeconds:0.0} s");
        var summary = answer.GetProperty("summary");
        Assert.Equal("maxMessages", summary.GetProperty("end").GetString());
        Assert.Equal(2, summary.GetProperty("messages").GetInt32());
        var settled = settle switch { "ack" => "acked", "reject" => "rejected", _ => "held" };
        Assert.Equal(2, summary.GetProperty(settled).GetInt32());

        var messages = server.Client.EventMessages.Where(m => m.GetProperty("kind").GetString() == "message").ToList();
        Assert.Equal(2, messages.Count);
        foreach (var notification in messages)
        {
            var size = notification.GetRawText().Length;
            output.WriteLine($"{name}: notification {notification.GetProperty("message").GetProperty("number")} is {size:N0} characters");
            Assert.True(size < NotificationBound, $"{name}: a notification of {size:N0} characters");
        }
        var first = messages[0].GetProperty("message");
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        hostile.Check(first);
        Assert.Equal(Problem(first) is not null || first.GetProperty("invalidRecords").GetArrayLength() > 0 ? 1 : 0, summary.GetProperty("failedChecks").GetInt32());

        var normal = messages[1].GetProperty("message");
        Assert.Equal(2, normal.GetProperty("number").GetInt32());
        Assert.Null(Problem(normal));
        Assert.Equal("SO-100482", normal.GetProperty("records")[0].GetProperty("orderNumber").GetString());
        Assert.True(normal.GetProperty("schemaChecked").GetBoolean());
        Assert.Equal(0, normal.GetProperty("invalidRecords").GetArrayLength());
        Assert.False(normal.TryGetProperty("bodyCut", out _));

        // Settled as asked: acknowledged and rejected ones are gone (the dead-letter exchange does not exist here), peeked ones are back.
        var expected = settle == "peek" ? 2u : 0u;
        var ready = await Admin.ReadyCountAsync(node, Queue);
        for (var i = 0; i < 50 && ready != expected; i++)
        {
            await Task.Delay(100);
            ready = await Admin.ReadyCountAsync(node, Queue);
        }
        Assert.Equal(expected, ready);

        // The server lives on and answers.
        Assert.False(server.Process.HasExited);
        var lenses = await server.Client.RequestAsync<JsonElement>("textDocument/codeLens", new { textDocument = new { uri = connectorUri } });
        Assert.Contains(lenses.EnumerateArray(), l => l.GetProperty("command").GetProperty("title").GetString() == "Listen");
        var everything = string.Join("\n", server.Client.EventMessages.Select(m => m.GetRawText()).Concat(server.Client.LogMessages).Append(answer.GetRawText()));
        Assert.DoesNotContain(RabbitMqNode.Password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CLI_prints_escape_sequences_as_text_and_header_tables_as_JSON_and_carries_a_deep_record_in_its_JSON()
    {
        string[] Listen(params string[] args) => ["events", "listen", .. args, "warehouse-events.connector.json", "--listener", Listener, "--instance", "test.instance.json",
            "--var", $"port={node.AmqpPort}", "--var", $"site={_site}", "--var", "host=127.0.0.1"];
        var sample = Repository.Sample("warehouse-events");
        var environment = new Dictionary<string, string> { ["WAREHOUSE_TEST_MQ_PASSWORD"] = RabbitMqNode.Password };
        var declare = CliProcess.Run(sample, environment, Listen("--timeout", "1"));
        Assert.True(declare.ExitCode == 0, declare.ToString());

        // An OSC 52 sequence (write to the clipboard), a cursor move and a right-to-left override, in the body and a header.
        const string escapes = "\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[2J\u202e";
        await PublishRawAsync(new Hostile(Encoding.UTF8.GetBytes("not json " + escapes), p => p.Headers = new Dictionary<string, object?>
        {
            ["nested"] = new Dictionary<string, object?> { ["a"] = new Dictionary<string, object?> { ["b"] = 1 } },
            ["list"] = new List<object?> { "x", 2 },
            ["evil"] = escapes,
        }, _ => { }));
        var text = CliProcess.Run(sample, environment, Listen("--peek", "--max-messages", "1", "--timeout", "20"));
        Assert.True(text.ExitCode == 1, text.ToString()); // the message failed its check
        Assert.Contains("records: none at \"shipments\": the body is not JSON", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text.AllOutput);
        Assert.DoesNotContain('\u0007', text.AllOutput);
        Assert.DoesNotContain('\u202e', text.AllOutput);
        Assert.Contains("not json \\u001B]52;c;ZWNobyBwd25lZA==\\u0007\\u001B[2J\\u202E", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("nested={\"a\":{\"b\":1}}", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("list=[\"x\",2]", text.Stdout, StringComparison.Ordinal);

        // A record 250 deep in --format json (its writer stops at 64 levels): the message line carries it as text.
        await PublishRawAsync(Case("a-record-nested-250-deep"));
        var json = CliProcess.Run(sample, environment, Listen("--ack", "--max-messages", "2", "--timeout", "20", "--format", "json"));
        Assert.True(json.ExitCode == 1, json.ToString());
        var second = JsonDocument.Parse(json.StdoutLines[1]).RootElement;
        Assert.StartsWith("""{"orderNumber":"SO-1",""", second.GetProperty("records")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, Queue));
        Assert.DoesNotContain(RabbitMqNode.Password, text.AllOutput + json.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XML_with_an_entity_bomb_or_an_external_entity_is_refused_and_the_next_message_still_arrives()
    {
        var queue = $"patchworks.{_site}.stock";
        await Admin.DeclareQueueAsync(node, queue); // the stock-counts listener only checks its queue exists
        var (server, connectorUri, instanceUri) = await OpenAsync();
        await using var running = server;
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
             <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
             <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
             <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
            <StockCount><Line><Sku>&lol9;</Sku><Location>A</Location><Quantity>1</Quantity></Line></StockCount>
            """;
        var secretFile = Path.Combine(_folder, "secret.txt");
        await File.WriteAllTextAsync(secretFile, "TOP-SECRET-4471");
        var external = $"""
            <?xml version="1.0"?>
            <!DOCTYPE StockCount [<!ENTITY leak SYSTEM "{new Uri(secretFile).AbsoluteUri}">]>
            <StockCount><Line><Sku>&leak;</Sku><Location>A</Location><Quantity>1</Quantity></Line></StockCount>
            """;
        var normal = await File.ReadAllTextAsync(Path.Combine(_folder, "samples", "stock-count.xml"));

        var watch = Stopwatch.StartNew();
        var listen = server.Client.RequestAsync<JsonElement>("patchworks/events/listen",
            new { uri = connectorUri, instanceUri, listenerId = "stock-counts", listenId = "xml", settle = "ack", maxMessages = 3, timeoutSeconds = 60 });
        await WaitForAsync(server.Client, m => m.GetProperty("kind").GetString() == "listening", listen);
        foreach (var body in new[] { laughs, external, normal })
        {
            await using var connection = await Admin.ConnectAsync(node);
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { ContentType = "application/xml" }, Encoding.UTF8.GetBytes(body));
        }
        var answer = await listen.WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"three XML messages listened to in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(3, answer.GetProperty("summary").GetProperty("acked").GetInt32());
        var messages = server.Client.EventMessages.Where(m => m.GetProperty("kind").GetString() == "message").Select(m => m.GetProperty("message")).ToList();
        Assert.Equal(3, messages.Count);
        output.WriteLine(string.Join("\n", messages.Select(m => $"{m.GetProperty("number")}: {Problem(m) ?? "(no problem)"}; records {m.GetProperty("records").GetRawText()[..Math.Min(200, m.GetProperty("records").GetRawText().Length)]}")));
        Assert.Equal("the body is not XML", Problem(messages[0])); // the expansion stops at the reader's limit
        Assert.DoesNotContain("TOP-SECRET-4471", messages[1].GetRawText(), StringComparison.Ordinal); // never read
        Assert.Equal("", messages[1].GetProperty("records")[0].GetString()); // the external entity stays empty
        Assert.Null(Problem(messages[2]));
        // The sample's data path (StockCount.Line) reads the first Line's values as the records.
        Assert.Equal("""["TSHIRT-BLK-M","A-01-03","118"]""", messages[2].GetProperty("records").GetRawText());
        Assert.True(messages.Max(m => m.GetRawText().Length) < NotificationBound);
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, queue));
        Assert.False(server.Process.HasExited);
    }

    /// <summary>Publishes with the client library itself, as any other program on the broker could: no Patchworks code in between.</summary>
    private async Task PublishRawAsync(Hostile message)
    {
        await using var connection = await Admin.ConnectAsync(node);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties();
        message.Properties(properties);
        await channel.BasicPublishAsync("wms.events", RoutingKey, mandatory: true, properties, message.Body);
    }

    private Task<(StdioServer Server, string ConnectorUri, string InstanceUri)> OpenAsync() => OpenWarehouseEventsAsync(node, _folder, _site);

    private static async Task WaitForAsync(LspClient client, Func<JsonElement, bool> condition, Task<JsonElement> listen)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (client.EventMessages.Any(condition))
            {
                return;
            }
            if (listen.IsCompleted)
            {
                Assert.Fail($"the listen ended before it listened: {(listen.IsCompletedSuccessfully ? listen.Result.GetRawText() : listen.Exception?.GetBaseException().Message)}");
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("no such patchworks/events/message: " + string.Join("\n", client.EventMessages.Select(m => m.GetRawText())));
    }
}
