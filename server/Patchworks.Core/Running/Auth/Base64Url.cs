namespace Patchworks.Core.Running.Auth;

/// <summary>base64url without padding (RFC 4648 section 5), as PKCE and OAuth state values use it.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
