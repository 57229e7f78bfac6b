namespace Patchworks.LanguageServer.Protocol;

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, LspRange Range);

/// <summary>InlayHintKind: 1 type, 2 parameter.</summary>
public sealed record InlayHint(LspPosition Position, string Label)
{
    public int? Kind { get; init; }
    public string? Tooltip { get; init; }
    public bool? PaddingLeft { get; init; }
}
