namespace Patchworks.Core.Running.Auth;

/// <summary>How requests are signed: the connector's oauth1 settings other than the credentials.</summary>
public sealed record OAuth1Options
{
    /// <summary>The signature method; HMAC-SHA1 unless the connector says otherwise.</summary>
    public OAuth1SignatureMethod SignatureMethod { get; init; } = OAuth1SignatureMethod.HmacSha1;

    /// <summary>Where the protocol parameters go.</summary>
    public OAuth1Placement Placement { get; init; } = OAuth1Placement.Header;

    /// <summary>The header's realm (NetSuite: the account id). Never signed (RFC 5849 section 3.4.1.3.1), and only sent in the header.</summary>
    public string? Realm { get; init; }

    /// <summary>
    /// Whether to send oauth_version="1.0". RFC 5849 makes it optional; most providers accept it and a few
    /// (older Twitter-style APIs) expect it, so it is on unless turned off.
    /// </summary>
    public bool IncludeVersion { get; init; } = true;

    /// <summary>The options from the connector's oauth1 block as resolved text (signatureMethod, placement, realm).</summary>
    /// <exception cref="ArgumentException">A signature method or placement outside the schema's values.</exception>
    public static OAuth1Options FromSchema(string? signatureMethod, string? placement, string? realm) => new()
    {
        SignatureMethod = ParseSignatureMethod(signatureMethod),
        Placement = ParsePlacement(placement),
        Realm = string.IsNullOrEmpty(realm) ? null : realm,
    };

    /// <summary>The schema's signatureMethod value ("HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"); null or empty gives the default.</summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static OAuth1SignatureMethod ParseSignatureMethod(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "HMAC-SHA1" => OAuth1SignatureMethod.HmacSha1,
        "HMAC-SHA256" => OAuth1SignatureMethod.HmacSha256,
        "PLAINTEXT" => OAuth1SignatureMethod.PlainText,
        _ => throw new ArgumentException($"Unknown OAuth 1 signature method \"{value}\": use HMAC-SHA1, HMAC-SHA256 or PLAINTEXT.", nameof(value)),
    };

    /// <summary>The schema's placement value ("header", "query"); null or empty gives the default.</summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static OAuth1Placement ParsePlacement(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "HEADER" => OAuth1Placement.Header,
        "QUERY" => OAuth1Placement.Query,
        _ => throw new ArgumentException($"Unknown OAuth 1 placement \"{value}\": use header or query.", nameof(value)),
    };

    /// <summary>The name a signature method has on the wire (oauth_signature_method).</summary>
    public static string WireName(OAuth1SignatureMethod method) => method switch
    {
        OAuth1SignatureMethod.HmacSha1 => "HMAC-SHA1",
        OAuth1SignatureMethod.HmacSha256 => "HMAC-SHA256",
        OAuth1SignatureMethod.PlainText => "PLAINTEXT",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
