using Patchworks.Core.Diagnostics;

namespace Patchworks.Cli.Output;

/// <summary>
/// SARIF 2.1.0, the format GitHub code scanning and Azure DevOps read to annotate pull requests, through the one
/// envelope writer <see cref="SarifLog"/> (the test reporter's too). Every rule of the catalogue is listed so
/// viewers can show its title; columns are UTF-16 code units, SARIF's default.
/// </summary>
public sealed class SarifDiagnosticWriter : IDiagnosticWriter
{
    public void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output)
    {
        var rules = DiagnosticCatalog.All
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new SarifRule(r.Code, SarifLog.RuleName(r.Title), r.Title, SarifLog.Level(r.Severity)))
            .ToList();
        SarifLog.Write(output, "patchworks", rules, diagnostics.Select(d => new SarifResult(
            d.Code,
            SarifLog.Level(d.Severity),
            d.Message,
            new SarifLocation(DisplayPath.Of(d.FilePath), d.Range),
            [.. d.Related.Select(r => new SarifLocation(DisplayPath.Of(r.FilePath), r.Range, r.Message))])));
    }
}
