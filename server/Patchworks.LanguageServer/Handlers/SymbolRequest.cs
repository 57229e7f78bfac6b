using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// Where every cross-reference request starts: the symbol index of the connector the document belongs to, and
/// the cursor as an offset into the document.
/// </summary>
internal sealed record SymbolRequest(SymbolReferences Index, string FilePath, int Offset)
{
    public static SymbolRequest? From(LanguageServer server, TextDocumentPositionParams parameters)
    {
        server.RequireInitialized();
        if (DocumentUri.ToPath(parameters.TextDocument.Uri) is not { } path
            || server.Workspace.SymbolsFor(path) is not { } index
            || index.LinesOf(path) is not { } lines)
        {
            return null;
        }
        return new SymbolRequest(index, path, lines.GetOffset(parameters.Position.ToCore()));
    }

    /// <summary>The symbol whose name is under the cursor, and that name's location.</summary>
    public (ConnectorSymbol Symbol, SymbolLocation Location)? Hit => Index.At(FilePath, Offset);
}
