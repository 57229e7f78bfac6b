namespace Patchworks.LanguageServer.Protocol;

// LSP 3.17 code actions, workspace edits and commands.

/// <summary>Only the "changes" form: edits keyed by document URI.</summary>
public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

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
