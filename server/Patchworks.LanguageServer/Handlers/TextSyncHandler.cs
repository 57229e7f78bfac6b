using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/didOpen, didChange (incremental), didClose, didSave.</summary>
internal sealed class TextSyncHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return;
        }
        var document = parameters.TextDocument;
        server.Workspace.Open(document.Uri, path, document.Version, document.Text);
        server.Diagnostics.ScheduleChanged(path);
    }

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return;
        }
        foreach (var change in parameters.ContentChanges)
        {
            // A negative position refuses the whole notification (logged): applying part of it would leave the
            // text unlike the editor's either way. Positions past the end are clamped, as LSP asks.
            _ = change.Range?.Start.ToCore();
            _ = change.Range?.End.ToCore();
        }
        if (server.Workspace.Change(path, parameters.TextDocument.Version, parameters.ContentChanges))
        {
            server.Diagnostics.ScheduleChanged(path);
        }
    }

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path)
        {
            return;
        }
        server.Workspace.Close(path);
        server.Diagnostics.ScheduleChanged(path);
    }

    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(DidSaveTextDocumentParams parameters)
    {
        // The buffer already holds what was saved; nothing changes until the disk differs from it.
    }
}
