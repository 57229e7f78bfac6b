namespace Patchworks.Core.Editing;

/// <summary>A command the editor runs when a fix is applied, with its arguments (never written to a file).</summary>
public sealed record FixCommand(string Title, string Name, IReadOnlyList<object> Arguments);

/// <summary>A fix for a diagnostic: edits to the file the diagnostic is in, and optionally a command for the editor.</summary>
public sealed record QuickFix(string Title, IReadOnlyList<TextEdit> Edits, bool IsPreferred = false)
{
    public FixCommand? Command { get; init; }
}

/// <summary>What a quick fix knows of a diagnostic: as the editor sends it back in a code action request.</summary>
public sealed record DiagnosticFacts(string Code, Text.TextSpan Span, IReadOnlyDictionary<string, string> Data)
{
    public string? this[string key] => Data.GetValueOrDefault(key);
}
