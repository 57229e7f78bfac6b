using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/documentHighlight: the name under the cursor everywhere in this file; the declaration is a write, uses are reads.</summary>
internal sealed class DocumentHighlightHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/documentHighlight")]
    public IReadOnlyList<DocumentHighlight> Highlights(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (SymbolRequest.From(server, parameters) is not { Hit: { } hit } request)
        {
            return [];
        }
        var symbol = hit.Symbol;
        var highlights = new List<DocumentHighlight>();
        if (symbol.HasExplicitName && symbol.Declaration.FilePath == request.FilePath)
        {
            highlights.Add(new DocumentHighlight(symbol.Declaration.Range.ToLsp(), DocumentHighlightKind.Write));
        }
        highlights.AddRange(request.Index.UsesOf(symbol)
            .Where(u => u.Location.FilePath == request.FilePath)
            .OrderBy(u => u.Location.Span.Start)
            .Select(u => new DocumentHighlight(u.Location.Range.ToLsp(), DocumentHighlightKind.Read)));
        return highlights;
    }
}
