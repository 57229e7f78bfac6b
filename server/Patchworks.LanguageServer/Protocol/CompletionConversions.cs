using Patchworks.Core.Completion;
using Patchworks.Core.Text;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>Core completion candidates to LSP completion items: every item carries a text edit over its exact range.</summary>
public static class CompletionConversions
{
    private static readonly Command TriggerSuggest = new() { Title = "Suggest", Name = "editor.action.triggerSuggest" };

    public static CompletionItem ToLsp(this CompletionCandidate candidate, LineIndex lines) => new()
    {
        Label = candidate.Label,
        Kind = Kind(candidate.Kind),
        Detail = candidate.Detail,
        Documentation = candidate.Documentation is { } documentation ? MarkupContent.Markdown(documentation) : null,
        SortText = candidate.SortText,
        FilterText = candidate.FilterText,
        InsertTextFormat = candidate.IsSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        TextEdit = new TextEdit(candidate.Replace.ToLsp(lines), candidate.InsertText),
        Command = candidate.RetriggerSuggest ? TriggerSuggest : null,
    };

    private static int Kind(CandidateKind kind) => kind switch
    {
        CandidateKind.Property => CompletionItemKind.Property,
        CandidateKind.EnumMember => CompletionItemKind.EnumMember,
        CandidateKind.Snippet => CompletionItemKind.Snippet,
        CandidateKind.Variable => CompletionItemKind.Variable,
        CandidateKind.Builtin => CompletionItemKind.Constant,
        CandidateKind.Reference => CompletionItemKind.Reference,
        CandidateKind.File => CompletionItemKind.File,
        _ => CompletionItemKind.Value,
    };
}
