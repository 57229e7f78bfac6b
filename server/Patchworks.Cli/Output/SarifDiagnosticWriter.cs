using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Patchworks.Core.Diagnostics;

namespace Patchworks.Cli.Output;

/// <summary>
/// SARIF 2.1.0, the format GitHub code scanning and Azure DevOps read to annotate pull requests. Every rule
/// of the catalogue is listed so viewers can show its title; columns are UTF-16 code units, SARIF's default.
/// </summary>
public sealed class SarifDiagnosticWriter : IDiagnosticWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output)
    {
        var version = typeof(SarifDiagnosticWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var rules = DiagnosticCatalog.All.OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var log = new Dictionary<string, object>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["tool"] = new
                    {
                        driver = new
                        {
                            name = "patchworks",
                            semanticVersion = version.Split('+')[0],
                            informationUri = "https://doc.wearepatchworks.com/product-documentation/developer-hub/connector-builder",
                            rules = rules.Select(r => new
                            {
                                id = r.Code,
                                name = PascalCase(r.Title),
                                shortDescription = new { text = r.Title },
                                defaultConfiguration = new { level = Level(r.Severity) },
                            }),
                        },
                    },
                    ["originalUriBaseIds"] = new Dictionary<string, object>
                    {
                        ["SRCROOT"] = new { uri = new Uri(Directory.GetCurrentDirectory().TrimEnd('/') + "/").AbsoluteUri },
                    },
                    ["columnKind"] = "utf16CodeUnits",
                    ["results"] = diagnostics.Select(d => new Dictionary<string, object>
                    {
                        ["ruleId"] = d.Code,
                        ["ruleIndex"] = ruleIndex.GetValueOrDefault(d.Code, -1),
                        ["level"] = Level(d.Severity),
                        ["message"] = new { text = d.Message },
                        ["locations"] = new[] { Location(d.FilePath, d.Range) },
                        ["relatedLocations"] = d.Related.Select((r, i) => new Dictionary<string, object>
                        {
                            ["id"] = i,
                            ["message"] = new { text = r.Message },
                            ["physicalLocation"] = Location(r.FilePath, r.Range)["physicalLocation"],
                        }).ToArray(),
                    }).ToArray(),
                },
            },
        };
        output.WriteLine(JsonSerializer.Serialize(log, Options));
    }

    private static Dictionary<string, object> Location(string filePath, Core.Text.TextRange range) => new()
    {
        ["physicalLocation"] = new
        {
            artifactLocation = new { uri = Uri.EscapeDataString(DisplayPath.Of(filePath)).Replace("%2F", "/", StringComparison.Ordinal), uriBaseId = "SRCROOT" },
            region = new
            {
                startLine = range.Start.Line + 1,
                startColumn = range.Start.Character + 1,
                endLine = range.End.Line + 1,
                endColumn = range.End.Character + 1,
            },
        },
    };

    /// <summary>SARIF rule names are identifiers: "Missing comma" becomes "MissingComma".</summary>
    private static string PascalCase(string title) =>
        string.Concat(title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
