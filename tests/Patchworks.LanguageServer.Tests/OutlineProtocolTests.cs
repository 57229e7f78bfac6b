using System.Text.Json;
using System.Text.RegularExpressions;
using Patchworks.LanguageServer.Tests.Infrastructure;

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

    private static Dictionary<string, (HashSet<string> All, HashSet<string> Required)> Interfaces()
    {
        var file = Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "src", "server", "connectorOutline.ts");
        var result = new Dictionary<string, (HashSet<string>, HashSet<string>)>(StringComparer.Ordinal);
        foreach (Match block in Interface().Matches(File.ReadAllText(file)))
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            var required = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match field in Field().Matches(block.Groups[2].Value))
            {
                all.Add(field.Groups[1].Value);
                if (field.Groups[2].Value != "?")
                {
                    required.Add(field.Groups[1].Value);
                }
            }
            result[block.Groups[1].Value] = (all, required);
        }
        return result;
    }

    private static void Check(JsonElement value, string type, Dictionary<string, (HashSet<string> All, HashSet<string> Required)> interfaces, List<string> problems, Dictionary<string, string> nested)
    {
        var (all, required) = interfaces[type];
        var sent = value.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(sent.Except(all).Select(f => $"{type}.{f} is sent by the server but not declared in connectorOutline.ts"));
        problems.AddRange(required.Except(sent).Select(f => $"{type}.{f} is declared required but the server did not send it"));
        foreach (var property in value.EnumerateObject())
        {
            if (nested.TryGetValue($"{type}.{property.Name}", out var element) && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    Check(item, element, interfaces, problems, nested);
                }
            }
        }
    }

    [Fact]
    public async Task The_typescript_types_match_what_the_server_sends()
    {
        foreach (var (folder, file) in new[] { ("shopify", "shopify.connector.json"), ("shopify", "uk-test.instance.json"), ("warehouse-events", "warehouse-events.connector.json"), ("warehouse-events", "test.instance.json") })
        {
            _folder.Write($"{folder}/{file}", File.ReadAllText(Path.Combine(StdioServer.SamplesFolder(), folder, file)));
        }
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        var interfaces = Interfaces();
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
        var problems = new List<string>();
        foreach (var connector in new[] { "shopify/shopify.connector.json", "warehouse-events/warehouse-events.connector.json" })
        {
            var outline = await session.Client.RequestAsync<JsonElement>("patchworks/connectorOutline", new { uri = LspClient.Uri(_folder.PathOf(connector)) });
            Check(outline, "ConnectorOutline", interfaces, problems, nested);
        }
        var files = await session.Client.RequestAsync<JsonElement>("patchworks/workspaceFiles", new { });
        Assert.Equal(2, files.GetProperty("instances").GetArrayLength());
        Check(files, "WorkspaceFiles", interfaces, problems, nested);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public void The_check_finds_a_field_the_typescript_side_lacks()
    {
        var interfaces = new Dictionary<string, (HashSet<string>, HashSet<string>)>(StringComparer.Ordinal)
        {
            ["T"] = (new HashSet<string>(["a", "b"], StringComparer.Ordinal), new HashSet<string>(["a", "b"], StringComparer.Ordinal)),
        };
        var problems = new List<string>();
        Check(JsonDocument.Parse("""{ "a": 1, "c": 2 }""").RootElement, "T", interfaces, problems, []);
        Assert.Equal(["T.c is sent by the server but not declared in connectorOutline.ts", "T.b is declared required but the server did not send it"], problems);
    }

    [GeneratedRegex(@"export interface (\w+) \{(.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex Interface();

    [GeneratedRegex(@"^\s+(\w+)(\??):", RegexOptions.Multiline)]
    private static partial Regex Field();
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
/// The secret names the Add Instance wizard writes (extension/src/wizards/instanceForm.ts secretSlug) and the ones the
/// server's quick fix writes (SecretNames.Slug) come from one table both sides' tests read:
/// extension/test/unit/fixtures/secret-slugs.json.
/// </summary>
public sealed class SecretSlugProtocolTests
{
    [Fact]
    public void The_servers_slug_is_the_tables()
    {
        var table = Path.Combine(Path.GetDirectoryName(StdioServer.SamplesFolder())!, "extension", "test", "unit", "fixtures", "secret-slugs.json");
        var cases = JsonDocument.Parse(File.ReadAllText(table)).RootElement.EnumerateArray().ToList();
        Assert.True(cases.Count >= 5);
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString()!;
            var instance = Patchworks.Core.Model.InstanceReader.Read(Patchworks.Core.Syntax.JsonParser.Parse(JsonSerializer.Serialize(new { name })), "/w/x.instance.json");
            Assert.Equal(c.GetProperty("slug").GetString(), Patchworks.Core.Editing.SecretNames.Slug(instance));
        }
    }
}
