using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>textDocument/references: every use of a variable, auth method id or endpoint id, in the connector, the files it references and its instances.</summary>
internal sealed class ReferencesHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/references")]
    public IReadOnlyList<Location> References(ReferenceParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (SymbolRequest.From(server, parameters) is not { Hit: { } hit } request)
        {
            return [];
        }
        return [.. request.Index.Locations(hit.Symbol, parameters.Context?.IncludeDeclaration ?? false).Select(l => l.ToLsp())];
    }
}
