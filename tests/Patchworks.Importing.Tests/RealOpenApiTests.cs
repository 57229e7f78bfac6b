using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Patchworks.Core.Importing;
using Patchworks.Importing.Tests.Infrastructure;

namespace Patchworks.Importing.Tests;

/// <summary>Real, published OpenAPI and Swagger documents of commerce and ERP APIs (Samples/, with their licences): each imports into a connector that validates.</summary>
public sealed class RealOpenApiTests
{
    private static readonly string[] Files =
    [
        "adyen/BinLookupService-v54.json",
        "adyen/RecurringService-v68.yaml",
        "xero/xero_bankfeeds.yaml",
        "xero/xero-projects.yaml",
        "square/api.json",
    ];

    public static TheoryData<string> Documents => new(Files);

    /// <summary>The operations of the document, counted by Microsoft.OpenApi itself.</summary>
    private static int CountOperations(string text, string file)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var read = OpenApiDocument.Parse(text, file.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml", settings);
        return read.Document!.Paths.Sum(p => p.Value.Operations?.Count ?? 0);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Imports_into_a_connector_with_no_validation_error_and_one_endpoint_per_operation(string file)
    {
        using var folder = new TempFolder();
        var text = Harness.Sample(file);

        var (connector, instance, result) = Harness.ImportValid(folder, text);

        Assert.Equal("openapi", result.Format);
        var operations = CountOperations(text, file);
        var dropped = result.Report.Of(ReportKind.Dropped).Count(e => e.Message.StartsWith("request \"", StringComparison.Ordinal));
        Assert.Equal(operations, result.RequestCount);
        Assert.Equal(operations - dropped - result.DuplicateCount, connector["endpoints"]!.AsArray().Count);
        Assert.Equal("test", (string?)instance["environment"]);
        Assert.StartsWith("{{base_url}}", (string?)connector["endpoints"]![0]!["url"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Schemas_are_written_beside_the_connector_with_every_ref_resolved(string file)
    {
        using var folder = new TempFolder();
        var (connector, _, result) = Harness.ImportValid(folder, Harness.Sample(file));

        Assert.NotEmpty(result.Files);
        foreach (var endpoint in connector["endpoints"]!.AsArray())
        {
            if (endpoint!["schema"] is JsonObject schema)
            {
                var path = (string)schema["$ref"]!;
                Assert.StartsWith("schemas/", path, StringComparison.Ordinal);
                Assert.True(File.Exists(folder.File(path)), path);
            }
        }
        foreach (var (path, text) in result.Files)
        {
            var json = JsonNode.Parse(text)!;
            Assert.DoesNotContain(Refs(json), r => r.StartsWith('#'));
            Assert.Equal(text, folder.Read(path));
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_secret_literal_is_written(string file)
    {
        using var folder = new TempFolder();
        var (connector, instance, result) = Harness.ImportValid(folder, Harness.Sample(file));

        foreach (var variable in connector["variables"]!.AsArray().Where(v => v!["secret"]?.GetValue<bool>() == true))
        {
            Assert.Null(variable!["default"]);
            var key = (string)variable["key"]!;
            Assert.StartsWith("env:", (string?)instance["secrets"]![key], StringComparison.Ordinal);
            Assert.Null(instance["values"]?[key]);
        }
        foreach (var written in folder.AllText())
        {
            Assert.DoesNotContain("sk_live_", written, StringComparison.Ordinal);
        }
        Assert.All(result.Secrets, s => Assert.Contains(s.EnvironmentVariable, (string?)instance["secrets"]![s.Key], StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Importing_twice_is_byte_identical(string file)
    {
        using var folder = new TempFolder();
        var text = Harness.Sample(file);
        var first = Harness.Import(text);
        Harness.Write(first, folder);
        var connectorBefore = folder.Read(first.ConnectorFileName!);

        var second = Harness.Import(text, existing: (first.ConnectorFileName!, connectorBefore));
        var fresh = Harness.Import(text);

        Assert.True(second.Succeeded, second.Report.ToText());
        Assert.False(second.ConnectorChanged);
        Assert.Equal(connectorBefore, second.ConnectorText);
        Assert.Empty(second.Report.Of(ReportKind.Conflict));
        Assert.Equal(first.ConnectorText, fresh.ConnectorText);
        Assert.Equal(first.InstanceText, fresh.InstanceText);
        Assert.Equal(first.Files, fresh.Files);
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Every_document_is_listed_with_its_source_and_licence()
    {
        var readme = File.ReadAllText(Path.Combine(Harness.SamplesFolder, "README.md"));
        foreach (var file in Files)
        {
            Assert.Contains("`" + file + "`", readme, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(Harness.SamplesFolder, "adyen", "LICENSE-adyen-openapi")));
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [(string)v!] : Refs(p.Value)),
        JsonArray a => a.SelectMany(Refs),
        _ => [],
    };
}
