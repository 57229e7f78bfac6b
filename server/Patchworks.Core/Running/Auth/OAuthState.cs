using System.Security.Cryptography;

namespace Patchworks.Core.Running.Auth;

/// <summary>The OAuth 2 <c>state</c> value that ties a redirect to the sign-in that asked for it (RFC 6749 section 10.12).</summary>
public static class OAuthState
{
    /// <summary>A new unguessable state: 32 random bytes, base64url (43 characters, all safe in a URL).</summary>
    public static string Create() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Compares a returned state with the expected one in constant time, so timing tells an attacker nothing.</summary>
    public static bool Matches(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));
}
