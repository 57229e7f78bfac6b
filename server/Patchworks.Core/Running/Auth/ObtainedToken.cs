namespace Patchworks.Core.Running.Auth;

/// <summary>
/// A token and when it stops being usable (null: no known expiry). The lifetime counts from when the token was
/// asked for (<see cref="Expiring"/>), not when the answer arrived: the provider's clock started in between.
/// </summary>
public sealed record ObtainedToken(string Value, DateTimeOffset? ExpiresAt)
{
    /// <summary>How long the token was given for, when known.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>A token that lives <paramref name="lifetimeSeconds"/> (if known) from <paramref name="requestedAt"/>.</summary>
    public static ObtainedToken Expiring(string value, double? lifetimeSeconds, DateTimeOffset requestedAt) => lifetimeSeconds is { } seconds && seconds > 0
        // An expires_in of 1e300 or "Infinity" would overflow the date: ten years is as good as never.
        ? new ObtainedToken(value, requestedAt.AddSeconds(Math.Min(seconds, MaxLifetimeSeconds))) { Lifetime = TimeSpan.FromSeconds(Math.Min(seconds, MaxLifetimeSeconds)) }
        : new ObtainedToken(value, null);

    /// <summary>Ten years: a longer lifetime from a response is taken as this one.</summary>
    private const double MaxLifetimeSeconds = 315_360_000;

    /// <summary>
    /// How long before expiry the token is renewed: the configured <c>refreshBeforeSeconds</c>, but never more than
    /// a tenth of the token's lifetime, so a short-lived token still serves the pages of most of its life instead
    /// of being fetched again before every page.
    /// </summary>
    public TimeSpan Margin(int refreshBeforeSeconds)
    {
        var configured = TimeSpan.FromSeconds(Math.Max(0, refreshBeforeSeconds));
        return Lifetime is { } lifetime && lifetime / 10 < configured ? lifetime / 10 : configured;
    }

    public bool IsFresh(DateTimeOffset now, int refreshBeforeSeconds) => ExpiresAt is not { } expires || now < expires - Margin(refreshBeforeSeconds);
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
