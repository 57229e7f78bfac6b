using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Patchworks.Core.Text;

namespace Patchworks.Core.Diagnostics;

/// <summary>A rule of a SARIF driver: viewers show its name and description beside each of its results.</summary>
/// <param name="Name">An identifier (<see cref="SarifLog.RuleName"/>).</param>
/// <param name="Level">error, warning or note (<see cref="SarifLog.Level"/>).</param>
public sealed record SarifRule(string Id, string Name, string Description, string Level);

/// <summary>A place in a file, for a result or a related location.</summary>
/// <param name="DisplayPath">The path as the report shows it: relative to the current folder (SRCROOT), forward slashes.</param>
/// <param name="Message">A related location's message; unused for a result's own location.</param>
public sealed record SarifLocation(string DisplayPath, TextRange Range, string? Message = null);

/// <summary>One result: a diagnostic, or a failed test expectation.</summary>
public sealed record SarifResult(string RuleId, string Level, string Message, SarifLocation Location, IReadOnlyList<SarifLocation> Related);

/// <summary>
/// The one writer of SARIF 2.1.0, the format GitHub code scanning and Azure DevOps read to annotate pull requests:
/// `patchworks validate --format sarif` (diagnostics) and `patchworks test --reporter sarif` (failed expectations)
/// write the same envelope (schema, version, the tool's driver with the toolkit's version and documentation link,
/// SRCROOT as the current folder, UTF-16 columns), so a viewer or a CI step that reads one reads the other. Only the
/// driver's name and rules, and the results, differ.
/// </summary>
public static class SarifLog
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string InformationUri = "https://doc.wearepatchworks.com/product-documentation/developer-hub/connector-builder";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The toolkit's version without build metadata ("0.1.0" of "0.1.0+abc123"), as SARIF's semanticVersion.</summary>
    public static string SemanticVersion =>
        (typeof(SarifLog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>SARIF rule names are identifiers: "Missing comma" becomes "MissingComma".</summary>
    public static string RuleName(string title) =>
        string.Concat(title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>Writes one run of <paramref name="toolName"/> with its rules and results; a result's ruleIndex is its rule's place in the list (-1 when not listed).</summary>
    public static void Write(TextWriter output, string toolName, IReadOnlyList<SarifRule> rules, IEnumerable<SarifResult> results)
    {
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            ruleIndex.TryAdd(rules[i].Id, i);
        }
        var log = new Dictionary<string, object>
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["tool"] = new
                    {
                        driver = new
                        {
                            name = toolName,
                            semanticVersion = SemanticVersion,
                            informationUri = InformationUri,
                            rules = rules.Select(r => new
                            {
                                id = r.Id,
                                name = r.Name,
                                shortDescription = new { text = r.Description },
                                defaultConfiguration = new { level = r.Level },
                            }),
                        },
                    },
                    ["originalUriBaseIds"] = new Dictionary<string, object>
                    {
                        ["SRCROOT"] = new { uri = new Uri(Directory.GetCurrentDirectory().TrimEnd('/') + "/").AbsoluteUri },
                    },
                    ["columnKind"] = "utf16CodeUnits",
                    ["results"] = results.Select(r => new Dictionary<string, object>
                    {
                        ["ruleId"] = r.RuleId,
                        ["ruleIndex"] = ruleIndex.GetValueOrDefault(r.RuleId, -1),
                        ["level"] = r.Level,
                        ["message"] = new { text = r.Message },
                        ["locations"] = new[] { new { physicalLocation = PhysicalLocation(r.Location) } },
                        ["relatedLocations"] = r.Related.Select((related, i) => new Dictionary<string, object>
                        {
                            ["id"] = i,
                            ["message"] = new { text = related.Message ?? "" },
                            ["physicalLocation"] = PhysicalLocation(related),
                        }).ToArray(),
                    }).ToArray(),
                },
            },
        };
        output.WriteLine(JsonSerializer.Serialize(log, Options));
    }

    private static object PhysicalLocation(SarifLocation location) => new
    {
        artifactLocation = new { uri = Uri.EscapeDataString(location.DisplayPath).Replace("%2F", "/", StringComparison.Ordinal), uriBaseId = "SRCROOT" },
        region = new
        {
            startLine = location.Range.Start.Line + 1,
            startColumn = location.Range.Start.Character + 1,
            endLine = location.Range.End.Line + 1,
            endColumn = location.Range.End.Character + 1,
        },
    };
}
