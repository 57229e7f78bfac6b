using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;
using CoreEdit = Patchworks.Core.Editing.TextEdit;
using LspEdit = Patchworks.LanguageServer.Protocol.TextEdit;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/codeAction: quick fixes for the diagnostics the editor sends back. The fixes are the core's
/// (Editing/QuickFixes); this maps the editor's diagnostics in and the edits out.
/// </summary>
internal sealed class CodeActionHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/codeAction")]
    public IReadOnlyList<CodeAction> CodeActions(CodeActionParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path
            || parameters.Context.Only is { } only && !only.Any(k => k == CodeActionKind.QuickFix || CodeActionKind.QuickFix.StartsWith(k + ".", StringComparison.Ordinal)))
        {
            return [];
        }
        cancellationToken.ThrowIfCancellationRequested();
        var connector = server.Workspace.GetConnector(path);
        var instance = connector is null ? server.Workspace.GetInstance(path) : null;
        if ((connector?.Tree ?? instance?.Tree) is not { } tree)
        {
            return [];
        }

        var actions = new List<CodeAction>();
        foreach (var diagnostic in parameters.Context.Diagnostics)
        {
            if (diagnostic.Code is not { } code || diagnostic.Source != "patchworks")
            {
                continue;
            }
            var facts = new DiagnosticFacts(code, SpanOf(tree, diagnostic.Range), diagnostic.Data ?? new Dictionary<string, string>());
            var fixes = connector is not null ? QuickFixes.For(connector, facts) : QuickFixes.For(instance!, facts);
            foreach (var fix in fixes)
            {
                actions.Add(ToCodeAction(fix, diagnostic, parameters.TextDocument.Uri, tree.Lines));
            }
        }
        // Several diagnostics of one problem (PW3006 per missing option) give the same fix once.
        return [.. actions.GroupBy(IdentityOf).Select(g => g.First() with { Diagnostics = [.. g.SelectMany(a => a.Diagnostics!)] })];
    }

    private static string IdentityOf(CodeAction action) =>
        action.Title + "\0" + string.Join("\0", action.Edit!.Changes.Values.SelectMany(e => e).Select(e => $"{e.Range}{e.NewText}"));

    private static TextSpan SpanOf(SyntaxTree tree, LspRange range) =>
        TextSpan.FromBounds(tree.Lines.GetOffset(range.Start.ToCore()), tree.Lines.GetOffset(range.End.ToCore()));

    private static CodeAction ToCodeAction(QuickFix fix, LspDiagnostic diagnostic, string uri, LineIndex lines) => new()
    {
        Title = fix.Title,
        Kind = CodeActionKind.QuickFix,
        Diagnostics = [diagnostic],
        IsPreferred = fix.IsPreferred ? true : null,
        Edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<LspEdit>> { [uri] = [.. fix.Edits.Select(e => ToLsp(e, lines))] }),
        Command = fix.Command is { } command ? new Command { Title = command.Title, Name = command.Name, Arguments = command.Arguments } : null,
    };

    internal static LspEdit ToLsp(CoreEdit edit, LineIndex lines) => new(edit.Span.ToLsp(lines), edit.NewText);
}
