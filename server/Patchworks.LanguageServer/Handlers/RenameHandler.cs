using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/prepareRename and textDocument/rename for variables, auth method ids and endpoint ids, from a
/// connector, an instance or a tests file. The core plans the edits (<see cref="SymbolRename"/>); a refusal is an
/// error whose message the editor shows. An endpoint's recordings folder is renamed with it when the client can
/// rename files (a documentChanges edit with a RenameFile operation); otherwise only the text changes.
/// </summary>
internal sealed class RenameHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/prepareRename")]
    public PrepareRenameResult PrepareRename(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = SymbolRequest.From(server, parameters) ?? throw Refuse(NoNames, ErrorCodes.RequestFailed);
        var target = SymbolRename.Prepare(request.Index, request.FilePath, request.Offset);
        if (target is not { Symbol: { } symbol, Location: { } location })
        {
            throw Refuse(target.Refusal!, ErrorCodes.RequestFailed);
        }
        return new PrepareRenameResult(location.Range.ToLsp(), symbol.Name);
    }

    [JsonRpcMethod("textDocument/rename")]
    public WorkspaceEdit Rename(RenameParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = SymbolRequest.From(server, parameters) ?? throw Refuse(NoNames, ErrorCodes.InvalidParams);
        var plan = SymbolRename.Plan(request.Index, request.FilePath, request.Offset, parameters.NewName, server.Workspace.Files);
        if (plan.Refusal is { } refusal)
        {
            throw Refuse(refusal, ErrorCodes.InvalidParams);
        }
        var files = plan.Edits
            .GroupBy(e => e.FilePath, StringComparer.Ordinal)
            .Select(g => (Path: g.Key, Edits: (IReadOnlyList<TextEdit>)[.. g.OrderBy(e => e.Span.Start).Select(e => new TextEdit(e.Range.ToLsp(), e.NewText))]))
            .ToList();
        var changes = files.ToDictionary(f => DocumentUri.FromPath(f.Path), f => f.Edits);
        if (plan.Folders.Count == 0 || !server.ClientRenamesFiles)
        {
            return new WorkspaceEdit(changes);
        }
        // Text first, then the folders: the edited files are the connector's and its tests', never inside a recordings folder.
        var documentChanges = new List<object>();
        documentChanges.AddRange(files.Select(f => new TextDocumentEdit(
            new OptionalVersionedTextDocumentIdentifier(server.Workspace.GetOpen(f.Path)?.Uri ?? DocumentUri.FromPath(f.Path), server.Workspace.GetOpen(f.Path)?.Version), f.Edits)));
        documentChanges.AddRange(plan.Folders.Select(f => new RenameFile(DocumentUri.FromPath(f.OldPath), DocumentUri.FromPath(f.NewPath), new RenameFileOptions())));
        return new WorkspaceEdit(changes) { DocumentChanges = documentChanges };
    }

    private const string NoNames = "Only connector, instance and tests files have names to rename.";

    private static LocalRpcException Refuse(string message, int code) => new(message) { ErrorCode = code };
}
