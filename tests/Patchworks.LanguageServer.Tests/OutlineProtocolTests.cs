using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// The TypeScript types of patchworks/connectorOutline and patchworks/workspaceFiles
/// (extension/src/server/connectorOutline.ts) against what the server answers: every field the server sends is
/// declared, and every field declared required is sent. A rename on one side fails here.
/// </summary>
public sealed partial class OutlineProtocolTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_typescript_types_match_what_the_server_sends()
    {
        foreach (var (folder, file) in new[] { ("shopify", "shopify.connector.json"), ("shopify", "uk-test.instance.json"), ("warehouse-events", "warehouse-events.connector.json"), ("warehouse-events", "test.instance.json") })
        {
            _folder.Write($"{folder}/{file}", File.ReadAllText(Path.Combine(StdioServer.SamplesFolder(), folder, file)));
        }
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        var interfaces = TypeScriptShapes.Interfaces("server/connectorOutline.ts");
        Assert.Contains("ConnectorOutline", interfaces.Keys);
        Assert.Contains("WorkspaceFiles", interfaces.Keys);
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectorOutline.variables"] = "OutlineVariable",
            ["ConnectorOutline.authMethods"] = "OutlineAuthMethod",
            ["OutlineAuthMethod.instanceVariables"] = "OutlineVariable",
            ["ConnectorOutline.endpoints"] = "OutlineEndpoint",
            ["ConnectorOutline.listeners"] = "OutlineListener",
            ["ConnectorOutline.instances"] = "OutlineInstance",
            ["ConnectorOutline.testsFiles"] = "OutlineTestsFile",
            ["WorkspaceFiles.connectors"] = "WorkspaceConnector",
            ["WorkspaceFiles.instances"] = "WorkspaceInstance",
        };
        foreach (var connector in new[] { "shopify/shopify.connector.json", "warehouse-events/warehouse-events.connector.json" })
        {
            var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(_folder.PathOf(connector)) });
            TypeScriptShapes.AssertMatches(outline, "ConnectorOutline", interfaces, nested);
        }
        var files = await session.Client.RequestAsync<JsonElement>("patchworks/workspaceFiles", new { });
        Assert.Equal(2, files.GetProperty("instances").GetArrayLength());
        TypeScriptShapes.AssertMatches(files, "WorkspaceFiles", interfaces, nested);
    }

    [Fact]
    public void The_check_finds_a_field_the_typescript_side_lacks()
    {
        var interfaces = new Dictionary<string, TypeScriptShapes.Shape>(StringComparer.Ordinal)
        {
            ["T"] = new(new HashSet<string>(["a", "b", "m"], StringComparer.Ordinal), new HashSet<string>(["a", "b"], StringComparer.Ordinal)),
            ["V"] = new(new HashSet<string>(["x"], StringComparer.Ordinal), new HashSet<string>(["x"], StringComparer.Ordinal)),
        };
        var problems = new List<string>();
        var nested = new Dictionary<string, string>(StringComparer.Ordinal) { ["T.m"] = "{}V" };
        TypeScriptShapes.Check(JsonDocument.Parse("""{ "a": 1, "c": 2, "m": { "k1": { "x": 1 }, "k2": { "y": 1 } } }""").RootElement, "T", interfaces, problems, nested);
        Assert.Equal([
            "T.c is sent by the server but not declared in TypeScript",
            "T.b is declared required but the server did not send it",
            "V.y is sent by the server but not declared in TypeScript",
            "V.x is declared required but the server did not send it",
        ], problems);
    }

    [Fact]
    public void AssertMatches_fails_with_every_problem_and_passes_a_value_that_matches()
    {
        var interfaces = new Dictionary<string, TypeScriptShapes.Shape>(StringComparer.Ordinal)
        {
            ["T"] = new(new HashSet<string>(["a", "b", "o"], StringComparer.Ordinal), new HashSet<string>(["a", "b"], StringComparer.Ordinal)),
            ["V"] = new(new HashSet<string>(["x"], StringComparer.Ordinal), new HashSet<string>(["x"], StringComparer.Ordinal)),
        };
        var nested = new Dictionary<string, string>(StringComparer.Ordinal) { ["T.o"] = "V" };

        // A field the interface lacks and a required field missing: both in the failure.
        var failed = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            TypeScriptShapes.AssertMatches(JsonDocument.Parse("""{ "a": 1, "c": 2 }""").RootElement, "T", interfaces));
        Assert.Contains("T.c is sent by the server but not declared in TypeScript", failed.Message, StringComparison.Ordinal);
        Assert.Contains("T.b is declared required but the server did not send it", failed.Message, StringComparison.Ordinal);

        // The nested types the caller names are followed; without them, only the top level is checked.
        var inside = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            TypeScriptShapes.AssertMatches(JsonDocument.Parse("""{ "a": 1, "b": 2, "o": { "y": 1 } }""").RootElement, "T", interfaces, nested));
        Assert.Contains("V.x is declared required but the server did not send it", inside.Message, StringComparison.Ordinal);
        TypeScriptShapes.AssertMatches(JsonDocument.Parse("""{ "a": 1, "b": 2, "o": { "y": 1 } }""").RootElement, "T", interfaces);

        TypeScriptShapes.AssertMatches(JsonDocument.Parse("""{ "a": 1, "b": 2, "o": { "x": 1 } }""").RootElement, "T", interfaces, nested);
    }

    [Fact]
    public void An_interface_that_extends_another_has_its_fields()
    {
        var interfaces = TypeScriptShapes.Interfaces("server/runModel.ts");
        Assert.Contains("run", interfaces["RunAnswer"].Required);
        Assert.Contains("listing", interfaces["RunAnswer"].Required);
    }

    [Fact]
    public async Task The_schema_fields_types_match_what_the_server_sends()
    {
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        var interfaces = TypeScriptShapes.Interfaces("server/schemaFields.ts");
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SchemaFields.objects"] = "{}SchemaObject",
            ["SchemaObject.properties"] = "{}SchemaField",
            ["SchemaObject.methods"] = "{}SchemaMethod",
        };
        foreach (var schema in new[] { "connector", "instance" })
        {
            var fields = await session.Client.RequestAsync<JsonElement>("patchworks/schemaFields", new { schema });
            TypeScriptShapes.AssertMatches(fields, "SchemaFields", interfaces, nested);
        }
        var kinds = File.ReadAllText(Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "src", "forms", "formSpec.ts"));
        var connector = await session.Client.RequestAsync<JsonElement>("patchworks/schemaFields", new { schema = "connector" });
        foreach (var obj in connector.GetProperty("objects").EnumerateObject())
        {
            foreach (var field in obj.Value.GetProperty("properties").EnumerateObject())
            {
                Assert.Contains($"'{field.Value.GetProperty("kind").GetString()}'", kinds, StringComparison.Ordinal);
            }
        }
        var refused = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/schemaFields", new { schema = "tests" }));
        Assert.Contains("connector", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// The extension's unit tests read the server's outlines of samples from extension/test/unit/fixtures/outlines/ (they
/// cannot run the server); these are the server's real answers, uris left out. PATCHWORKS_UPDATE_FIXTURES=1 rewrites them.
/// </summary>
public sealed class OutlineFixtureTests
{
    public static TheoryData<string, string> Samples => new()
    {
        { "hubspot", "hubspot.connector.json" },
        { "woocommerce", "woocommerce.connector.json" },
        { "warehouse-events", "warehouse-events.connector.json" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_extensions_outline_fixture_is_what_the_server_answers(string sample, string connector)
    {
        var folder = Path.Combine(StdioServer.SamplesFolder(), sample);
        await using var session = await InProcessServer.StartInitializedAsync(folder);
        var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(Path.Combine(folder, connector)) });
        var node = System.Text.Json.Nodes.JsonNode.Parse(outline.GetRawText())!.AsObject();
        node.Remove("uri");
        foreach (var item in node["instances"]!.AsArray().Concat(node["testsFiles"]!.AsArray()))
        {
            item!.AsObject().Remove("uri");
        }
        var text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var fixture = Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "test", "unit", "fixtures", "outlines", sample + ".json");
        if (Environment.GetEnvironmentVariable("PATCHWORKS_UPDATE_FIXTURES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fixture)!);
            await File.WriteAllTextAsync(fixture, text);
        }
        Assert.True(File.Exists(fixture), $"{fixture} is missing: run with PATCHWORKS_UPDATE_FIXTURES=1");
        Assert.Equal(await File.ReadAllTextAsync(fixture), text);
    }
}

/// <summary>
/// The extension's wizard tests build their forms from the server's patchworks/schemaFields answers, kept in
/// extension/test/unit/fixtures/schema-fields/ (they cannot run the server). PATCHWORKS_UPDATE_FIXTURES=1 rewrites them.
/// </summary>
public sealed class SchemaFieldsFixtureTests
{
    [Theory]
    [InlineData("connector")]
    [InlineData("instance")]
    public async Task The_extensions_schema_fields_fixture_is_what_the_server_answers(string schema)
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var fields = await session.Client.RequestAsync<JsonElement>("patchworks/schemaFields", new { schema });
        var text = System.Text.Json.Nodes.JsonNode.Parse(fields.GetRawText())!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var fixture = Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "test", "unit", "fixtures", "schema-fields", schema + ".json");
        if (Environment.GetEnvironmentVariable("PATCHWORKS_UPDATE_FIXTURES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fixture)!);
            await File.WriteAllTextAsync(fixture, text);
        }
        Assert.True(File.Exists(fixture), $"{fixture} is missing: run with PATCHWORKS_UPDATE_FIXTURES=1");
        Assert.Equal(await File.ReadAllTextAsync(fixture), text);
    }
}

