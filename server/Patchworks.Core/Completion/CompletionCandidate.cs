using Patchworks.Core.Text;

namespace Patchworks.Core.Completion;

/// <summary>What a candidate is, for the editor's icon. The server maps these to the protocol's kinds.</summary>
public enum CandidateKind
{
    Property,
    Value,
    EnumMember,
    Snippet,
    Variable,
    Builtin,
    Reference,
    File,
}

/// <summary>
/// One completion candidate, free of any editor protocol: the text that replaces <see cref="Replace"/> (an
/// exact span of the document, quotes included when the user already typed them), and what to show.
/// </summary>
public sealed record CompletionCandidate
{
    public required string Label { get; init; }
    public required CandidateKind Kind { get; init; }
    public required string InsertText { get; init; }
    public required TextSpan Replace { get; init; }

    /// <summary>True when <see cref="InsertText"/> is a snippet ($1, ${1:default}, ${1|a,b|}); plain text otherwise.</summary>
    public bool IsSnippet { get; init; }

    public string? Detail { get; init; }

    /// <summary>Markdown.</summary>
    public string? Documentation { get; init; }

    /// <summary>What the editor matches the typed text against; null means the label.</summary>
    public string? FilterText { get; init; }

    public string? SortText { get; init; }

    /// <summary>Ask the editor to suggest again once inserted ("[[pagination." leads straight to its names).</summary>
    public bool RetriggerSuggest { get; init; }
}
