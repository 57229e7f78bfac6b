using System.Text.Json;
using Patchworks.Core.Resolution;
using Patchworks.LanguageServer.Documents;
using Patchworks.LanguageServer.Protocol;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>patchworks/setActiveInstance and patchworks/resolveRequest: what the extension's runner and status bar use.</summary>
internal sealed class CustomRequestHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/setActiveInstance")]
    public object? SetActiveInstance(SetActiveInstanceParams parameters)
    {
        server.RequireInitialized();
        var connector = PathOf(parameters.ConnectorUri);
        server.ActiveInstances.Set(connector, parameters.InstanceUri is { } instance ? PathOf(instance) : null);
        // The hints show the active instance's values: the editor must ask for them again. Not awaited, so the
        // client's answer to this request never waits for its own refresh.
        _ = server.RefreshInlayHintsAsync();
        return null;
    }

    [JsonRpcMethod("patchworks/resolveRequest")]
    public async Task<ResolvedRequestDocument> ResolveRequestAsync(ResolveRequestParams parameters, CancellationToken cancellationToken)
    {
        server.RequireInitialized();
        var (connector, instance) = await RequestTargets.FindAsync(server, parameters.Uri, parameters.InstanceUri, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var options = new ResolveOptions { AdHocValues = parameters.Values ?? new Dictionary<string, string>() };
            var request = RequestResolver.Resolve(connector, parameters.EndpointId, instance, options);
            // What a run from the editor would lack, known the way the run knows it: secret:NAME from the client's
            // secret storage, env:NAME from the environment. The values are used for this check only, never returned.
            var secrets = await Running.ClientSecrets.FetchAsync(server, instance, cancellationToken).ConfigureAwait(false);
            var missing = RequestResolver.MissingSecrets(connector, parameters.EndpointId, instance, new ResolveOptions { AdHocValues = options.AdHocValues, Secrets = secrets });
            return ResolvedRequestDocument.From(request, missing);
        }
        catch (ResolutionException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.RequestFailed };
        }
    }

    private static string PathOf(string uri) => RequestTargets.PathOf(uri);
}
