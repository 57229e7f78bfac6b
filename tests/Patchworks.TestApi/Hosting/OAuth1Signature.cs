using System.Security.Cryptography;
using System.Text;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// OAuth 1.0a signatures (RFC 5849 section 3.4), written from the RFC for the server side and deliberately
/// independent of the client code in server/: a shared mistake would otherwise pass its own test.
/// HMAC-SHA1 and HMAC-SHA256 (the latter as NetSuite uses it: the same construction with SHA-256).
/// </summary>
public static class OAuth1Signature
{
    /// <summary>RFC 5849 3.6: UTF-8, then every byte except ALPHA, DIGIT, '-', '.', '_', '~' as %XX with upper-case hex.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Name/value pairs of a query string or form body as RFC 5849 3.4.1.3.1 reads them: split on '&amp;' and the
    /// first '=', '+' is a space, then percent-decoding. A name without '=' has an empty value.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> ParseForm(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        foreach (var pair in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return (Decode(name), Decode(value));
        }
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    /// <summary>
    /// The parameters of an Authorization: OAuth header (RFC 5849 3.5.1), realm included, values decoded.
    /// Null when the header is not an OAuth one.
    /// </summary>
    public static Dictionary<string, string>? ParseAuthorizationHeader(string? header)
    {
        if (header is null || !header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header["OAuth ".Length..].Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }
            var value = part[(equals + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            {
                return null;
            }
            result[part[..equals].Trim()] = Uri.UnescapeDataString(value[1..^1]);
        }
        return result;
    }

    /// <summary>RFC 5849 3.4.1.2: lower-case scheme and host, the port only when it is not the scheme's default, the path.</summary>
    public static string BaseUri(string scheme, string host, int? port, string path)
    {
        scheme = scheme.ToLowerInvariant();
        var defaultPort = scheme == "https" ? 443 : 80;
        var authority = port is null || port == defaultPort ? host.ToLowerInvariant() : $"{host.ToLowerInvariant()}:{port}";
        return $"{scheme}://{authority}{(path.Length == 0 ? "/" : path)}";
    }

    /// <summary>
    /// RFC 5849 3.4.1: METHOD &amp; encoded base URI &amp; encoded normalised parameters, where the parameters (query,
    /// form body and the oauth_ ones, without realm and oauth_signature) are each encoded, sorted by name then
    /// value, and joined as name=value with '&amp;'.
    /// </summary>
    public static string BaseString(string method, string baseUri, IEnumerable<(string Name, string Value)> parameters)
    {
        var normalised = parameters
            .Where(p => p.Name is not ("realm" or "oauth_signature"))
            .Select(p => (Name: Encode(p.Name), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}");
        return $"{method.ToUpperInvariant()}&{Encode(baseUri)}&{Encode(string.Join('&', normalised))}";
    }

    /// <summary>RFC 5849 3.4.2: Base64 of HMAC(key = encoded consumer secret &amp; encoded token secret, base string).</summary>
    public static string Sign(string signatureMethod, string baseString, string consumerSecret, string tokenSecret)
    {
        var key = Encoding.ASCII.GetBytes($"{Encode(consumerSecret)}&{Encode(tokenSecret)}");
        var data = Encoding.ASCII.GetBytes(baseString);
        return signatureMethod switch
        {
            "HMAC-SHA256" => Convert.ToBase64String(HMACSHA256.HashData(key, data)),
#pragma warning disable CA5350 // HMAC-SHA1 is what RFC 5849 defines; older NetSuite integrations still sign with it.
            "HMAC-SHA1" => Convert.ToBase64String(HMACSHA1.HashData(key, data)),
#pragma warning restore CA5350
            _ => throw new ArgumentException($"Unsupported signature method {signatureMethod}", nameof(signatureMethod)),
        };
    }

    /// <summary>Compares a received signature with the expected one in constant time.</summary>
    public static bool SignatureMatches(string expected, string received) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(received));
}
