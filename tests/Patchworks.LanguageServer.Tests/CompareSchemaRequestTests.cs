using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// patchworks/compareSchema: the response panel's Compare Schema, answered by the server from the schema it reads
/// for Update Schema from Run (inline, or a JSONC file inside the workspace), with where each finding is declared.
/// </summary>
public sealed class CompareSchemaRequestTests : IDisposable
{
    private const string SchemaStart = "\"schema\": {";
    private const string SchemaEnd = "      // per_page is capped";

    private readonly TempFolder _folder = new();
    private readonly string _secretVariable = "PW_COMPARE_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public CompareSchemaRequestTests() => Environment.SetEnvironmentVariable(_secretVariable, WooCommerceApi.ConsumerSecret);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        _folder.Dispose();
    }

    private static string SampleText(string file) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "woocommerce", file)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The list-products endpoint with its schema a reference to <paramref name="file"/>.</summary>
    private static Func<string, string> SchemaFile(string file) => t =>
    {
        var start = t.IndexOf(SchemaStart, StringComparison.Ordinal);
        var end = t.IndexOf(SchemaEnd, StringComparison.Ordinal);
        return t[..start] + $"\"schema\": {{ \"$ref\": \"{file}\" }},\n" + t[end..];
    };

    private async Task<(InProcessServer Session, string Uri, string ConnectorText, string InstanceUri)> OpenAsync(Func<string, string> edit, string? root = null)
    {
        var connectorText = edit(SampleText("woocommerce.connector.json"));
        var instanceText = SampleText("staging.instance.json").Replace("env:WOOCOMMERCE_STAGING_CONSUMER_SECRET", "env:" + _secretVariable, StringComparison.Ordinal);
        _folder.Write("icon.svg", SampleText("icon.svg"));
        var connector = _folder.Write("woocommerce.connector.json", connectorText);
        var instance = _folder.Write("staging.instance.json", instanceText);
        var session = await InProcessServer.StartInitializedAsync(root ?? _folder.Root);
        await session.Client.OpenAsync(connector, connectorText);
        await session.Client.OpenAsync(instance, instanceText);
        return (session, LspClient.Uri(connector), connectorText, LspClient.Uri(instance));
    }

    /// <summary>A saved run as the editor keeps it, one JSON page holding <paramref name="records"/>.</summary>
    private static string Run(string records) =>
        new JsonObject
        {
            ["formatVersion"] = 1,
            ["run"] = new JsonObject
            {
                ["dataPath"] = "",
                ["pages"] = new JsonArray(new JsonObject
                {
                    ["number"] = 1,
                    ["records"] = JsonNode.Parse(records)!.AsArray().Count,
                    ["exchange"] = new JsonObject { ["response"] = new JsonObject { ["status"] = 200, ["json"] = JsonNode.Parse(records) } },
                }),
            },
        }.ToJsonString();

    private static Task<JsonElement> CompareAsync(InProcessServer session, string uri, string? run, object? unsaved = null) =>
        session.Client.RequestAsync<JsonElement>("patchworks/compareSchema", new { uri, endpointId = "list-products", run, unsaved });

    private static List<string> Paths(JsonElement answer, string finding) =>
        [.. answer.GetProperty(finding).EnumerateArray().Select(f => f.ValueKind == JsonValueKind.String ? f.GetString()! : f.GetProperty("path").GetString()!)];

    private static JsonElement LocationOf(JsonElement answer, string path) =>
        answer.GetProperty("locations").EnumerateArray().Single(l => l.GetProperty("path").GetString() == path);

    /// <summary>The text a location's range covers in <paramref name="text"/>.</summary>
    private static string TextAt(JsonElement location, string text)
    {
        var lines = new LineIndex(text);
        var range = location.GetProperty("range");
        int Offset(string end) => lines.GetOffset(new Position(range.GetProperty(end).GetProperty("line").GetInt32(), range.GetProperty(end).GetProperty("character").GetInt32()));
        return text[Offset("start")..Offset("end")];
    }

    [Fact]
    public async Task A_real_run_against_the_inline_schema_findings_named_as_the_panel_names_them_at_their_declarations()
    {
        var (session, uri, text, instanceUri) = await OpenAsync(t => t
            .Replace("          \"sku\": { \"type\": \"string\" },\n", "", StringComparison.Ordinal)
            .Replace("\"name\": { \"type\": \"string\" },\n          \"slug\"", "\"name\": { \"type\": \"integer\" },\n          \"never_sent\": { \"type\": \"string\" },\n          \"slug\"", StringComparison.Ordinal));
        await using var _ = session;
        await using var api = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 12)]);
        var run = (await session.Client.RequestAsync<JsonElement>("patchworks/runEndpoint", new
        {
            uri,
            endpointId = "list-products",
            instanceUri,
            connectTo = new[] { $"*:443:127.0.0.1:{api.Port}" },
            trustedCertificatesPem = new[] { api.RootCertificatePem },
        })).GetRawText();

        var answer = await CompareAsync(session, uri, run);

        Assert.Equal(12, answer.GetProperty("recordsChecked").GetInt32());
        // The extension's type of the answer (extension/src/runner/schemaFindings.ts) is what the server sends.
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SchemaComparisonAnswer.missingRequired"] = "FieldCount",
            ["SchemaComparisonAnswer.extra"] = "FieldCount",
            ["SchemaComparisonAnswer.wrongTypes"] = "WrongType",
            ["SchemaComparisonAnswer.locations"] = "FindingLocation",
            ["FindingLocation.range"] = "LspRange",
        };
        TypeScriptShapes.AssertMatches(answer, "SchemaComparisonAnswer", TypeScriptShapes.Interfaces("runner/schemaFindings.ts"), nested);
        Assert.False(answer.TryGetProperty("text", out var textMode), textMode.ToString());
        Assert.Equal(uri, answer.GetProperty("schemaUri").GetString());
        var wrong = answer.GetProperty("wrongTypes").EnumerateArray().Single();
        Assert.Equal("name", wrong.GetProperty("path").GetString());
        Assert.Equal(["integer"], wrong.GetProperty("expected").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", wrong.GetProperty("received")[0].GetProperty("type").GetString());
        Assert.Equal(12, wrong.GetProperty("received")[0].GetProperty("records").GetInt32());
        Assert.Contains("sku", Paths(answer, "extra"));
        Assert.Contains("never_sent", Paths(answer, "neverReceived"));
        Assert.Empty(Paths(answer, "missingRequired"));

        // The declared ones are at their properties in the connector; the undeclared sku at the endpoint's "schema" key.
        var name = LocationOf(answer, "name");
        Assert.True(name.GetProperty("declared").GetBoolean());
        Assert.Equal(uri, name.GetProperty("uri").GetString());
        Assert.Equal("\"name\": { \"type\": \"integer\" }", TextAt(name, text));
        Assert.Equal("\"never_sent\": { \"type\": \"string\" }", TextAt(LocationOf(answer, "never_sent"), text));
        var sku = LocationOf(answer, "sku");
        Assert.False(sku.GetProperty("declared").GetBoolean());
        Assert.Equal("\"schema\"", TextAt(sku, text));
        Assert.Equal("\"schema\"", TextAt(answer.GetProperty("schema"), text));
        Assert.Equal(
            answer.GetProperty("locations").GetArrayLength(),
            Paths(answer, "extra").Concat(Paths(answer, "neverReceived")).Concat(Paths(answer, "wrongTypes")).Concat(Paths(answer, "missingRequired")).Distinct().Count());
    }

    [Fact]
    public async Task A_JSONC_schema_file_with_comments_and_trailing_commas_is_compared_and_an_unsaved_buffer_of_it_wins()
    {
        // The extension's own reader (JSON.parse of the file on disk) refused this file.
        const string schemaText = "{\n  // products, by hand\n  \"type\": \"object\",\n  \"required\": [\"id\", \"sku\",],\n  \"properties\": {\n    \"id\": { \"type\": \"string\" }, // the key\n    \"name\": { \"type\": \"string\", },\n    \"sku\": { \"type\": \"string\" },\n  },\n}\n";
        var schemaPath = _folder.Write("schemas/products.schema.json", schemaText);
        var (session, uri, _, _) = await OpenAsync(SchemaFile("schemas/products.schema.json"));
        await using var _ = session;
        var run = Run("""[{ "id": 1, "name": "a", "colour": "red" }, { "id": 2, "name": "b", "sku": "B" }]""");

        var answer = await CompareAsync(session, uri, run);

        var schemaUri = LspClient.Uri(schemaPath);
        Assert.Equal(schemaUri, answer.GetProperty("schemaUri").GetString());
        Assert.Equal(["id"], Paths(answer, "wrongTypes"));
        Assert.Equal(2, answer.GetProperty("wrongTypes")[0].GetProperty("received")[0].GetProperty("records").GetInt32());
        Assert.Equal(["sku"], Paths(answer, "missingRequired"));
        Assert.Equal(["colour"], Paths(answer, "extra"));
        var id = LocationOf(answer, "id");
        Assert.Equal(schemaUri, id.GetProperty("uri").GetString());
        Assert.Equal("\"id\": { \"type\": \"string\" }", TextAt(id, schemaText));
        Assert.Equal(5, id.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal("\"sku\": { \"type\": \"string\" }", TextAt(LocationOf(answer, "sku"), schemaText));
        // The undeclared colour: at the connector's "schema" key.
        Assert.Equal(uri, LocationOf(answer, "colour").GetProperty("uri").GetString());

        // Update Schema from Run leaves its edits unsaved: the open buffer sent with the request is compared, not the disk.
        var edited = schemaText.Replace("\"id\": { \"type\": \"string\" }", "\"id\": { \"type\": \"integer\" }", StringComparison.Ordinal);
        var fixedAnswer = await CompareAsync(session, uri, run, new[] { new { uri = schemaUri, text = edited } });
        Assert.Empty(Paths(fixedAnswer, "wrongTypes"));
        // A buffer of another file changes nothing.
        var other = await CompareAsync(session, uri, run, new[] { new { uri = LspClient.Uri(_folder.PathOf("other.json")), text = edited } });
        Assert.Equal(["id"], Paths(other, "wrongTypes"));
        Assert.Equal(schemaText, File.ReadAllText(schemaPath));
    }

    [Fact]
    public async Task A_schema_file_outside_the_workspace_is_refused_with_a_clear_message_even_with_a_buffer_for_it()
    {
        using var elsewhere = new TempFolder();
        var outside = elsewhere.Write("products.schema.json", "{ \"type\": \"object\", \"properties\": { \"id\": { \"type\": \"string\" } } }");
        var relative = Path.GetRelativePath(_folder.Root, outside).Replace('\\', '/');
        var (session, uri, _, _) = await OpenAsync(SchemaFile(relative));
        await using var _ = session;

        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            CompareAsync(session, uri, Run("""[{ "id": 1 }]"""), new[] { new { uri = LspClient.Uri(outside), text = "{}" } }));

        Assert.Equal(ErrorCodes.InvalidParams, (int?)refused.ErrorCode);
        Assert.Equal($"The schema file {relative} is outside every workspace folder (or a link leads out); it is not compared.", refused.Message);
    }

    [Fact]
    public async Task Garbage_run_text_is_refused_with_a_clear_error_and_the_server_answers_the_next_request()
    {
        var (session, uri, _, _) = await OpenAsync(t => t);
        await using var _ = session;

        var notJson = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CompareAsync(session, uri, "%PDF-1.4 \u0000\u0001 not a run"));
        var notRun = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CompareAsync(session, uri, "{\"run\": {\"pages\": 3}}"));
        var none = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CompareAsync(session, uri, null));
        var unknown = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            session.Client.RequestAsync<JsonElement>("patchworks/compareSchema", new { uri, endpointId = "no-such", run = Run("[]") }));

        Assert.Equal(ErrorCodes.InvalidParams, (int?)notJson.ErrorCode);
        Assert.StartsWith("The run is not JSON", notJson.Message, StringComparison.Ordinal);
        Assert.StartsWith("The run is not a saved run", notRun.Message, StringComparison.Ordinal);
        Assert.Equal("compareSchema needs the run's text.", none.Message);
        Assert.Contains("no endpoint no-such", unknown.Message, StringComparison.Ordinal);
        // Still serving: a real comparison afterwards.
        var answer = await CompareAsync(session, uri, Run("""[{ "id": 1, "name": "a" }]"""));
        Assert.Equal(1, answer.GetProperty("recordsChecked").GetInt32());
        Assert.Contains("sku", Paths(answer, "neverReceived"));
    }

    [Fact]
    public async Task An_endpoint_without_a_schema_is_refused_and_XML_records_are_compared_as_text()
    {
        var (session, uri, _, _) = await OpenAsync(t =>
        {
            var start = t.IndexOf("      \"schema\": {", StringComparison.Ordinal);
            return t[..start] + t[t.IndexOf(SchemaEnd, StringComparison.Ordinal)..];
        });
        await using var _ = session;

        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CompareAsync(session, uri, Run("[]")));
        Assert.Equal("The endpoint list-products declares no record schema (\"schema\") to compare with.", refused.Message);

        var text = SampleText("woocommerce.connector.json");
        var connector = _folder.Write("text.connector.json", text);
        await session.Client.OpenAsync(connector, text);
        // As the runner lists an XML page's records: every value text, nested elements flattened by path.
        var xmlRun = """{ "run": { "pages": [ { "number": 1, "records": 1, "listedRecords": [ { "id": "7", "name": "a", "categories.0.id": "3", "manage_stock": "true" } ] } ] } }""";
        var answer = await session.Client.RequestAsync<JsonElement>("patchworks/compareSchema", new { uri = LspClient.Uri(connector), endpointId = "list-products", run = xmlRun });
        Assert.True(answer.GetProperty("text").GetBoolean());
        Assert.Empty(Paths(answer, "wrongTypes"));
        Assert.Empty(Paths(answer, "extra"));
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
