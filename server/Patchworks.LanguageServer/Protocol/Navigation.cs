namespace Patchworks.LanguageServer.Protocol;

// LSP 3.17 structures of the navigation and rename requests, named as in the specification.

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, LspPosition Position, ReferenceContext? Context = null)
    : TextDocumentPositionParams(TextDocument, Position);

/// <summary>DocumentHighlightKind: 1 text, 2 read, 3 write.</summary>
public static class DocumentHighlightKind
{
    public const int Text = 1;
    public const int Read = 2;
    public const int Write = 3;
}

public sealed record DocumentHighlight(LspRange Range, int Kind);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, LspPosition Position, string NewName)
    : TextDocumentPositionParams(TextDocument, Position);

/// <summary>The prepareRename answer form with the range and the text the editor pre-fills.</summary>
public sealed record PrepareRenameResult(LspRange Range, string Placeholder);



public sealed record RenameOptions(bool PrepareProvider);

/// <summary>The query is required by LSP; an omitted one is read as "" (every symbol).</summary>
public sealed record WorkspaceSymbolParams(string? Query = null);

public sealed record SymbolInformation
{
    public required string Name { get; init; }
    public required int Kind { get; init; }
    public required Location Location { get; init; }
    public string? ContainerName { get; init; }
}
