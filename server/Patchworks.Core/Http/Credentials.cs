namespace Patchworks.Core.Http;

/// <summary>
/// Which parts of a request are credentials, and the request without them, for a request that goes to another
/// origin than the one its credentials were meant for (a next link, a Link header, a redirect), as curl does:
/// the Authorization, Proxy-Authorization and Cookie headers, every header and query parameter the auth method
/// put there or whose value holds a secret, and OAuth 1 parameters.
/// </summary>
public static class Credentials
{
    /// <summary>Headers that are credentials whatever their value.</summary>
    public static readonly IReadOnlyList<string> AlwaysHeaders = ["Authorization", "Proxy-Authorization", "Cookie"];

    /// <summary>
    /// The request with every credential removed and <see cref="OutgoingRequest.Anonymous"/> set (so it is neither
    /// signed nor given cookies); <paramref name="dropped"/> names what was removed ("header Authorization",
    /// "query api_key").
    /// </summary>
    /// <param name="holdsSecret">Whether a value holds a secret of the run (the redactor knows them); null: names only.</param>
    public static OutgoingRequest Without(OutgoingRequest request, Func<string, bool>? holdsSecret, out IReadOnlyList<string> dropped)
    {
        var names = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            if (IsCredentialHeader(request, header.Key, header.Value, holdsSecret))
            {
                names.Add($"header {header.Key}");
            }
            else
            {
                headers.Add(header);
            }
        }
        var url = WithoutCredentialQuery(request, holdsSecret, names);
        dropped = names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return request with { Url = url, Headers = headers, Anonymous = true };
    }

    private static bool IsCredentialHeader(OutgoingRequest request, string name, string value, Func<string, bool>? holdsSecret) =>
        AlwaysHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
        || request.CredentialHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
        || holdsSecret?.Invoke(value) == true;

    private static string WithoutCredentialQuery(OutgoingRequest request, Func<string, bool>? holdsSecret, List<string> names)
    {
        var url = request.Url;
        var start = url.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }
        var end = url.IndexOf('#', start);
        var query = end < 0 ? url[(start + 1)..] : url[(start + 1)..end];
        var kept = new List<string>();
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? "" : pair[(equals + 1)..];
            var name = Decode(rawName);
            var credential = name.StartsWith("oauth_", StringComparison.OrdinalIgnoreCase)
                || request.CredentialQuery.Contains(name, StringComparer.Ordinal)
                || (holdsSecret is not null && rawValue.Length > 0 && (holdsSecret(rawValue) || holdsSecret(Decode(rawValue))));
            if (credential)
            {
                names.Add($"query {name}");
            }
            else
            {
                kept.Add(pair);
            }
        }
        var rest = end < 0 ? "" : url[end..];
        return url[..start] + (kept.Count > 0 ? "?" + string.Join('&', kept) : "") + rest;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
