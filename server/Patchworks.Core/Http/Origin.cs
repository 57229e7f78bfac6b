namespace Patchworks.Core.Http;

/// <summary>
/// A URL's origin (RFC 6454): scheme, host and port, the port made explicit (https://a.test and
/// https://a.test:443 are one origin; http://a.test is another). Credentials belong to one origin.
/// </summary>
public readonly record struct Origin(string Scheme, string Host, int Port)
{
    public static Origin Of(Uri uri) => new(uri.Scheme.ToLowerInvariant(), uri.IdnHost.ToLowerInvariant(), uri.Port);

    /// <summary>The origin of an absolute URL, or null for one that is not.</summary>
    public static Origin? Of(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Of(uri) : null;

    /// <summary>Both absolute URLs have one origin. Anything unparsable counts as another origin.</summary>
    public static bool Same(string a, string b) => Of(a) is { } first && Of(b) is { } second && first == second;

    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]" : Host;
        var defaultPort = (Scheme == "https" && Port == 443) || (Scheme == "http" && Port == 80);
        return defaultPort ? $"{Scheme}://{host}" : $"{Scheme}://{host}:{Port}";
    }
}
