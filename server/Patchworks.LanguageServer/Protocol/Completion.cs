namespace Patchworks.LanguageServer.Protocol;

// LSP 3.17 completion structures, named as in the specification. Only what the server uses.

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider = false);

/// <summary>CompletionTriggerKind: 1 invoked, 2 trigger character, 3 re-trigger of an incomplete list.</summary>
public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, LspPosition Position, CompletionContext? Context = null)
    : TextDocumentPositionParams(TextDocument, Position);


public sealed record CompletionItem
{
    public required string Label { get; init; }
    public int? Kind { get; init; }
    public string? Detail { get; init; }
    public MarkupContent? Documentation { get; init; }
    public string? SortText { get; init; }
    public string? FilterText { get; init; }
    public int? InsertTextFormat { get; init; }
    public TextEdit? TextEdit { get; init; }
    public Command? Command { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

/// <summary>InsertTextFormat: 1 plain text, 2 snippet.</summary>
public static class InsertTextFormat
{
    public const int PlainText = 1;
    public const int Snippet = 2;
}

/// <summary>CompletionItemKind values the server uses.</summary>
public static class CompletionItemKind
{
    public const int Value = 12;
    public const int Property = 10;
    public const int Variable = 6;
    public const int Snippet = 15;
    public const int File = 17;
    public const int Reference = 18;
    public const int Constant = 21;
    public const int EnumMember = 20;
}
