namespace Patchworks.Cli.Output;

/// <summary>Paths as the user typed them: relative to the current folder, with forward slashes.</summary>
public static class DisplayPath
{
    public static string Of(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.Replace('\\', '/');
    }
}
