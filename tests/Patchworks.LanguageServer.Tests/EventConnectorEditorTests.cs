using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using static Patchworks.LanguageServer.Tests.Infrastructure.TextPositions;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// The editor in event connectors (kind "event"): completion of the broker's and listeners' properties and values,
/// placeholders in broker and listener strings (completion, hover with the active instance, definition, references,
/// rename), the outline, semantic tokens and inlay hints. Items and ranges are checked exactly.
/// </summary>
public sealed class EventConnectorEditorTests : IDisposable
{
    private const string ConnectorFile = "warehouse.connector.json";
    private const string InstanceFile = "warehouse.instance.json";
    private const string SecretValue = "mq-password-from-the-environment";

    private readonly TempFolder _folder = new();
    private readonly string _secretVariable = "PW_EVENT_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public EventConnectorEditorTests() => Environment.SetEnvironmentVariable(_secretVariable, SecretValue);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _folder.Dispose();
    }

    /// <summary>A clean event connector: a basic auth method using the connection variables, a topic listener and a queue-only one.</summary>
    private const string Connector = """
        {
          "kind": "event",
          "name": "Warehouse",
          "version": { "number": 1 },
          "systemType": "WMS",
          "variables": [
            { "key": "host", "displayName": "Broker host", "required": true },
            { "key": "port", "default": "5671" },
            { "key": "site", "required": true }
          ],
          "authMethods": [
            {
              "id": "password",
              "name": "Username and password",
              "type": "basic",
              "uses": ["host", "port", "site"],
              "variables": [
                { "key": "username", "required": true },
                { "key": "password", "required": true, "secret": true }
              ],
              "basic": { "username": "{{username}}", "password": "{{password}}" }
            }
          ],
          "broker": { "type": "rabbitmq", "host": "{{host}}", "port": "{{port}}", "tls": true },
          "listeners": [
            {
              "id": "dispatch",
              "name": "Dispatch confirmations",
              "exchange": { "name": "wms.events", "type": "topic" },
              "bindingKeys": ["dispatch.{{site}}"],
              "queue": { "name": "patchworks.{{site}}.dispatch", "declare": true },
              "acknowledgement": "manual",
              "message": { "format": "json", "dataPath": "shipments" }
            },
            {
              "id": "stock",
              "name": "Stock counts",
              "queue": { "name": "patchworks.stock" },
              "message": { "format": "xml" }
            }
          ]
        }
        """;

    private string Instance => $$"""
        {
          "name": "Warehouse - test",
          "connector": "{{ConnectorFile}}",
          "environment": "test",
          "companyGroup": "Default",
          "authMethod": "password",
          "values": { "host": "mq.example.com", "port": "5671", "site": "uk-leeds", "username": "patchworks" },
          "secrets": { "password": "env:{{_secretVariable}}" }
        }
        """;

    private sealed record Workspace(InProcessServer Session, string ConnectorPath, string InstancePath) : IAsyncDisposable
    {
        public string ConnectorUri => LspClient.Uri(ConnectorPath);
        public string InstanceUri => LspClient.Uri(InstancePath);

        public Task<T> RequestAsync<T>(string method, LspPosition position, object? extra = null) =>
            Session.Client.RequestAsync<T>(method, extra switch
            {
                null => new { textDocument = new { uri = ConnectorUri }, position },
                ReferenceContext context => new { textDocument = new { uri = ConnectorUri }, position, context },
                string newName => (object)new { textDocument = new { uri = ConnectorUri }, position, newName },
                _ => throw new ArgumentException("Unknown extra parameter.", nameof(extra)),
            });

        public ValueTask DisposeAsync() => Session.DisposeAsync();
    }

    /// <summary>The connector (as given) and the instance written and opened in a server on the folder.</summary>
    private async Task<Workspace> OpenAsync(string connector = Connector)
    {
        var connectorPath = _folder.Write(ConnectorFile, connector);
        var instancePath = _folder.Write(InstanceFile, Instance);
        var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(connectorPath, connector);
        await session.Client.OpenAsync(instancePath, Instance);
        await session.Client.WaitForDiagnosticsAsync(instancePath);
        return new Workspace(session, connectorPath, instancePath);
    }

    /// <summary>Completion where the "|" is (the marker removed from the text the server sees).</summary>
    private async Task<(CompletionItem[] Items, string Text)> CompleteAsync(string marked)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(offset, 1);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        var path = _folder.PathOf(ConnectorFile);
        await session.Client.OpenAsync(path, text);
        var position = new Core.Text.LineIndex(text).GetPosition(offset).ToLsp();
        var list = await session.Client.RequestAsync<CompletionList?>("textDocument/completion",
            new { textDocument = new { uri = LspClient.Uri(path) }, position });
        Assert.NotNull(list);
        return ([.. list.Items], text);
    }

    private static string Marked(params (string Old, string New)[] edits) => Fixtures.Edit(Connector, edits);

    private static LspRange Empty(string text, int offset)
    {
        var position = new Core.Text.LineIndex(text).GetPosition(offset).ToLsp();
        return new LspRange(position, position);
    }

    private static string[] Labels(CompletionItem[] items) => [.. items.Select(i => i.Label)];

    [Fact]
    public async Task The_connector_and_instance_of_these_tests_validate_clean()
    {
        await using var w = await OpenAsync();
        Assert.Empty(NavigationWorkspace.Validate(new Dictionary<string, string>
        {
            [w.ConnectorUri] = Connector,
            [w.InstanceUri] = Instance,
        }));
    }

    [Fact]
    public async Task Property_names_are_offered_in_the_broker_a_listener_its_queue_exchange_and_message()
    {
        var (broker, brokerText) = await CompleteAsync(Marked(("\"tls\": true }", "\"tls\": true, \"|\" }")));
        Assert.Equal(["virtualHost", "heartbeatSeconds", "connectionName"], Labels(broker));
        var at = brokerText.IndexOf("\"tls\": true, \"", StringComparison.Ordinal) + "\"tls\": true, ".Length;
        Assert.Equal("\"connectionName\": \"$1\"", broker.Single(i => i.Label == "connectionName").TextEdit!.NewText);
        Assert.Equal(new LspRange(Empty(brokerText, at).Start, Empty(brokerText, at + 2).Start), broker[0].TextEdit!.Range);

        var (listener, _) = await CompleteAsync(Marked(("\"name\": \"Stock counts\",", "\"name\": \"Stock counts\",\n      \"|\",")));
        Assert.Equal(["description", "entityType", "exchange", "bindingKeys", "prefetch", "acknowledgement", "retry"], Labels(listener));

        var (queue, _) = await CompleteAsync(Marked(("\"queue\": { \"name\": \"patchworks.stock\" }", "\"queue\": { \"name\": \"patchworks.stock\", \"|\" }")));
        Assert.Equal(["declare", "durable", "exclusive", "autoDelete", "deadLetterExchange", "deadLetterRoutingKey", "messageTtlMs", "maxLength", "arguments"], Labels(queue));

        var (exchange, _) = await CompleteAsync(Marked(("\"type\": \"topic\" }", "\"type\": \"topic\", \"|\" }")));
        Assert.Equal(["declare", "durable"], Labels(exchange));

        var (message, _) = await CompleteAsync(Marked(("\"format\": \"xml\" }", "\"format\": \"xml\", \"|\" }")));
        Assert.Equal(["dataPath", "schema", "sampleBody", "contentType"], Labels(message));
    }

    [Fact]
    public async Task Enum_values_are_offered_for_the_acknowledgement_exchange_type_message_format_and_broker_type()
    {
        var (ack, ackText) = await CompleteAsync(Marked(("\"acknowledgement\": \"manual\"", "\"acknowledgement\": |")));
        var at = ackText.IndexOf("\"acknowledgement\": ", StringComparison.Ordinal) + "\"acknowledgement\": ".Length;
        Assert.Equal([new TextEdit(Empty(ackText, at), "\"manual\""), new TextEdit(Empty(ackText, at), "\"auto\"")], ack.Select(i => i.TextEdit));

        var (type, _) = await CompleteAsync(Marked(("\"type\": \"topic\"", "\"type\": |")));
        Assert.Equal(["direct", "topic", "fanout", "headers"], Labels(type));
        Assert.Equal("\"fanout\"", type[2].TextEdit!.NewText);

        var (format, _) = await CompleteAsync(Marked(("\"format\": \"xml\"", "\"format\": |")));
        Assert.Equal(["json", "xml", "text"], Labels(format));

        var (brokerType, _) = await CompleteAsync(Marked(("\"type\": \"rabbitmq\"", "\"type\": |")));
        Assert.Equal(["rabbitmq"], Labels(brokerType));
    }

    [Fact]
    public async Task Double_braces_in_the_broker_a_queue_name_and_a_binding_key_list_the_connector_and_auth_method_variables()
    {
        foreach (var (old, replacement) in new[]
        {
            ("\"host\": \"{{host}}\"", "\"host\": \"{{|\""),
            ("\"name\": \"patchworks.{{site}}.dispatch\"", "\"name\": \"patchworks.{{|\""),
            ("[\"dispatch.{{site}}\"]", "[\"dispatch.{{|\"]"),
        })
        {
            var (items, text) = await CompleteAsync(Marked((old, replacement)));
            Assert.Equal(["username", "password", "host", "port", "site"], Labels(items));
            Assert.Equal(["auth method 'password' variable", "auth method 'password' variable", "connector variable", "connector variable", "connector variable"],
                items.Select(i => i.Detail));
            var at = text.IndexOf("{{\"", StringComparison.Ordinal) + 2;
            Assert.Equal(new TextEdit(Empty(text, at), "host}}"), items[2].TextEdit);
            Assert.Equal("**Broker host**", items[2].Documentation!.Value);
            Assert.Equal("Default: `5671`", items[3].Documentation!.Value);
        }
    }

    [Fact]
    public async Task Hover_on_a_listener_property_shows_its_schema_description_and_on_a_placeholder_its_variable()
    {
        await using var w = await OpenAsync();
        var prefetch = await w.RequestAsync<Hover>("textDocument/hover", PositionOf(Connector, "\"acknowledgement\"", 3));
        Assert.StartsWith("**acknowledgement** · string\n\nWhen a message counts as done. Default: manual.", prefetch.Contents.Value, StringComparison.Ordinal);
        Assert.Equal(RangeOf(Connector, "\"acknowledgement\"", 0, 17), prefetch.Range);

        var placeholder = await w.RequestAsync<Hover>("textDocument/hover", PositionOf(Connector, "{{site}}", 3));
        Assert.StartsWith("**{{site}}**", placeholder.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("*connector variable · required*", placeholder.Contents.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolves to", placeholder.Contents.Value, StringComparison.Ordinal);
        Assert.Equal(RangeOf(Connector, "{{site}}", 0, 8), placeholder.Range);
    }

    [Fact]
    public async Task With_the_active_instance_a_placeholder_hover_and_the_inlay_hints_show_its_values_and_the_password_masked()
    {
        await using var w = await OpenAsync();
        await w.Session.Client.RequestAsync<object?>("patchworks/setActiveInstance", new { connectorUri = w.ConnectorUri, instanceUri = w.InstanceUri });

        var site = await w.RequestAsync<Hover>("textDocument/hover", PositionOf(Connector, "{{site}}", 3, occurrence: 1));
        Assert.EndsWith("\n\nResolves to `uk-leeds` (instance values.site)", site.Contents.Value, StringComparison.Ordinal);
        var password = await w.RequestAsync<Hover>("textDocument/hover", PositionOf(Connector, "{{password}}", 3));
        Assert.Contains("Resolves to `••••••`", password.Contents.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, password.Contents.Value, StringComparison.Ordinal);

        var hints = await w.Session.Client.RequestAsync<InlayHint[]>("textDocument/inlayHint", new
        {
            textDocument = new { uri = w.ConnectorUri },
            range = new LspRange(new LspPosition(0, 0), new LspPosition(1000, 0)),
        });
        var expected = new List<(LspPosition, string)>();
        var from = 0;
        foreach (var (placeholder, label) in new[]
        {
            ("{{username}}", "patchworks"), ("{{password}}", "••••••"), ("{{host}}", "mq.example.com"), ("{{port}}", "5671"),
            ("{{site}}", "uk-leeds"), ("{{site}}", "uk-leeds"),
        })
        {
            var index = Connector.IndexOf(placeholder, from, StringComparison.Ordinal) + placeholder.Length;
            from = index;
            expected.Add((new Core.Text.LineIndex(Connector).GetPosition(index).ToLsp(), label));
        }
        Assert.Equal(expected, hints.Select(h => (h.Position, h.Label)));
        Assert.DoesNotContain(SecretValue, JsonSerializer.Serialize(hints, ProtocolSerializer.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Definition_and_references_of_a_placeholder_in_a_binding_key_and_a_queue_name_reach_the_variable()
    {
        await using var w = await OpenAsync();
        var key = new Location(w.ConnectorUri, RangeOf(Connector, "\"site\"", 1, 4));
        Assert.Equal(key, await w.RequestAsync<Location?>("textDocument/definition", PositionOf(Connector, "{{site}}", 3)));
        Assert.Equal(key, await w.RequestAsync<Location?>("textDocument/definition", PositionOf(Connector, "{{site}}", 3, occurrence: 1)));
        Assert.Equal(new Location(w.ConnectorUri, RangeOf(Connector, "\"host\"", 1, 4)),
            await w.RequestAsync<Location?>("textDocument/definition", PositionOf(Connector, "{{host}}", 2)));

        var references = await w.RequestAsync<Location[]>("textDocument/references", PositionOf(Connector, "{{site}}", 4), new ReferenceContext(true));
        Assert.Equal(
            [
                key,
                new Location(w.ConnectorUri, RangeOf(Connector, "[\"host\", \"port\", \"site\"]", 18, 4)),
                new Location(w.ConnectorUri, RangeOf(Connector, "{{site}}", 2, 4)),
                new Location(w.ConnectorUri, RangeOf(Connector, "{{site}}", 2, 4, occurrence: 1)),
                new Location(w.InstanceUri, RangeOf(Instance, "\"site\"", 1, 4)),
            ],
            references.OrderBy(l => l.Uri, StringComparer.Ordinal).ThenBy(l => l.Range.Start.Line).ThenBy(l => l.Range.Start.Character));
    }

    [Fact]
    public async Task Renaming_a_variable_edits_every_placeholder_in_the_broker_and_listeners_and_the_instance_values()
    {
        await using var w = await OpenAsync();
        var prepared = await w.RequestAsync<PrepareRenameResult>("textDocument/prepareRename", PositionOf(Connector, "{{site}}", 3));
        Assert.Equal(new PrepareRenameResult(RangeOf(Connector, "{{site}}", 2, 4), "site"), prepared);

        var edit = await w.RequestAsync<WorkspaceEdit>("textDocument/rename", PositionOf(Connector, "{{site}}", 3, occurrence: 1), "warehouse_site");
        Assert.Equal(4, edit.Changes[w.ConnectorUri].Count);
        Assert.Equal([new TextEdit(RangeOf(Instance, "\"site\"", 1, 4), "warehouse_site")], edit.Changes[w.InstanceUri]);
        var after = WorkspaceEdits.Apply(new Dictionary<string, string> { [w.ConnectorUri] = Connector, [w.InstanceUri] = Instance }, edit);
        Assert.Equal(Connector.Replace("site", "warehouse_site", StringComparison.Ordinal), after[w.ConnectorUri]);
        Assert.Contains("\"warehouse_site\": \"uk-leeds\"", after[w.InstanceUri], StringComparison.Ordinal);
        Assert.Empty(NavigationWorkspace.Validate(after));

        var host = await w.RequestAsync<WorkspaceEdit>("textDocument/rename", PositionOf(Connector, "{{host}}", 3), "broker_host");
        var renamed = WorkspaceEdits.Apply(new Dictionary<string, string> { [w.ConnectorUri] = Connector, [w.InstanceUri] = Instance }, host);
        Assert.Contains("\"host\": \"{{broker_host}}\"", renamed[w.ConnectorUri], StringComparison.Ordinal);
        Assert.Contains("\"broker_host\": \"mq.example.com\"", renamed[w.InstanceUri], StringComparison.Ordinal);
        Assert.Empty(NavigationWorkspace.Validate(renamed));
    }

    [Fact]
    public async Task The_outline_lists_the_broker_and_the_listeners()
    {
        await using var w = await OpenAsync();
        var symbols = await w.Session.Client.RequestAsync<DocumentSymbol[]>("textDocument/documentSymbol", new { textDocument = new { uri = w.ConnectorUri } });
        Assert.Equal(["Basic details", "Variables", "Auth methods", "Broker", "Listeners"], symbols.Select(s => s.Name));
        Assert.Equal(["kind", "name", "version", "systemType"], symbols[0].Children!.Select(c => c.Name));
        Assert.Equal(["type", "host", "port", "tls"], symbols[3].Children!.Select(c => c.Name));
        Assert.Equal(["dispatch", "stock"], symbols[4].Children!.Select(c => c.Name));
        var dispatch = symbols[4].Children![0];
        Assert.Equal(("Dispatch confirmations", SymbolKind.Event), (dispatch.Detail, dispatch.Kind));
        Assert.Equal(RangeOf(Connector, "\"dispatch\"", 0, 10), dispatch.SelectionRange);
        Assert.Equal("Stock counts", symbols[4].Children![1].Detail);
    }

    [Fact]
    public async Task A_draft_event_connector_gets_the_event_rules_at_the_paths_of_its_fields()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var draft = Fixtures.Edit(Connector,
            ("\"exchange\": { \"name\": \"wms.events\", \"type\": \"topic\" },\n", ""),
            ("\"host\": \"{{host}}\"", "\"host\": \"{{username}}@{{nowhere}}\""));
        var result = await session.Client.RequestAsync<ValidateDraftResult>("patchworks/validateDraft", new { kind = "connector", text = draft });
        Assert.Equal(
            [("PW2001", "broker.host"), ("PW8004", "listeners[0].bindingKeys")],
            result.Diagnostics.Where(d => d.Severity == 1).Select(d => (d.Code, d.Path)).OrderBy(d => d.Code, StringComparer.Ordinal));
        // {{username}} is the auth method's: the broker sees it, as the listen does.
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("'username'", StringComparison.Ordinal) || d.Message.Contains("\"username\"", StringComparison.Ordinal));
        Assert.Empty((await session.Client.RequestAsync<ValidateDraftResult>("patchworks/validateDraft", new { kind = "connector", text = Connector })).Diagnostics);
    }

    [Fact]
    public async Task Semantic_tokens_mark_the_placeholders_of_the_broker_and_listeners()
    {
        await using var w = await OpenAsync();
        var tokens = await w.Session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/full", new { textDocument = new { uri = w.ConnectorUri } });
        // Three tokens per placeholder ({{, name, }}), five integers per token: 6 placeholders.
        Assert.Equal(6 * 3 * 5, tokens.Data.Count);
    }
}
