using System.Text.Json;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Handlers;

/// <summary>
/// patchworks/setWorkspaceTrust (notification, { trusted }): the editor's workspace trust changed (VS Code: the user
/// trusted the folder). Until then runs, sign-ins and publishing are refused (<see cref="LanguageServer.RequireTrusted"/>).
/// </summary>
internal sealed class WorkspaceTrustHandler(LanguageServer server)
{
    [JsonRpcMethod("patchworks/setWorkspaceTrust")]
    public void SetWorkspaceTrust(JsonElement? parameters = null)
    {
        if (parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("trusted", out var trusted)
            && trusted.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            var now = trusted.ValueKind == JsonValueKind.True;
            if (now != server.WorkspaceTrusted)
            {
                server.WorkspaceTrusted = now;
                _ = RefreshCodeLensesAsync(); // the "Send request" lenses come and go with trust
            }
        }
    }

    private async Task RefreshCodeLensesAsync()
    {
        try
        {
            await server.RequestClientAsync<object?>("workspace/codeLens/refresh", new { }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteInvocationException or RemoteRpcException or ConnectionLostException or ObjectDisposedException)
        {
            // A client without codeLens refresh support asks for lenses again on its next edit.
        }
    }

    /// <summary>initializationOptions.workspaceTrusted: false only when the client says so.</summary>
    internal static bool TrustedOption(JsonElement? initializationOptions) =>
        !(initializationOptions is { ValueKind: JsonValueKind.Object } options
          && options.TryGetProperty("workspaceTrusted", out var trusted) && trusted.ValueKind == JsonValueKind.False);
}
