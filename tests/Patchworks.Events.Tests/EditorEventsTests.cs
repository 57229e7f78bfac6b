using System.Text.Json;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;
using static Patchworks.Events.Tests.Listening;

namespace Patchworks.Events.Tests;

/// <summary>
/// The editor's Listen and Send Test Message: the real language server process over stdio, on a copy of the
/// warehouse-events sample whose test instance points at a real node (its own site code, so its own queue), the
/// password in the editor's secret storage (patchworks/getSecrets), never in a notification, answer or log.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class EditorEventsTests(RabbitMqNode node) : IDisposable
{
    private const string Listener = "dispatch-confirmations";
    private readonly string _folder = Directory.CreateTempSubdirectory("pw-events-editor-").FullName;
    private readonly string _site = Unique("site");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Queue => $"patchworks.{_site}.dispatch";

    private Task<(StdioServer Server, string ConnectorUri, string InstanceUri)> OpenAsync(bool trusted = true, bool withSecret = true) =>
        OpenWarehouseEventsAsync(node, _folder, _site, trusted, withSecret);

    private static async Task<JsonElement> WaitForAsync(LspClient client, Func<JsonElement, bool> condition, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (client.EventMessages.FirstOrDefault(condition) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("no such patchworks/events/message: " + string.Join("\n", client.EventMessages.Select(m => m.GetRawText())));
    }

    [Fact]
    public async Task ListenShowsASentSampleAsItArrivesAndAPeekPutsItBackWhenStopped()
    {
        var (server, connectorUri, instanceUri) = await OpenAsync();
        await using var _ = server;

        var lenses = await server.Client.RequestAsync<JsonElement>("textDocument/codeLens", new { textDocument = new { uri = connectorUri } });
        var titles = lenses.EnumerateArray().Select(l => (l.GetProperty("command").GetProperty("title").GetString(), l.GetProperty("command").GetProperty("arguments")[1].GetString())).ToList();
        Assert.Contains(("Listen", Listener), titles);
        Assert.Contains(("Send test message", Listener), titles);
        Assert.Contains(("Listen", "stock-counts"), titles);

        var listen = server.Client.RequestAsync<JsonElement>("patchworks/events/listen", new { uri = connectorUri, instanceUri, listenerId = Listener, listenId = "first" });
        var listening = await WaitForAsync(server.Client, m => m.GetProperty("kind").GetString() == "listening");
        Assert.Equal("first", listening.GetProperty("listenId").GetString());
        Assert.Equal(Queue, listening.GetProperty("queue").GetString());
        Assert.Contains("put back on the queue", listening.GetProperty("settling").GetString(), StringComparison.Ordinal);

        var sent = await server.Client.RequestAsync<JsonElement>("patchworks/events/send", new { uri = connectorUri, instanceUri, listenerId = Listener });
        Assert.True(sent.GetProperty("confirmed").GetBoolean(), sent.GetRawText());
        Assert.Equal($"dispatch.confirmed.{_site}", sent.GetProperty("routingKey").GetString());
        Assert.Equal("wms.events", sent.GetProperty("exchange").GetString());

        var arrived = await WaitForAsync(server.Client, m => m.GetProperty("kind").GetString() == "message");
        var message = arrived.GetProperty("message");
        Assert.Equal(1, message.GetProperty("number").GetInt32());
        Assert.Equal("SO-100482", message.GetProperty("records")[0].GetProperty("orderNumber").GetString());
        Assert.True(message.GetProperty("schemaChecked").GetBoolean());
        Assert.Equal(0, message.GetProperty("invalidRecords").GetArrayLength());
        Assert.False(listen.IsCompleted); // waits for more until stopped

        await server.Client.NotifyAsync("patchworks/events/stop", new { listenId = "first" });
        var answer = await listen.WaitAsync(TimeSpan.FromSeconds(30));
        var summary = answer.GetProperty("summary");
        Assert.Equal("cancelled", summary.GetProperty("end").GetString());
        Assert.Equal(1, summary.GetProperty("messages").GetInt32());
        Assert.Equal(1, summary.GetProperty("held").GetInt32());
        Assert.Equal(0, summary.GetProperty("acked").GetInt32());
        Assert.Equal(1u, await Admin.ReadyCountAsync(node, Queue)); // the peek put it back

        // The extension's types (extension/src/events/) are what the server sends: the message, the answers.
        var listenTypes = TypeScriptShapes.Interfaces("events/panelModel.ts");
        TypeScriptShapes.AssertMatches(message, "EventMessageWire", listenTypes);
        TypeScriptShapes.AssertMatches(answer, "ListenAnswer", listenTypes, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ListenAnswer.summary"] = "ListenSummary",
            ["ListenSummary.fault"] = "BrokerFaultView",
            ["ListenSummary.interruptions"] = "BrokerFaultView",
        });
        TypeScriptShapes.AssertMatches(sent, "SendAnswer", TypeScriptShapes.Interfaces("events/send.ts"));

        // Acknowledging takes it off the queue; a second listen's messages carry its own id.
        var ack = await server.Client.RequestAsync<JsonElement>("patchworks/events/listen",
            new { uri = connectorUri, instanceUri, listenerId = Listener, listenId = "second", settle = "ack", maxMessages = 1, timeoutSeconds = 20 });
        Assert.Equal("maxMessages", ack.GetProperty("summary").GetProperty("end").GetString());
        Assert.Equal(1, ack.GetProperty("summary").GetProperty("acked").GetInt32());
        Assert.Contains(server.Client.EventMessages, m => m.GetProperty("listenId").GetString() == "second" && m.GetProperty("kind").GetString() == "message");
        Assert.Equal(0u, await Admin.ReadyCountAsync(node, Queue));

        var everything = string.Join("\n", server.Client.EventMessages.Select(m => m.GetRawText()).Concat(server.Client.LogMessages)
            .Append(answer.GetRawText()).Append(ack.GetRawText()).Append(sent.GetRawText()));
        Assert.DoesNotContain(RabbitMqNode.Password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_missing_from_the_secret_storage_stops_before_connecting_and_says_which()
    {
        var (server, connectorUri, instanceUri) = await OpenAsync(withSecret: false);
        await using var _ = server;

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            server.Client.RequestAsync<JsonElement>("patchworks/events/listen", new { uri = connectorUri, instanceUri, listenerId = Listener, listenId = "x" }));

        Assert.Equal(ErrorCodes.RequestFailed, error.ErrorCode);
        Assert.Contains("Nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"password\"", error.Message, StringComparison.Ordinal);
        var data = Assert.IsType<JsonElement>(error.ErrorData);
        Assert.Equal("missingSecret", data.GetProperty("reason").GetString());
        Assert.Equal("password", data.GetProperty("missingSecrets")[0].GetProperty("variable").GetString());
        Assert.Empty(server.Client.EventMessages);
    }

    [Fact]
    public async Task A_wrong_password_ends_the_listen_with_the_fault_named_and_an_untrusted_workspace_has_no_lenses()
    {
        var (server, connectorUri, instanceUri) = await OpenAsync();
        await using var _ = server;
        server.Client.SecretStorage[PasswordSecret] = "Wrong-pw-4471";

        var answer = await server.Client.RequestAsync<JsonElement>("patchworks/events/listen", new { uri = connectorUri, instanceUri, listenerId = Listener, listenId = "wrong" });
        var summary = answer.GetProperty("summary");
        Assert.Equal("fault", summary.GetProperty("end").GetString());
        Assert.Equal("authenticationFailed", summary.GetProperty("fault").GetProperty("code").GetString());
        Assert.DoesNotContain("Wrong-pw-4471", answer.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Client.EventMessages, m => m.GetProperty("kind").GetString() == "listening");

        var sent = await server.Client.RequestAsync<JsonElement>("patchworks/events/send", new { uri = connectorUri, instanceUri, listenerId = Listener });
        Assert.False(sent.GetProperty("confirmed").GetBoolean());
        Assert.Equal("authenticationFailed", sent.GetProperty("fault").GetProperty("code").GetString());

        await server.Client.NotifyAsync("patchworks/setWorkspaceTrust", new { trusted = false });
        var lenses = await server.Client.RequestAsync<JsonElement>("textDocument/codeLens", new { textDocument = new { uri = connectorUri } });
        Assert.DoesNotContain(lenses.EnumerateArray(), l => l.GetProperty("command").GetProperty("title").GetString() is "Listen" or "Send test message");
    }
}
