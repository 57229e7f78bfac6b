using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/prepareRename and textDocument/rename for variables, auth method ids and endpoint ids. The core
/// plans the edits (<see cref="SymbolRename"/>); a refusal is an error whose message the editor shows.
/// </summary>
internal sealed class RenameHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/prepareRename")]
    public PrepareRenameResult PrepareRename(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = SymbolRequest.From(server, parameters) ?? throw Refuse("Only connector and instance files have names to rename.", ErrorCodes.RequestFailed);
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
        var request = SymbolRequest.From(server, parameters) ?? throw Refuse("Only connector and instance files have names to rename.", ErrorCodes.InvalidParams);
        var plan = SymbolRename.Plan(request.Index, request.FilePath, request.Offset, parameters.NewName);
        if (plan.Refusal is { } refusal)
        {
            throw Refuse(refusal, ErrorCodes.InvalidParams);
        }
        var changes = plan.Edits
            .GroupBy(e => e.FilePath, StringComparer.Ordinal)
            .ToDictionary(
                g => DocumentUri.FromPath(g.Key),
                g => (IReadOnlyList<TextEdit>)[.. g.OrderBy(e => e.Span.Start).Select(e => new TextEdit(e.Range.ToLsp(), e.NewText))]);
        return new WorkspaceEdit(changes);
    }

    private static LocalRpcException Refuse(string message, int code) => new(message) { ErrorCode = code };
}
