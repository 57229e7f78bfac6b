using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>workspace/didChangeWatchedFiles: files created, changed or deleted outside the editor (git checkout, other tools).</summary>
internal sealed class WatchedFilesHandler(LanguageServer server)
{
    [JsonRpcMethod("workspace/didChangeWatchedFiles")]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams parameters)
    {
        foreach (var change in parameters.Changes)
        {
            if (DocumentUri.ToPath(change.Uri) is { } path)
            {
                server.Workspace.DiskChanged(path);
                server.Diagnostics.ScheduleChanged(path);
            }
        }
    }
}
