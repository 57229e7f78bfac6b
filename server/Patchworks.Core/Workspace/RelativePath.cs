namespace Patchworks.Core.Workspace;

/// <summary>Resolves the relative paths files use to name each other.</summary>
public static class RelativePath
{
    /// <summary>
    /// The absolute path of <paramref name="relative"/> seen from <paramref name="directory"/>. Path.GetFullPath
    /// throws on hostile strings (NUL characters); such a path simply names no file.
    /// </summary>
    public static string Resolve(string directory, string relative)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(directory, relative));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Path.Combine(directory, "<invalid path>");
        }
    }
}
