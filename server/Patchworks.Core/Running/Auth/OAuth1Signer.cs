using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Patchworks.Core.Http;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// Signs requests with OAuth 1.0a (RFC 5849): HMAC-SHA1, HMAC-SHA256 or PLAINTEXT, the protocol parameters in the
/// Authorization header or the query. Each call gets a fresh nonce and timestamp, so one signer serves a whole run.
/// </summary>
public sealed class OAuth1Signer
{
    private const string NonceCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly OAuth1Credentials _credentials;
    private readonly OAuth1Options _options;
    private readonly TimeProvider _time;
    private readonly Func<string> _nonce;

    /// <param name="credentials">Consumer key and secret, and the token and its secret when there is one.</param>
    /// <param name="options">Signature method, placement, realm; the defaults when null.</param>
    /// <param name="time">Gives oauth_timestamp (Unix seconds); the system clock when null. Tests pass a fixed time.</param>
    /// <param name="nonce">Gives oauth_nonce; <see cref="CreateNonce"/> when null. Tests pass a fixed value.</param>
    public OAuth1Signer(OAuth1Credentials credentials, OAuth1Options? options = null, TimeProvider? time = null, Func<string>? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        _options = options ?? new OAuth1Options();
        _time = time ?? TimeProvider.System;
        _nonce = nonce ?? CreateNonce;
    }

    /// <summary>A random nonce: 32 letters and digits (190 bits), which every provider accepts (NetSuite wants alphanumerics).</summary>
    public static string CreateNonce() => RandomNumberGenerator.GetString(NonceCharacters, 32);

    /// <summary>Signs one request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">The absolute request URL, query included.</param>
    /// <param name="body">The body; its parameters are signed only when <paramref name="contentType"/> is application/x-www-form-urlencoded.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute http or https URL.</exception>
    public OAuth1SignedRequest Sign(string method, string url, string? body = null, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(url);
        // The URL is not quoted in the message: its query may hold an API key.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("OAuth 1 can only sign an absolute http or https URL.", nameof(url));
        }

        var protocol = new List<KeyValuePair<string, string>> { new("oauth_consumer_key", _credentials.ConsumerKey) };
        if (_credentials.Token is { } token)
        {
            protocol.Add(new("oauth_token", token));
        }
        protocol.Add(new("oauth_signature_method", OAuth1Options.WireName(_options.SignatureMethod)));
        protocol.Add(new("oauth_timestamp", _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        protocol.Add(new("oauth_nonce", _nonce()));
        if (_options.IncludeVersion)
        {
            protocol.Add(new("oauth_version", "1.0"));
        }

        var signed = new List<KeyValuePair<string, string>>(OAuth1Parameters.ParseForm(uri.Query));
        if (OAuth1Parameters.IsFormContentType(contentType))
        {
            signed.AddRange(OAuth1Parameters.ParseForm(body));
        }
        signed.AddRange(protocol);
        var baseString = OAuth1Parameters.SignatureBaseString(method, uri, signed);
        var signature = Signature(baseString);
        protocol.Add(new("oauth_signature", signature));

        return _options.Placement == OAuth1Placement.Query
            ? new OAuth1SignedRequest(AppendToQuery(url, protocol), null, baseString, signature, protocol)
            : new OAuth1SignedRequest(url, Header(_options.Realm, protocol), baseString, signature, protocol);
    }

    /// <summary>
    /// Signs a runner request: the Authorization header is set (replacing any other), or the URL gets the parameters.
    /// This is what an OAuth 1 <see cref="IAuthSession.Sign"/> does; call it last, after every other change to the request.
    /// </summary>
    public OutgoingRequest Sign(OutgoingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = Sign(request.Method, request.Url, request.Body, request.ContentType ?? request.Header("Content-Type"));
        return signed.AuthorizationHeader is { } header
            ? request.WithHeader("Authorization", header)
            : request with { Url = signed.Url };
    }

    /// <summary>The signature of a base string with this signer's method and secrets (RFC 5849 sections 3.4.2 to 3.4.4).</summary>
    private string Signature(string baseString)
    {
        // The key is both secrets encoded and joined by "&", the token secret empty when there is none (section 3.4.2).
        var key = PercentEncoding.Encode(_credentials.ConsumerSecret) + "&" + PercentEncoding.Encode(_credentials.TokenSecret);
        return _options.SignatureMethod switch
        {
            OAuth1SignatureMethod.HmacSha1 => Convert.ToBase64String(HmacSha1(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(baseString))),
            OAuth1SignatureMethod.HmacSha256 => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(baseString))),
            OAuth1SignatureMethod.PlainText => key,
            _ => throw new InvalidOperationException($"Unknown signature method {_options.SignatureMethod}."),
        };
    }

    // SHA-1 is weak for collisions, not as an HMAC; RFC 5849 and the providers that still use it leave no choice.
#pragma warning disable CA5350
    private static byte[] HmacSha1(byte[] key, byte[] data) => HMACSHA1.HashData(key, data);
#pragma warning restore CA5350

    /// <summary>
    /// The header of section 3.5.1: realm first (a quoted string, not percent-encoded, as RFC 2617 defines it), then
    /// each protocol parameter as name="value" with the value percent-encoded, separated by a comma and a space.
    /// </summary>
    private static string Header(string? realm, IEnumerable<KeyValuePair<string, string>> protocol)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(realm))
        {
            parts.Add($"realm=\"{realm.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
        parts.AddRange(protocol.Select(p => $"{PercentEncoding.Encode(p.Key)}=\"{PercentEncoding.Encode(p.Value)}\""));
        return "OAuth " + string.Join(", ", parts);
    }

    /// <summary>Appends the protocol parameters to the query (section 3.5.3), before any fragment.</summary>
    private static string AppendToQuery(string url, IEnumerable<KeyValuePair<string, string>> protocol)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (beforeFragment, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var separator = !beforeFragment.Contains('?', StringComparison.Ordinal) ? "?" : beforeFragment.EndsWith('?') || beforeFragment.EndsWith('&') ? "" : "&";
        var query = string.Join('&', protocol.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
        return beforeFragment + separator + query + fragment;
    }
}
