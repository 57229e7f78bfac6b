namespace Patchworks.LanguageServer.Protocol;

public sealed record DiagnosticRelatedInformation(Location Location, string Message);

public sealed record LspDiagnostic
{
    public required LspRange Range { get; init; }
    public int Severity { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(StringOrNumberConverter))]
    public string? Code { get; init; }
    /// <summary>Nullable: other servers' diagnostics, sent back with a code-action request, may say "source": null.</summary>
    public string? Source { get; init; } = "patchworks";
    public required string Message { get; init; }
    public IReadOnlyList<int>? Tags { get; init; }
    public IReadOnlyList<DiagnosticRelatedInformation>? RelatedInformation { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(StringMapConverter))]
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<LspDiagnostic> Diagnostics);

public sealed record Hover(MarkupContent Contents, LspRange? Range);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

/// <summary>SymbolKind values the outline uses.</summary>
public static class SymbolKind
{
    public const int Module = 2;
    public const int Namespace = 3;
    public const int Class = 5;
    public const int Method = 6;
    public const int Property = 7;
    public const int Field = 8;
    public const int Interface = 11;
    public const int Variable = 13;
    public const int Constant = 14;
    public const int String = 15;
    public const int Key = 20;
    public const int Struct = 23;
    public const int Event = 24;
}

public sealed record DocumentSymbol
{
    public required string Name { get; init; }
    public string? Detail { get; init; }
    public required int Kind { get; init; }
    public required LspRange Range { get; init; }
    public required LspRange SelectionRange { get; init; }
    public IReadOnlyList<DocumentSymbol>? Children { get; init; }
}
