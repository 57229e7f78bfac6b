using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/inlayHint: after each {{key}} of a connector, the value the active instance gives it.</summary>
internal sealed class InlayHintHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/inlayHint")]
    public IReadOnlyList<InlayHint> InlayHints(InlayHintParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path || server.Workspace.GetConnector(path) is not { } connector)
        {
            return [];
        }
        var lines = connector.Tree.Lines;
        var start = lines.GetOffset(parameters.Range.Start.ToCore());
        var end = lines.GetOffset(parameters.Range.End.ToCore());
        var hints = new List<InlayHint>();
        foreach (var reference in connector.Index.References)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reference.FilePath != connector.FilePath || reference.Span.End < start || reference.Span.Start > end
                || PlaceholderValues.ForActiveInstance(server, connector, reference) is not { } value)
            {
                continue;
            }
            hints.Add(new InlayHint(lines.GetPosition(reference.Span.End).ToLsp(), PlaceholderValues.Display(value))
            {
                Tooltip = value.SourceDescription,
                PaddingLeft = true,
            });
        }
        return [.. hints.OrderBy(h => h.Position.Line).ThenBy(h => h.Position.Character)];
    }
}
