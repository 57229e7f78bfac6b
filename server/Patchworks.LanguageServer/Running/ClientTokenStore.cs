using System.Security.Cryptography;
using System.Text;
using Patchworks.Core.Running.Auth;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Patchworks.LanguageServer.Running;

/// <summary>
/// OAuth 2 refresh tokens kept in the editor's SecretStorage, so that an authorisation-code sign-in survives a
/// restart of the editor. The server holds them in memory for the session and writes through to the client
/// (patchworks/setSecret { name, value }; value null forgets one), and reads a token it does not hold with
/// patchworks/getSecrets. A client without those methods leaves the tokens in memory only.
/// </summary>
internal sealed class ClientTokenStore(LanguageServer server) : ITokenStore
{
    private readonly MemoryTokenStore _session = new();

    /// <summary>The SecretStorage name of a token: a digest, because the key holds file paths and would be long.</summary>
    public static string SecretName(string key) =>
        "patchworks.refresh-token." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_session.TryGet(key, out var held))
        {
            return held;
        }
        var name = SecretName(key);
        var stored = await CallClientAsync(() => server.RequestClientAsync<Dictionary<string, string>?>("patchworks/getSecrets", new { names = new[] { name } }, cancellationToken)).ConfigureAwait(false);
        var token = stored?.GetValueOrDefault(name);
        if (token is not null)
        {
            await _session.SetAsync(key, token, cancellationToken).ConfigureAwait(false);
        }
        return token;
    }

    public async ValueTask SetAsync(string key, string? value, CancellationToken cancellationToken)
    {
        await _session.SetAsync(key, value, cancellationToken).ConfigureAwait(false);
        await CallClientAsync(() => server.RequestClientAsync<object?>("patchworks/setSecret", new { name = SecretName(key), value }, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<T?> CallClientAsync<T>(Func<Task<T?>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RemoteMethodNotFoundException)
        {
            return default;
        }
        catch (RemoteInvocationException e) when (e.ErrorCode == (int)JsonRpcErrorCode.MethodNotFound)
        {
            return default;
        }
    }
}
