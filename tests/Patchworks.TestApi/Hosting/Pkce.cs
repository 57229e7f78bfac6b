using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Patchworks.TestApi.Hosting;

/// <summary>PKCE (RFC 7636) S256: the challenge is the unpadded Base64url SHA-256 of the verifier's ASCII.</summary>
public static class Pkce
{
    public static string? ChallengeOf(string? verifier) =>
        verifier is null ? null : WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
