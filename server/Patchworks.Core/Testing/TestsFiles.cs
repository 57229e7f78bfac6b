namespace Patchworks.Core.Testing;

/// <summary>Finds tests files: a file is taken as given; a folder is searched (below too) for *.tests.json.</summary>
public static class TestsFiles
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "node_modules", ".git", "bin", "obj", ".vs", ".vscode-test", "recordings" };

    public static bool IsTestsFile(string path) => Path.GetFileName(path).EndsWith(TestsFile.Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The tests files under a path, in a stable order; links to folders are not followed (no cycles, nothing outside).</summary>
    public static List<string> Find(string path)
    {
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }
        var found = new List<string>();
        if (!Directory.Exists(path))
        {
            return found;
        }
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(path));
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            try
            {
                found.AddRange(Directory.GetFiles(folder, "*" + TestsFile.Suffix).Where(f => IsTestsFile(f) && new FileInfo(f).LinkTarget is null).Order(StringComparer.Ordinal));
                foreach (var sub in Directory.GetDirectories(folder).OrderDescending(StringComparer.Ordinal))
                {
                    if (!SkippedFolders.Contains(Path.GetFileName(sub)) && new DirectoryInfo(sub).LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder holds no tests we can run; the rest of the tree still counts.
            }
        }
        return found;
    }
}
