using System.Text.RegularExpressions;

namespace Patchworks.Cli.Tests.Infrastructure;

/// <summary>A "file:line:col: note: message" line printed under a diagnostic.</summary>
public sealed record TextNote(string File, int Line, int Column, string Message);

/// <summary>One "file:line:col: severity CODE: message" line of validate's text output, with its notes.</summary>
public sealed record TextDiagnostic(string File, int Line, int Column, string Severity, string Code, string Message, IReadOnlyList<TextNote> Notes)
{
    public string Location => $"{File}:{Line}:{Column}";
}

/// <summary>Parses validate's text output strictly: every line must be a diagnostic or a note under one.</summary>
public static partial class TextDiagnostics
{
    [GeneratedRegex(@"^(?<file>[^\s:][^:]*):(?<line>\d+):(?<col>\d+): (?<severity>error|warning|info|hint) (?<code>PW\d{4}): (?<message>.+)$")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"^    (?<file>[^\s:][^:]*):(?<line>\d+):(?<col>\d+): note: (?<message>.+)$")]
    private static partial Regex NoteLine();

    public static IReadOnlyList<TextDiagnostic> Parse(CliResult result)
    {
        var diagnostics = new List<TextDiagnostic>();
        List<TextNote>? notes = null;
        foreach (var line in result.StdoutLines)
        {
            if (DiagnosticLine().Match(line) is { Success: true } d)
            {
                notes = [];
                diagnostics.Add(new TextDiagnostic(d.Groups["file"].Value, int.Parse(d.Groups["line"].Value), int.Parse(d.Groups["col"].Value),
                    d.Groups["severity"].Value, d.Groups["code"].Value, d.Groups["message"].Value, notes));
            }
            else if (NoteLine().Match(line) is { Success: true } n && notes is not null)
            {
                notes.Add(new TextNote(n.Groups["file"].Value, int.Parse(n.Groups["line"].Value), int.Parse(n.Groups["col"].Value), n.Groups["message"].Value));
            }
            else
            {
                Assert.Fail($"Not a diagnostic or note line: \"{line}\"\n{result}");
            }
        }
        return diagnostics;
    }

    /// <summary>The stderr summary line validate ends with, e.g. "Checked 3 files: 1 error, 0 warnings.".</summary>
    public static string Summary(int files, int errors, int warnings) =>
        $"Checked {files} file{(files == 1 ? "" : "s")}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}.";
}
