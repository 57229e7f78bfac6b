using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// The server side of OAuth 1.0a (RFC 5849) for the stand-ins that take signed requests (NetSuite TBA, Magento 2
/// integrations): the Authorization: OAuth header's consumer key and token, its signature method and version, a
/// timestamp close to the server's clock, a signature over the query, form body and oauth_ parameters
/// (<see cref="OAuth1Signature"/>), and a nonce never used before for those credentials. Each API says what it
/// expects (its credentials, realm, methods) and answers a refusal its own way.
/// </summary>
public sealed class OAuth1Verifier(TimeProvider time, TimeSpan timestampTolerance)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedNonces = new(StringComparer.Ordinal);

    /// <summary>What a request must be signed with: the consumer's key and secret, the access token and its secret.</summary>
    public sealed record Credentials(string ConsumerKey, string ConsumerSecret, string Token, string TokenSecret);

    /// <summary>Why the request's signature is refused, or null when it is good (its nonce is then spent).</summary>
    /// <param name="realm">The realm the header must carry (NetSuite's account id); null when any or none will do.</param>
    /// <param name="methods">The signature methods accepted; HMAC-SHA256 and HMAC-SHA1 when null.</param>
    public async Task<string?> RejectionAsync(HttpContext context, Credentials expected, string? realm = null, IReadOnlyCollection<string>? methods = null)
    {
        var request = context.Request;
        if (OAuth1Signature.ParseAuthorizationHeader(request.Headers.Authorization) is not { } oauth)
        {
            return "no OAuth Authorization header";
        }
        string? Field(string name) => oauth.TryGetValue(name, out var value) ? value : null;
        if (Field("oauth_consumer_key") != expected.ConsumerKey || Field("oauth_token") != expected.Token)
        {
            return "unknown consumer key or token";
        }
        if (realm is not null && Field("realm") != realm)
        {
            return $"realm must be {realm}";
        }
        if (Field("oauth_signature_method") is not { } method || !(methods ?? ["HMAC-SHA256", "HMAC-SHA1"]).Contains(method) || Field("oauth_version") is not (null or "1.0"))
        {
            return "unsupported signature method or version";
        }
        if (!long.TryParse(Field("oauth_timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow()).Duration() > timestampTolerance)
        {
            return "timestamp missing or too far from the server's clock";
        }
        if (Field("oauth_nonce") is not { Length: > 0 } nonce || Field("oauth_signature") is not { } signature)
        {
            return "nonce or signature missing";
        }
        var parameters = OAuth1Signature.ParseForm(request.QueryString.Value).Concat(oauth.Select(p => (p.Key, p.Value)));
        if (request.HasFormContentType)
        {
            request.Body.Position = 0; // buffered by the request log
            parameters = parameters.Concat(OAuth1Signature.ParseForm(await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted)));
        }
        var baseUri = OAuth1Signature.BaseUri(request.Scheme, request.Host.Host, request.Host.Port, request.Path.ToUriComponent());
        var baseString = OAuth1Signature.BaseString(request.Method, baseUri, parameters.ToList());
        var expectedSignature = OAuth1Signature.Sign(method, baseString, expected.ConsumerSecret, expected.TokenSecret);
        if (!OAuth1Signature.SignatureMatches(expectedSignature, signature))
        {
            return "signature mismatch; base string: " + baseString;
        }
        // Checked after the signature so that a forged request cannot burn a client's nonce.
        if (!_usedNonces.TryAdd($"{expected.ConsumerKey}|{expected.Token}|{nonce}|{seconds}", time.GetUtcNow()))
        {
            return "nonce already used";
        }
        return null;
    }
}
