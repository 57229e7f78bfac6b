namespace Patchworks.LanguageServer.Documents;

/// <summary>Converts between file URIs (as the client sends them) and absolute paths (as the core uses them).</summary>
public static class DocumentUri
{
    /// <summary>The absolute path of a file: URI; null for any other URI (untitled:, http:), or text that is not a URI or names no valid path.</summary>
    public static string? ToPath(string? uri)
    {
        if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile || parsed.LocalPath.Contains('\0'))
        {
            return null;
        }
        try
        {
            return Path.GetFullPath(parsed.LocalPath);
        }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
        {
            return null;
        }
    }

    public static string FromPath(string path) => new Uri(path).AbsoluteUri;
}
