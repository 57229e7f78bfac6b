using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Patchworks.LanguageServer.Running;

/// <summary>
/// Secrets for a run started from the editor. secret:NAME lives in VS Code's SecretStorage, which only the
/// extension can read: before the run the server asks it, once, for every secret:NAME the instance names
/// (patchworks/getSecrets { names } → { name: value }). env:NAME, and any name the client does not know, come
/// from the environment as in the CLI. Values stay in memory for the run only. Names under "patchworks." are the
/// toolkit's own (the Patchworks API key and login that publishing uses, OAuth refresh tokens): an instance file
/// naming one is never given it, so a workspace cannot send those credentials to the API its connector names.
/// </summary>
internal sealed class ClientSecrets(IReadOnlyDictionary<string, string> fromClient) : ISecretProvider
{
    /// <summary>The prefix of the secret names the toolkit keeps for itself in SecretStorage.</summary>
    public const string ReservedPrefix = "patchworks.";

    public static bool IsReserved(string name) => name.StartsWith(ReservedPrefix, StringComparison.Ordinal);

    public string? Get(SecretReference reference) =>
        reference.Store == SecretStore.SecretStorage && !IsReserved(reference.Name) && fromClient.TryGetValue(reference.Name, out var value)
            ? value
            : EnvironmentSecretProvider.Instance.Get(reference);

    public static Task<ClientSecrets> FetchAsync(LanguageServer server, Instance? instance, CancellationToken cancellationToken) =>
        FetchAsync(server, [instance], cancellationToken);

    /// <summary>The secrets of several instances at once (a tests file's cases may name different ones): one question to the client.</summary>
    public static async Task<ClientSecrets> FetchAsync(LanguageServer server, IEnumerable<Instance?> instances, CancellationToken cancellationToken)
    {
        var names = instances.SelectMany(instance => instance?.Secrets ?? [])
            .Select(e => e.Value is { } text && SecretReference.TryParse(text, out var reference) ? reference : null)
            .Where(r => r is { Store: SecretStore.SecretStorage })
            .Select(r => r!.Name)
            .Where(name => !IsReserved(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return new ClientSecrets(new Dictionary<string, string>());
        }
        try
        {
            var values = await server.RequestClientAsync<Dictionary<string, string>?>("patchworks/getSecrets", new { names }, cancellationToken).ConfigureAwait(false);
            return new ClientSecrets(values ?? []);
        }
        catch (RemoteMethodNotFoundException)
        {
            // A client without secret storage (another editor): the environment, as the CLI reads it.
            return new ClientSecrets(new Dictionary<string, string>());
        }
        catch (RemoteInvocationException e) when (e.ErrorCode == (int)JsonRpcErrorCode.MethodNotFound)
        {
            return new ClientSecrets(new Dictionary<string, string>());
        }
    }
}
