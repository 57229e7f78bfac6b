using System.Text.Json;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/connectorOutline: what the extension needs to know of a connector (kind, name, variables with their
/// levels, auth methods with an instance's variables, endpoints, listeners, its instances), from the server's model of
/// the file as the editor has it (unsaved changes included), so no TypeScript reads connector files.
/// </summary>
internal sealed class OutlineHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/connectorOutline")]
    public async Task<JsonElement> OutlineAsync(ConnectorOutlineParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var path = RequestTargets.PathOf(parameters.Uri);
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var outline = server.Workspace.OutlineOf(path)
            ?? throw new LocalRpcException($"{parameters.Uri} is not a connector file.") { ErrorCode = ErrorCodes.InvalidParams };
        var answer = JsonSerializer.SerializeToNode(outline, ProtocolSerializer.Options)!.AsObject();
        // Paths become URIs, as everywhere in the protocol.
        if (answer["instances"] is System.Text.Json.Nodes.JsonArray instances)
        {
            foreach (var instance in instances.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                if (instance["path"]?.GetValue<string>() is { } instancePath)
                {
                    instance.Remove("path");
                    instance["uri"] = DocumentUri.FromPath(instancePath);
                }
            }
        }
        return JsonSerializer.SerializeToElement(answer);
    }
}
