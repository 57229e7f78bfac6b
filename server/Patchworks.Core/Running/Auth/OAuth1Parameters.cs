using System.Globalization;
using System.Text;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// The pieces of the RFC 5849 signature base string (section 3.4.1): the base string URI, the request parameters
/// (query, form body, protocol parameters) and their normalisation. Pure functions, so each step can be tested
/// against the RFC's own examples.
/// </summary>
public static class OAuth1Parameters
{
    /// <summary>
    /// The base string URI (section 3.4.1.2): scheme and host lower case, the port only when it is not the scheme's
    /// default (80 for http, 443 for https), the path as it goes on the wire, no query and no fragment.
    /// </summary>
    public static string BaseStringUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = uri.Scheme.ToLowerInvariant();
        var defaultPort = (scheme == "http" && uri.Port == 80) || (scheme == "https" && uri.Port == 443);
        var port = defaultPort || uri.Port < 0 ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        // Uri keeps IPv6 literals in brackets in Host, which is the form the base string needs.
        return $"{scheme}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
    }

    /// <summary>
    /// Name/value pairs of a query string or an application/x-www-form-urlencoded body, decoded ("+" is a space),
    /// in their original order with duplicates kept (section 3.4.1.3.1). A leading "?" is skipped; a pair without "="
    /// has an empty value, as "c2" in the RFC's example.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseForm(string? text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(text))
        {
            return pairs;
        }
        var start = text[0] == '?' ? 1 : 0;
        foreach (var part in text[start..].Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(PercentEncoding.Decode(name, plusIsSpace: true), PercentEncoding.Decode(value, plusIsSpace: true)));
        }
        return pairs;
    }

    /// <summary>
    /// True when a body's content type is application/x-www-form-urlencoded (parameters such as charset allowed):
    /// only then do the body's parameters take part in the signature (section 3.4.1.3.1).
    /// </summary>
    public static bool IsFormContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The normalised parameter string (section 3.4.1.3.2): each name and value percent-encoded, sorted by encoded
    /// name and then encoded value (byte order), joined as name=value with "&amp;". Duplicates are kept. Any
    /// oauth_signature among the parameters is left out, as the signature cannot sign itself.
    /// </summary>
    /// <param name="parameters">Decoded names and values.</param>
    public static string Normalize(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = parameters
            .Where(p => p.Key != "oauth_signature")
            .Select(p => (Name: PercentEncoding.Encode(p.Key), Value: PercentEncoding.Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var (name, value) in encoded)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(name).Append('=').Append(value);
        }
        return builder.ToString();
    }

    /// <summary>The signature base string (section 3.4.1.1): METHOD&amp;encoded base string URI&amp;encoded normalised parameters.</summary>
    /// <param name="method">The HTTP method; upper-cased here.</param>
    /// <param name="uri">The request URI (its query is not read here: pass its parameters in <paramref name="parameters"/>).</param>
    /// <param name="parameters">Every decoded parameter to sign: query, form body and protocol parameters.</param>
    public static string SignatureBaseString(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return string.Join('&',
            PercentEncoding.Encode(method.ToUpperInvariant()),
            PercentEncoding.Encode(BaseStringUri(uri)),
            PercentEncoding.Encode(Normalize(parameters)));
    }
}
