namespace Patchworks.Core.Running.Auth;

/// <summary>
/// The result of signing one request. A class rather than a record so that <see cref="ToString"/> cannot print the
/// signature: with PLAINTEXT it is the secrets themselves.
/// </summary>
public sealed class OAuth1SignedRequest
{
    internal OAuth1SignedRequest(string url, string? authorizationHeader, string signatureBaseString, string signature,
        IReadOnlyList<KeyValuePair<string, string>> protocolParameters)
    {
        Url = url;
        AuthorizationHeader = authorizationHeader;
        SignatureBaseString = signatureBaseString;
        Signature = signature;
        ProtocolParameters = protocolParameters;
    }

    /// <summary>The URL to send: unchanged with header placement, with the oauth_* parameters appended with query placement.</summary>
    public string Url { get; }

    /// <summary>The value of the Authorization header (<c>OAuth realm="...", oauth_consumer_key="...", ...</c>); null with query placement.</summary>
    public string? AuthorizationHeader { get; }

    /// <summary>What was signed (no secrets in it): shown when a provider refuses the signature, to compare with theirs.</summary>
    public string SignatureBaseString { get; }

    /// <summary>The oauth_signature value before percent-encoding. The runner should redact it: with PLAINTEXT it is the secrets.</summary>
    public string Signature { get; }

    /// <summary>The protocol parameters in the order they were sent, oauth_signature last (decoded values; realm not included).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ProtocolParameters { get; }

    /// <inheritdoc/>
    public override string ToString() => AuthorizationHeader is null ? "OAuth 1 signed request (parameters in the query)" : "OAuth 1 signed request (Authorization header)";
}
