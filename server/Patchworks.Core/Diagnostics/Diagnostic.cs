using Patchworks.Core.Text;

namespace Patchworks.Core.Diagnostics;

/// <summary>Another place a diagnostic involves, such as the first definition of a duplicate key.</summary>
public sealed record RelatedLocation(string FilePath, TextRange Range, string Message);

/// <summary>A problem found in a file: where it is, its stable code, and a plain message.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, string FilePath, TextSpan Span, TextRange Range, string Message)
{
    public string Code => Descriptor.Code;

    public DiagnosticSeverity Severity { get; init; } = Descriptor.Severity;

    public DiagnosticTags Tags { get; init; } = Descriptor.Tags;

    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    /// <summary>Machine-readable facts for quick fixes, such as the suggested key for a misspelt placeholder.</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    public override string ToString() => $"{FilePath}:{Range.Start.Line + 1}:{Range.Start.Character + 1}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
