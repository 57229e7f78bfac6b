using Patchworks.Core.Model;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>The connector and instance a patchworks/* request names: the instance given, else the connector's active one.</summary>
internal static class RequestTargets
{
    public static async Task<(ConnectorDocument Connector, Instance? Instance)> FindAsync(LanguageServer server, string connectorUri, string? instanceUri, CancellationToken cancellationToken)
    {
        var path = PathOf(connectorUri);
        await server.WorkspaceIndexed.WaitAsync(cancellationToken).ConfigureAwait(false);
        var connector = server.Workspace.GetConnector(path)
            ?? throw new LocalRpcException($"{connectorUri} is not a connector file.") { ErrorCode = ErrorCodes.InvalidParams };
        var instancePath = instanceUri is { } uri ? PathOf(uri) : server.ActiveInstances.Get(path);
        var instance = instancePath is null ? null : server.Workspace.GetInstance(instancePath)?.Model
            ?? throw new LocalRpcException($"{instanceUri ?? instancePath} is not an instance file.") { ErrorCode = ErrorCodes.InvalidParams };
        return (connector, instance);
    }

    public static string PathOf(string uri) => DocumentUri.ToPath(uri)
        ?? throw new LocalRpcException($"{uri} is not a file URI.") { ErrorCode = ErrorCodes.InvalidParams };
}
