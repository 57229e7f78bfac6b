namespace Patchworks.Core.Running.Auth;

/// <summary>The OAuth 1 signature methods the toolkit signs with (the connector schema's oauth1.signatureMethod).</summary>
public enum OAuth1SignatureMethod
{
    /// <summary>HMAC-SHA1 (RFC 5849 section 3.4.2), the default.</summary>
    HmacSha1,

    /// <summary>HMAC-SHA256: RFC 5849's method with SHA-256; NetSuite token-based authentication requires it.</summary>
    HmacSha256,

    /// <summary>PLAINTEXT (RFC 5849 section 3.4.4): the signature is the key itself, so only over TLS.</summary>
    PlainText,
}
