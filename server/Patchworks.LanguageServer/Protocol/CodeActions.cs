namespace Patchworks.LanguageServer.Protocol;

// LSP 3.17 code actions, workspace edits and commands.

/// <summary>
/// Edits keyed by document URI ("changes"); when files must be renamed too, also "documentChanges" (text document
/// edits and resource operations, for clients that announce them): the specification has such clients prefer it.
/// </summary>
public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes)
{
    /// <summary><see cref="TextDocumentEdit"/> and <see cref="RenameFile"/> items, in the order they are applied.</summary>
    public IReadOnlyList<object>? DocumentChanges { get; init; }
}

/// <summary>The edits of one document; a null version means "whatever the client has".</summary>
public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

/// <summary>LSP's OptionalVersionedTextDocumentIdentifier: "version" is always written, null included (clients check it).</summary>
public sealed record OptionalVersionedTextDocumentIdentifier(
    string Uri,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] int? Version);

/// <summary>A resource operation renaming a file or folder; the kind is always "rename".</summary>
public sealed record RenameFile(string OldUri, string NewUri, RenameFileOptions? Options = null)
{
    public string Kind => "rename";
}

public sealed record RenameFileOptions(bool Overwrite = false, bool IgnoreIfExists = false);

public sealed record Command
{
    public required string Title { get; init; }

    /// <summary>The command's identifier; the specification's field "command" (a member cannot share its type's name).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("command")]
    public required string Name { get; init; }

    public IReadOnlyList<object>? Arguments { get; init; }
}

public sealed record CodeActionContext(IReadOnlyList<LspDiagnostic> Diagnostics, IReadOnlyList<string>? Only = null);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext Context);

public static class CodeActionKind
{
    public const string QuickFix = "quickfix";
}

public sealed record CodeAction
{
    public required string Title { get; init; }
    public string? Kind { get; init; }
    public IReadOnlyList<LspDiagnostic>? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public WorkspaceEdit? Edit { get; init; }
    public Command? Command { get; init; }
}

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);
