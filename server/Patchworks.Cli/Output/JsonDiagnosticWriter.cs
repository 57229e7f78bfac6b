using System.Text.Encodings.Web;
using System.Text.Json;
using Patchworks.Core.Diagnostics;

namespace Patchworks.Cli.Output;

/// <summary>Diagnostics as a JSON document: one object per diagnostic, 1-based lines and columns, and a summary.</summary>
public sealed class JsonDiagnosticWriter : IDiagnosticWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output)
    {
        var document = new
        {
            diagnostics = diagnostics.Select(d => new
            {
                file = DisplayPath.Of(d.FilePath),
                line = d.Range.Start.Line + 1,
                column = d.Range.Start.Character + 1,
                endLine = d.Range.End.Line + 1,
                endColumn = d.Range.End.Character + 1,
                severity = TextDiagnosticWriter.SeverityName(d.Severity),
                code = d.Code,
                message = d.Message,
                related = d.Related.Select(r => new
                {
                    file = DisplayPath.Of(r.FilePath),
                    line = r.Range.Start.Line + 1,
                    column = r.Range.Start.Character + 1,
                    message = r.Message,
                }),
            }),
            summary = new
            {
                errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
                warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
                information = diagnostics.Count(d => d.Severity > DiagnosticSeverity.Warning),
            },
        };
        output.WriteLine(JsonSerializer.Serialize(document, Options));
    }
}
