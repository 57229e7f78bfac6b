using System.Text.Json;

namespace Patchworks.LanguageServer.Protocol;

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }
    public string? RootUri { get; init; }
    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }
    public JsonElement? Capabilities { get; init; }
    public JsonElement? InitializationOptions { get; init; }
}

public sealed record ServerInfo(string Name, string Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <summary>TextDocumentSyncKind: 2 = incremental.</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions? Save);

public sealed record SaveOptions(bool IncludeText);

public sealed record ServerCapabilities
{
    public required TextDocumentSyncOptions TextDocumentSync { get; init; }
    public bool HoverProvider { get; init; }
    public bool DocumentSymbolProvider { get; init; }
    public bool DefinitionProvider { get; init; }
    public bool ReferencesProvider { get; init; }
    public bool DocumentHighlightProvider { get; init; }
    public RenameOptions? RenameProvider { get; init; }
    public bool WorkspaceSymbolProvider { get; init; }
    public CompletionOptions? CompletionProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public bool DocumentFormattingProvider { get; init; }
    public bool DocumentRangeFormattingProvider { get; init; }
    public SemanticTokensOptions? SemanticTokensProvider { get; init; }
    public CodeLensOptions? CodeLensProvider { get; init; }
    public bool InlayHintProvider { get; init; }
}
