namespace Patchworks.Core.Running.Auth;

/// <summary>A token and when it stops being usable (null: no known expiry).</summary>
public sealed record ObtainedToken(string Value, DateTimeOffset? ExpiresAt)
{
    public bool IsFresh(DateTimeOffset now, int refreshBeforeSeconds) => ExpiresAt is not { } expires || now < expires.AddSeconds(-refreshBeforeSeconds);
}

/// <summary>
/// Tokens obtained in this process, by auth method and instance, so repeated runs from the editor reuse a token
/// until it expires instead of asking for a new one each time.
/// </summary>
public static class TokenCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ObtainedToken> Tokens = new(StringComparer.Ordinal);

    public static ObtainedToken? Get(string key) => Tokens.GetValueOrDefault(key);

    public static void Set(string key, ObtainedToken token) => Tokens[key] = token;

    public static void Remove(string key) => Tokens.TryRemove(key, out _);

    /// <summary>Forgets every token, as a new process would start.</summary>
    public static void Clear() => Tokens.Clear();

    /// <summary>The cache key: the connector file, the auth method, the instance file, and what was resolved for the request (so changed credentials never reuse an old token).</summary>
    public static string KeyFor(RunContext run, Model.AuthMethod auth, string requestFingerprint) =>
        string.Join('|', run.Connector.FilePath, auth.Id, run.Instance?.FilePath ?? "-",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestFingerprint))));
}
