using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/connectorOutline: what the extension knows of a connector, from the server's model of the file as the editor has it.</summary>
public sealed class OutlineRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Sample(string folder, string file) =>
        File.ReadAllText(Path.Combine(StdioServer.SamplesFolder(), folder, file));

    [Fact]
    public async Task An_api_connector_gives_its_endpoints_auth_methods_with_an_instances_variables_and_its_instances_unsaved_text_included()
    {
        var connector = _folder.Write("shopify.connector.json", Sample("shopify", "shopify.connector.json"));
        _folder.Write("uk-test.instance.json", Sample("shopify", "uk-test.instance.json"));
        _folder.Write("uk-live.instance.json", Sample("shopify", "uk-live.instance.json"));
        _folder.Write("other.instance.json", """{ "name": "Other", "connector": "missing.connector.json", "environment": "test" }""");
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        // unsaved: the editor's text has an endpoint the file on disk has not
        var edited = Sample("shopify", "shopify.connector.json").Replace("\"id\": \"list-orders\"", "\"id\": \"list-orders-unsaved\"", StringComparison.Ordinal);
        await session.Client.OpenAsync(connector, edited);

        var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(connector) });

        Assert.Equal("api", outline.GetProperty("kind").GetString());
        var endpoints = outline.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("list-orders-unsaved", endpoints);
        Assert.DoesNotContain("list-orders", endpoints);
        var products = outline.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "list-products");
        Assert.Equal("GET", products.GetProperty("method").GetString());
        Assert.Equal("products", products.GetProperty("dataPath").GetString());
        Assert.True(products.GetProperty("hasSchema").GetBoolean());

        var auth = Assert.Single(outline.GetProperty("authMethods").EnumerateArray());
        Assert.Equal("admin-token", auth.GetProperty("id").GetString());
        var asked = auth.GetProperty("instanceVariables").EnumerateArray().Select(v => (v.GetProperty("key").GetString(), v.GetProperty("secret").GetBoolean(), v.GetProperty("level").GetString())).ToList();
        Assert.Equal([("access_token", true, "auth"), ("store_name", false, "connector"), ("api_version", false, "connector")], asked);

        var instances = outline.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Equal(["uk-live", "uk-test"], instances);
        Assert.StartsWith("file://", outline.GetProperty("instances")[0].GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, outline.GetProperty("syntaxErrors").GetInt32());
    }

    [Fact]
    public async Task An_event_connector_gives_its_listeners_and_a_secret_default_is_left_out()
    {
        var text = Sample("warehouse-events", "warehouse-events.connector.json")
            .Replace("\"secret\": true,", "\"secret\": true, \"default\": \"not-for-the-editor-42\",", StringComparison.Ordinal);
        var connector = _folder.Write("warehouse-events.connector.json", text);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(connector, text);

        var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(connector) });

        Assert.Equal("event", outline.GetProperty("kind").GetString());
        Assert.Empty(outline.GetProperty("endpoints").EnumerateArray());
        var listeners = outline.GetProperty("listeners").EnumerateArray().Select(l => (l.GetProperty("id").GetString(), l.GetProperty("queue").GetString())).ToList();
        Assert.Contains(("dispatch-confirmations", "patchworks.{{site}}.dispatch"), listeners);
        Assert.Contains("not-for-the-editor-42", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-the-editor-42", outline.GetRawText(), StringComparison.Ordinal);
        var site = outline.GetProperty("variables").EnumerateArray().Single(v => v.GetProperty("key").GetString() == "site");
        Assert.True(site.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task An_instance_gives_its_connectors_outline_and_workspace_files_lists_both_kinds_skipping_node_modules()
    {
        var connector = _folder.Write("shopify.connector.json", Sample("shopify", "shopify.connector.json"));
        var instance = _folder.Write("uk-test.instance.json", Sample("shopify", "uk-test.instance.json"));
        _folder.Write("events/warehouse-events.connector.json", Sample("warehouse-events", "warehouse-events.connector.json"));
        _folder.Write("node_modules/pkg/hidden.connector.json", Sample("shopify", "shopify.connector.json"));
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(instance) });
        Assert.Equal(LspClient.Uri(connector), outline.GetProperty("uri").GetString());
        Assert.Equal("Shopify", outline.GetProperty("name").GetString());

        var files = await session.Client.RequestAsync<JsonElement>("patchworks/workspaceFiles", new { });
        var connectors = files.GetProperty("connectors").EnumerateArray().Select(c => (Path.GetFileName(new Uri(c.GetProperty("uri").GetString()!).LocalPath), c.GetProperty("kind").GetString())).ToList();
        Assert.Equal([("shopify.connector.json", "api"), ("warehouse-events.connector.json", "event")], connectors.OrderBy(c => c.Item1).ToList());
        var listed = Assert.Single(files.GetProperty("instances").EnumerateArray());
        Assert.Equal("uk-test", listed.GetProperty("label").GetString());
        Assert.Equal(LspClient.Uri(connector), listed.GetProperty("connectorUri").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_connector_is_refused()
    {
        var instance = _folder.Write("a.instance.json", """{ "name": "A" }""");
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(instance) }));
        Assert.Contains("is not a connector file", error.Message, StringComparison.Ordinal);
    }
}
