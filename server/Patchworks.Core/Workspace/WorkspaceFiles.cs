namespace Patchworks.Core.Workspace;

/// <summary>Finds the connector and instance files under the paths a user names.</summary>
public static class WorkspaceFiles
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "node_modules", ".git", "bin", "obj", ".vs", ".vscode-test" };

    /// <summary>Files are taken as given; folders are searched for *.connector.json and *.instance.json.</summary>
    public static IEnumerable<string> Expand(string path)
    {
        if (File.Exists(path))
        {
            yield return Path.GetFullPath(path);
            yield break;
        }
        if (!Directory.Exists(path))
        {
            yield break;
        }
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(path));
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] files, folders;
            try
            {
                files = Directory.GetFiles(folder);
                folders = Directory.GetDirectories(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                if (DocumentKinds.FromFileName(file) != DocumentKind.Unknown)
                {
                    yield return file;
                }
            }
            foreach (var sub in folders.OrderDescending(StringComparer.Ordinal))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }
        }
    }
}
