using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// textDocument/definition: from a {{key}}, a "uses" or "authMethods" item, or an instance's "authMethod",
/// values key or endpointValues key to the name's declaration in the connector; from an instance's
/// "connector" to the connector file.
/// </summary>
internal sealed class DefinitionHandler(LanguageServer server)
{
    [JsonRpcMethod("textDocument/definition")]
    public Location? Definition(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return SymbolRequest.From(server, parameters)?.Hit is { } hit ? hit.Symbol.Declaration.ToLsp() : null;
    }
}
