using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/updateSchemaFromRun: a real run of the WooCommerce sample fed back to the server.</summary>
public sealed class SchemaUpdateRequestTests : IDisposable
{
    private const string SkuLine = "          \"sku\": { \"type\": \"string\" },\n";
    private const string Commented = "\"title\": \"WooCommerce product\", // shown in the hub\n";

    private readonly TempFolder _folder = new();
    private readonly string _secretVariable = "PW_SCHEMA_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public SchemaUpdateRequestTests() => Environment.SetEnvironmentVariable(_secretVariable, WooCommerceApi.ConsumerSecret);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _folder.Dispose();
    }

    private static string SampleText(string file) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "woocommerce", file)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The sample's connector as <paramref name="edit"/> makes it, with its instance, opened in a server whose workspace is the test's folder.</summary>
    private async Task<(InProcessServer Session, string ConnectorPath, string ConnectorText, string InstanceUri)> OpenAsync(Func<string, string> edit, string? root = null)
    {
        var connectorText = edit(SampleText("woocommerce.connector.json"));
        var instanceText = SampleText("staging.instance.json").Replace("env:WOOCOMMERCE_STAGING_CONSUMER_SECRET", "env:" + _secretVariable, StringComparison.Ordinal);
        _folder.Write("icon.svg", SampleText("icon.svg"));
        var connector = _folder.Write("woocommerce.connector.json", connectorText);
        var instance = _folder.Write("staging.instance.json", instanceText);
        var session = await InProcessServer.StartInitializedAsync(root ?? _folder.Root);
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        return (session, connector, connectorText, LspClient.Uri(instance));
    }

    private static async Task<string> RunAsync(InProcessServer session, string connectorUri, string instanceUri)
    {
        await using var api = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 12)]);
        var run = await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri = connectorUri,
            endpointId = "list-products",
            instanceUri,
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        });
        Assert.Equal(12, run.GetProperty("run").GetProperty("records").GetInt32());
        return run.GetRawText();
    }

    private static Task<JsonElement> UpdateAsync(InProcessServer session, string connectorUri, string? run) =>
        session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri = connectorUri, endpointId = "list-products", run });

    /// <summary>The edits the answer holds for <paramref name="uri"/>, applied to <paramref name="text"/>.</summary>
    private static string Apply(JsonElement answer, string uri, string text)
    {
        var changes = answer.GetProperty("edit").GetProperty("changes");
        Assert.Equal([uri], changes.EnumerateObject().Select(p => p.Name));
        var lines = new LineIndex(text);
        var edits = changes.GetProperty(uri).EnumerateArray().Select(e =>
        {
            var range = e.GetProperty("range");
            int Offset(string end) => lines.GetOffset(new Position(range.GetProperty(end).GetProperty("line").GetInt32(), range.GetProperty(end).GetProperty("character").GetInt32()));
            return new Core.Editing.TextEdit(TextSpan.FromBounds(Offset("start"), Offset("end")), e.GetProperty("newText").GetString()!);
        });
        return Core.Editing.TextEdit.Apply(text, edits);
    }

    private static List<(string Kind, string Path)> Changes(JsonElement answer) =>
        [.. answer.GetProperty("report").GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("path").GetString()!))];

    /// <summary>The list-products endpoint's schema as JSON (comments dropped).</summary>
    private static JsonNode? SchemaOf(string connectorText)
    {
        var root = (ObjectSyntax)JsonParser.Parse(connectorText).Root!;
        var endpoint = ((ArraySyntax)root["endpoints"]!).Items.OfType<ObjectSyntax>().Single(e => (e["id"] as StringSyntax)?.Value == "list-products");
        return endpoint["schema"] is { } schema ? JsonNode.Parse(SyntaxJsonWriter.Write(schema)) : null;
    }

    [Fact]
    public async Task An_inline_schema_gets_the_missing_property_its_comments_kept_and_a_second_update_changes_nothing()
    {
        var (session, connector, text, instanceUri) = await OpenAsync(t => t.Replace(SkuLine, "", StringComparison.Ordinal).Replace("\"title\": \"WooCommerce product\",\n", Commented, StringComparison.Ordinal));
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        Assert.Contains(Commented, text, StringComparison.Ordinal);
        var run = await RunAsync(session, uri, instanceUri);

        var answer = await UpdateAsync(session, uri, run);
        var updated = Apply(answer, uri, text);

        Assert.Equal([("added", "/properties/sku")], Changes(answer));
        Assert.Equal(12, answer.GetProperty("report").GetProperty("records").GetInt32());
        Assert.Equal(uri, answer.GetProperty("report").GetProperty("uri").GetString());
        Assert.Contains(Commented, updated, StringComparison.Ordinal);
        Assert.Empty(JsonParser.Parse(updated).Errors);
        Assert.Equal("string", (string?)SchemaOf(updated)!["properties"]!["sku"]!["type"]);
        // Only the schema changed: the text before its last property and after its properties' end is the same.
        var variations = text.IndexOf("\"variations\"", StringComparison.Ordinal);
        Assert.Equal(text[..variations], updated[..variations]);
        var tail = text[text.IndexOf("      // per_page is capped", StringComparison.Ordinal)..];
        Assert.EndsWith(tail, updated, StringComparison.Ordinal);
        Assert.Contains("\"description\": \"Ids of the variations of a variable product.\" },\n          \"sku\": {\n            \"type\": \"string\"", updated, StringComparison.Ordinal);

        Assert.Equal(JsonValueKind.Null, answer.TryGetProperty("applied", out var appliedWithout) ? appliedWithout.ValueKind : JsonValueKind.Null);
        Assert.Empty(session.Client.AppliedEdits);

        // With apply, the server asks the client to apply the same edits.
        var applying = await session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri, endpointId = "list-products", run, apply = true });
        Assert.True(applying.GetProperty("applied").GetBoolean());
        TypeScriptShapes.AssertMatches(applying, "SchemaUpdateAnswer", TypeScriptShapes.Interfaces("runner/schemaUpdate.ts"));
        var asked = Assert.Single(session.Client.AppliedEdits);
        Assert.Equal("Update Schema from Run", asked.GetProperty("label").GetString());
        Assert.Equal(updated, Apply(asked, uri, text));

        await session.Client.ChangeAsync(connector, 2, new TextDocumentContentChangeEvent(null, updated));
        var again = await session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri, endpointId = "list-products", run, apply = true });
        Assert.Empty(again.GetProperty("edit").GetProperty("changes").EnumerateObject());
        Assert.DoesNotContain(Changes(again), c => c.Kind != "conflict");
        // Nothing to apply: the client is not asked again.
        Assert.Single(session.Client.AppliedEdits);
    }

    [Fact]
    public async Task A_referenced_schema_file_is_edited_not_the_connector()
    {
        var schemaText = "{\n  // products, by hand\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\" }, // the key\n    \"name\": { \"type\": \"string\" }\n  }\n}\n";
        var schemaPath = _folder.Write("schemas/products.schema.json", schemaText);
        var (session, connector, text, instanceUri) = await OpenAsync(t =>
        {
            var start = t.IndexOf("\"schema\": {", StringComparison.Ordinal);
            var end = t.IndexOf("      // per_page is capped", StringComparison.Ordinal);
            return t[..start] + "\"schema\": { \"$ref\": \"schemas/products.schema.json\" },\n" + t[end..];
        });
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        var run = await RunAsync(session, uri, instanceUri);

        var answer = await UpdateAsync(session, uri, run);
        var schemaUri = LspClient.Uri(schemaPath);
        var updated = Apply(answer, schemaUri, schemaText);

        Assert.Equal(schemaUri, answer.GetProperty("report").GetProperty("uri").GetString());
        Assert.StartsWith("{\n  // products, by hand\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\" }, // the key\n    \"name\": { \"type\": \"string\" },\n    \"sku\": {\n      \"type\": \"string\"", updated, StringComparison.Ordinal);
        Assert.Contains(("added", "/properties/stock_quantity"), Changes(answer));
        Assert.DoesNotContain(Changes(answer), c => c.Path is "/properties/id" or "/properties/name");
        Assert.Empty(JsonParser.Parse(updated).Errors);
        Assert.Equal(schemaText, File.ReadAllText(schemaPath));
        Assert.Equal(text, File.ReadAllText(connector));
    }

    [Fact]
    public async Task An_unsaved_buffer_of_the_schema_file_is_edited_as_the_editor_holds_it()
    {
        const string schemaText = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\" }\n  }\n}\n";
        var schemaPath = _folder.Write("schemas/products.schema.json", schemaText);
        var (session, connector, _, _) = await OpenAsync(t =>
        {
            var start = t.IndexOf("\"schema\": {", StringComparison.Ordinal);
            var end = t.IndexOf("      // per_page is capped", StringComparison.Ordinal);
            return t[..start] + "\"schema\": { \"$ref\": \"schemas/products.schema.json\" },\n" + t[end..];
        });
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        var schemaUri = LspClient.Uri(schemaPath);
        // As a first update left it, unsaved: name is declared in the buffer, not on disk.
        var buffer = "{\n  // unsaved\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": { \"type\": \"integer\" },\n    \"name\": { \"type\": \"string\" }\n  }\n}\n";
        var run = """{ "run": { "dataPath": "", "pages": [ { "number": 1, "records": 1, "exchange": { "response": { "json": [ { "id": 1, "name": "a" } ] } } } ] } }""";

        var fromDisk = await session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri, endpointId = "list-products", run });
        var fromBuffer = await session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri, endpointId = "list-products", run, unsaved = new[] { new { uri = schemaUri, text = buffer } } });

        Assert.Equal([("added", "/properties/name")], Changes(fromDisk));
        Assert.Empty(fromBuffer.GetProperty("edit").GetProperty("changes").EnumerateObject());
        Assert.Equal(schemaText, File.ReadAllText(schemaPath));
    }

    [Fact]
    public async Task An_endpoint_without_a_schema_gets_one_inline()
    {
        var (session, connector, text, instanceUri) = await OpenAsync(t =>
        {
            var start = t.IndexOf("      \"schema\": {", StringComparison.Ordinal);
            var end = t.IndexOf("      // per_page is capped", StringComparison.Ordinal);
            return t[..start] + t[end..];
        });
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        Assert.Null(SchemaOf(text));
        var run = await RunAsync(session, uri, instanceUri);

        var answer = await UpdateAsync(session, uri, run);
        var updated = Apply(answer, uri, text);

        Assert.Equal([("added", "")], Changes(answer));
        Assert.Empty(JsonParser.Parse(updated).Errors);
        var schema = SchemaOf(updated)!;
        Assert.Equal("object", (string?)schema["type"]);
        Assert.Equal("integer", (string?)schema["properties"]!["id"]!["type"]);
        Assert.Null(schema["$schema"]);
        Assert.Contains("\n        \"totalHeader\": \"X-WP-Total\"\n      },\n      \"schema\": {\n        \"type\": \"object\",", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_that_is_not_a_run_and_an_unknown_endpoint_are_refused()
    {
        var (session, connector, _, _) = await OpenAsync(t => t);
        await using var _ = session;
        var uri = LspClient.Uri(connector);

        var notRun = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, uri, "[1]"));
        var notJson = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, uri, "{\"pages\": ["));
        var none = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, uri, null));
        var unknown = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            session.Client.RequestAsync<JsonElement>("patchworks/updateSchemaFromRun", new { uri, endpointId = "no-such", run = "{\"pages\": []}" }));
        // A run without records is read, and changes nothing.
        var empty = await UpdateAsync(session, uri, "{\"pages\": []}");

        Assert.Equal(ErrorCodes.InvalidParams, (int?)notRun.ErrorCode);
        Assert.StartsWith("The run is not a saved run", notRun.Message, StringComparison.Ordinal);
        Assert.StartsWith("The run is not JSON", notJson.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidParams, (int?)none.ErrorCode);
        Assert.Contains("no endpoint no-such", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(empty.GetProperty("edit").GetProperty("changes").EnumerateObject());
        Assert.Empty(Changes(empty));
    }

    [Fact]
    public async Task A_connector_outside_the_workspace_is_refused_and_one_inside_is_not()
    {
        using var elsewhere = new TempFolder();
        var (session, connector, _, _) = await OpenAsync(t => t, root: elsewhere.Root);
        await using var _ = session;

        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, LspClient.Uri(connector), "{\"pages\": []}"));

        Assert.Equal(ErrorCodes.InvalidParams, (int?)refused.ErrorCode);
        Assert.Contains("outside every workspace folder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_file_outside_the_workspace_is_refused()
    {
        using var elsewhere = new TempFolder();
        var outside = elsewhere.Write("products.schema.json", "{ \"type\": \"object\" }");
        var relative = Path.GetRelativePath(_folder.Root, outside).Replace('\\', '/');
        var (session, connector, _, instanceUri) = await OpenAsync(t =>
        {
            var start = t.IndexOf("\"schema\": {", StringComparison.Ordinal);
            var end = t.IndexOf("      // per_page is capped", StringComparison.Ordinal);
            return t[..start] + $"\"schema\": {{ \"$ref\": \"{relative}\" }},\n" + t[end..];
        });
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        var run = await RunAsync(session, uri, instanceUri);

        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, uri, run));

        Assert.Contains("outside every workspace folder", refused.Message, StringComparison.Ordinal);
        Assert.Equal("{ \"type\": \"object\" }", File.ReadAllText(outside));
    }

    [Fact]
    public async Task A_schema_file_that_is_a_link_is_refused_even_to_a_file_inside_the_workspace()
    {
        var target = _folder.Write("schemas/real.schema.json", "{ \"type\": \"object\" }");
        File.CreateSymbolicLink(_folder.PathOf("schemas/products.schema.json"), target);
        var (session, connector, _, instanceUri) = await OpenAsync(t =>
        {
            var start = t.IndexOf("\"schema\": {", StringComparison.Ordinal);
            var end = t.IndexOf("      // per_page is capped", StringComparison.Ordinal);
            return t[..start] + "\"schema\": { \"$ref\": \"schemas/products.schema.json\" },\n" + t[end..];
        });
        await using var _ = session;
        var uri = LspClient.Uri(connector);
        var run = await RunAsync(session, uri, instanceUri);

        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => UpdateAsync(session, uri, run));

        Assert.Equal(ErrorCodes.InvalidParams, (int?)refused.ErrorCode);
        Assert.Contains("is a link", refused.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Patchworks.Lsp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
