namespace Patchworks.Core.Running.Auth;

/// <summary>
/// The client (consumer) credentials and, optionally, the token credentials of RFC 5849 section 1.1.
/// A class rather than a record so that <see cref="ToString"/> cannot print the secrets.
/// </summary>
public sealed class OAuth1Credentials
{
    /// <param name="consumerKey">The client identifier (oauth_consumer_key).</param>
    /// <param name="consumerSecret">The client shared secret; only ever part of the signing key.</param>
    /// <param name="token">The token identifier (oauth_token); null or empty when the request has no token.</param>
    /// <param name="tokenSecret">The token shared secret; null or empty counts as an empty secret.</param>
    public OAuth1Credentials(string consumerKey, string consumerSecret, string? token = null, string? tokenSecret = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerKey);
        ArgumentNullException.ThrowIfNull(consumerSecret);
        ConsumerKey = consumerKey;
        ConsumerSecret = consumerSecret;
        Token = string.IsNullOrEmpty(token) ? null : token;
        TokenSecret = tokenSecret ?? "";
    }

    /// <summary>The client identifier, sent as oauth_consumer_key.</summary>
    public string ConsumerKey { get; }

    /// <summary>The client shared secret. Never sent except as part of a PLAINTEXT signature.</summary>
    public string ConsumerSecret { get; }

    /// <summary>The token identifier sent as oauth_token, or null.</summary>
    public string? Token { get; }

    /// <summary>The token shared secret ("" when there is none).</summary>
    public string TokenSecret { get; }

    /// <summary>The key and token only: the secrets never appear in logs or messages.</summary>
    public override string ToString() => $"OAuth 1 credentials (consumer key {ConsumerKey}{(Token is null ? "" : ", with a token")})";
}
