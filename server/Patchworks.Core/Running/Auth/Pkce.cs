using System.Security.Cryptography;
using System.Text;

namespace Patchworks.Core.Running.Auth;

/// <summary>Proof Key for Code Exchange (RFC 7636) with the S256 method, the only one worth sending.</summary>
public static class Pkce
{
    /// <summary>The code_challenge_method value for <see cref="Challenge"/>.</summary>
    public const string Method = "S256";

    /// <summary>The shortest verifier RFC 7636 section 4.1 allows.</summary>
    public const int MinimumLength = 43;

    /// <summary>The longest verifier RFC 7636 section 4.1 allows.</summary>
    public const int MaximumLength = 128;

    // The unreserved set of section 4.1; each character drawn uniformly, so 64 of them carry about 387 bits.
    private const string VerifierCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// <summary>A new verifier and its challenge.</summary>
    public static PkcePair Create(int length = 64)
    {
        var verifier = CreateVerifier(length);
        return new PkcePair(verifier, Challenge(verifier));
    }

    /// <summary>A cryptographically random code verifier of <paramref name="length"/> unreserved characters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is outside 43 to 128.</exception>
    public static string CreateVerifier(int length = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaximumLength);
        return RandomNumberGenerator.GetString(VerifierCharacters, length);
    }

    /// <summary>The S256 challenge: BASE64URL(SHA256(ASCII(verifier))) without padding (section 4.2).</summary>
    /// <exception cref="ArgumentException">The verifier is not 43 to 128 unreserved characters. The message does not repeat it.</exception>
    public static string Challenge(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (verifier.Length is < MinimumLength or > MaximumLength || verifier.Any(c => !VerifierCharacters.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A PKCE code verifier is {MinimumLength} to {MaximumLength} characters from A-Z, a-z, 0-9 and \"-._~\".", nameof(verifier));
        }
        return Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }
}
