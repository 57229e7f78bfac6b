namespace Patchworks.LanguageServer.Documents;

/// <summary>Converts between file URIs (as the client sends them) and absolute paths (as the core uses them).</summary>
public static class DocumentUri
{
    public static string? ToPath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return null;
        }
        return Path.GetFullPath(parsed.LocalPath);
    }

    public static string FromPath(string path) => new Uri(path).AbsoluteUri;
}
