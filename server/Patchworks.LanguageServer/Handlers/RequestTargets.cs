using Patchworks.Core.Model;
using Patchworks.Core.Workspace;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>The connector and instance a patchworks/* request names: the instance given, else the connector's active one.</summary>
internal static class RequestTargets
{
    public static (ConnectorDocument Connector, Instance? Instance) Find(LanguageServer server, string connectorUri, string? instanceUri)
    {
        var path = PathOf(connectorUri);
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