/// <summary>The extension masks secrets with the server's mask (one definition on each side, the same text).</summary>
public sealed class MaskProtocolTests
{
    [Fact]
    public void The_extensions_mask_is_the_servers()
    {
        var runModel = File.ReadAllText(Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "src", "server", "runModel.ts"));
        Assert.Contains($"export const SERVER_MASK = '{Patchworks.Core.Resolution.RequestResolver.Mask}';", runModel, StringComparison.Ordinal);
    }
}

/// <summary>
/// The secret names the Add Instance wizard writes and the ones the server's quick fix writes are the server's
/// (SecretNames): the wizard asks patchworks/secretNames. The table of slugs is secret-slugs.json beside this file.
/// </summary>
public sealed class SecretSlugProtocolTests
{
    [Fact]
    public void The_servers_slug_is_the_tables()
    {
        var table = Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "tests", "Patchworks.LanguageServer.Tests", "secret-slugs.json");
        var cases = JsonDocument.Parse(File.ReadAllText(table)).RootElement.EnumerateArray().ToList();
        Assert.True(cases.Count >= 5);
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString()!;
            var instance = Patchworks.Core.Model.InstanceReader.Read(Patchworks.Core.Syntax.JsonParser.Parse(JsonSerializer.Serialize(new { name })), "/w/x.instance.json");
            Assert.Equal(c.GetProperty("slug").GetString(), Patchworks.Core.Editing.SecretNames.Slug(instance));
        }
    }

    [Fact]
    public async Task The_wizard_gets_the_names_the_quick_fix_writes_and_odd_input_gets_an_answer()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var answer = await session.Client.RequestAsync<JsonElement>("patchworks/secretNames", new { instanceName = "  Shopify - UK (live) ", keys = new[] { "api_password", "api_password", "" } });
        Assert.Equal("shopify-uk-live", answer.GetProperty("slug").GetString());
        var names = answer.GetProperty("names").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["api_password"] = "shopify-uk-live-api_password" }, names);
        var instance = Patchworks.Core.Model.InstanceReader.Read(Patchworks.Core.Syntax.JsonParser.Parse(JsonSerializer.Serialize(new { name = "Shopify - UK (live)" })), "/w/x.instance.json");
        Assert.Equal(Patchworks.Core.Editing.SecretNames.NameFor(instance, "api_password"), names["api_password"]);

        var empty = await session.Client.RequestAsync<JsonElement>("patchworks/secretNames", new { });
        Assert.Equal("instance", empty.GetProperty("slug").GetString());
        Assert.Empty(empty.GetProperty("names").EnumerateObject());
    }
}
