using Patchworks.Core.Diagnostics;
using Patchworks.Core.Text;

namespace Patchworks.Cli.Output;

/// <summary>One line per diagnostic, "file:line:col: severity CODE: message", the form compilers use and editors link.</summary>
public sealed class TextDiagnosticWriter : IDiagnosticWriter
{
    public void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output)
    {
        foreach (var d in diagnostics)
        {
            // Messages are escaped by the core already; escaping again guards the terminal whatever a rule writes.
            output.WriteLine($"{DisplayPath.Of(d.FilePath)}:{d.Range.Start.Line + 1}:{d.Range.Start.Character + 1}: {SeverityName(d.Severity)} {d.Code}: {PrintableText.Escape(d.Message)}");
            foreach (var related in d.Related)
            {
                output.WriteLine($"    {DisplayPath.Of(related.FilePath)}:{related.Range.Start.Line + 1}:{related.Range.Start.Character + 1}: note: {PrintableText.Escape(related.Message)}");
            }
        }
    }

    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Information => "info",
        _ => "hint",
    };
}
