using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Patchworks.TestApi.Hosting;

/// <summary>What a token was issued for, and until when.</summary>
public sealed record IssuedToken(string Value, string Subject, DateTimeOffset ExpiresAt);

/// <summary>
/// Opaque bearer tokens (OAuth access and refresh tokens, SOAP sessions) that expire. The APIs that issue tokens
/// share it so that "expired" means the same everywhere: a token is refused from its expiry instant on.
/// </summary>
public sealed class TokenIssuer(TimeProvider time, string prefix)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public IssuedToken Issue(string subject, TimeSpan lifetime)
    {
        var token = new IssuedToken(prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), subject, time.GetUtcNow() + lifetime);
        _tokens[token.Value] = token;
        return token;
    }

    /// <summary>The live token with this value, or null when it is unknown, revoked or expired.</summary>
    public IssuedToken? Find(string? value) =>
        value is not null && _tokens.TryGetValue(value, out var token) && time.GetUtcNow() < token.ExpiresAt ? token : null;

    /// <summary>How long ago an issued token expired, or null when it is unknown or still live: for APIs that say "expired" rather than "unknown".</summary>
    public TimeSpan? ExpiredFor(string? value) =>
        value is not null && _tokens.TryGetValue(value, out var token) && time.GetUtcNow() >= token.ExpiresAt ? time.GetUtcNow() - token.ExpiresAt : null;

    public void Revoke(string value) => _tokens.TryRemove(value, out _);

    /// <summary>The bearer token of an Authorization header ("Bearer x", any case), or null.</summary>
    public static string? BearerOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
