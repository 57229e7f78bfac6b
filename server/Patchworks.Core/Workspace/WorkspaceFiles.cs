namespace Patchworks.Core.Workspace;

/// <summary>A file named like a connector or instance that a scan did not take, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What a scan of the paths a user names found.</summary>
public sealed record WorkspaceScan(IReadOnlyList<string> Files, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>
    /// Connectors' tests files (*.tests.json) met on the way, kept apart from <see cref="Files"/> (they are neither
    /// connectors nor instances): the language server links their endpoint keys to their connector without a second walk.
    /// </summary>
    public IReadOnlyList<string> TestsFiles { get; init; } = [];
}

/// <summary>
/// Finds the connector and instance files under the paths a user names. Only regular files are taken (a FIFO named
/// x.connector.json would block its reader forever); a linked folder is entered once, and only when it leads to a
/// place under the scanned folder, so link cycles and links out of the tree are never walked.
/// </summary>
public static class WorkspaceFiles
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "node_modules", ".git", "bin", "obj", ".vs", ".vscode-test" };

    /// <summary>Files are taken as given; folders are searched for *.connector.json and *.instance.json.</summary>
    public static IEnumerable<string> Expand(string path) => Scan(path).Files;

    /// <summary>As <see cref="Expand"/>, with what was skipped. <paramref name="maxFileBytes"/> skips larger files too.</summary>
    public static WorkspaceScan Scan(string path, long maxFileBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        var skipped = new List<SkippedFile>();
        var testsFiles = new List<string>();
        if (File.Exists(path))
        {
            files.Add(Path.GetFullPath(path));
            return new WorkspaceScan(files, skipped);
        }
        if (!Directory.Exists(path))
        {
            return new WorkspaceScan(files, skipped);
        }
        var top = Path.GetFullPath(path);
        var realTop = DiskProbe.RealPath(top, out _) ?? top;
        var visited = new HashSet<string>(StringComparer.Ordinal) { realTop };
        // Each folder travels with its real path, so a plain subfolder's is its parent's plus its name: only links are resolved.
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((top, realTop));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, realFolder) = pending.Pop();
            string[] entries, folders;
            try
            {
                entries = Directory.GetFiles(folder);
                folders = Directory.GetDirectories(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var file in entries.Order(StringComparer.Ordinal))
            {
                if (DocumentKinds.FromFileName(file) == DocumentKind.Unknown)
                {
                    if (Testing.TestsFiles.IsTestsFile(file) && DiskProbe.Probe(file) is { Kind: FileKind.Regular } tests && tests.Length <= maxFileBytes
                        && tests.RealPath is { } realTests && (WorkspaceRoots.IsUnder(realTests, realTop) || WorkspaceRoots.IsUnder(realTests, top)))
                    {
                        testsFiles.Add(file);
                    }
                    continue;
                }
                var probe = DiskProbe.Probe(file);
                if (probe.Kind != FileKind.Regular)
                {
                    skipped.Add(new SkippedFile(file, probe.Kind == FileKind.Missing ? "a link to nothing" : probe.KindName));
                }
                else if (probe.RealPath is { } real && !WorkspaceRoots.IsUnder(real, realTop) && !WorkspaceRoots.IsUnder(real, top))
                {
                    skipped.Add(new SkippedFile(file, $"a link to {real}, outside {top}"));
                }
                else if (probe.Length > maxFileBytes)
                {
                    skipped.Add(new SkippedFile(file, $"{probe.Length:N0} bytes, more than the {maxFileBytes:N0} read in a scan"));
                }
                else
                {
                    files.Add(file);
                }
            }
            foreach (var sub in folders.OrderDescending(StringComparer.Ordinal))
            {
                if (SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    continue;
                }
                var real = IsLink(sub) ? DiskProbe.RealPath(sub, out _) : Path.Combine(realFolder, Path.GetFileName(sub));
                if (real is null || !(WorkspaceRoots.IsUnder(real, realTop) || WorkspaceRoots.IsUnder(real, top)) || !visited.Add(real))
                {
                    continue;
                }
                pending.Push((sub, real));
            }
        }
        return new WorkspaceScan(files, skipped) { TestsFiles = testsFiles };
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new DirectoryInfo(path).LinkTarget is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
