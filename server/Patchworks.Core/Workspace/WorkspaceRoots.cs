namespace Patchworks.Core.Workspace;

/// <summary>
/// Where a file's workspace ends: the files a connector or instance names must lie under the root of the file that
/// names them. In the editor the root is the workspace folder holding the file, else (a file opened outside every
/// folder) the nearest ancestor holding .git; on the command line it is the folder given with --root, else the
/// nearest ancestor holding .git, else the current directory. A file under none of these is its own folder's root,
/// so it may name files beside and below it, never above.
/// </summary>
public sealed class WorkspaceRoots
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    private readonly IReadOnlyList<string> _folders;
    private readonly string? _currentDirectory;

    private WorkspaceRoots(IEnumerable<string> folders, string? currentDirectory)
    {
        _folders = [.. folders.Select(Normalise).OfType<string>().OrderByDescending(f => f.Length)];
        _currentDirectory = currentDirectory is null ? null : Normalise(currentDirectory);
    }

    /// <summary>The editor's workspace folders.</summary>
    public static WorkspaceRoots ForFolders(IEnumerable<string> folders) => new(folders, null);

    /// <summary>The command line's: --root (when given), else the repository, else the current directory.</summary>
    public static WorkspaceRoots ForCommandLine(string currentDirectory, string? root = null) =>
        new(root is null ? [] : [root], currentDirectory);

    /// <summary>The command line's, from the process's current directory.</summary>
    public static WorkspaceRoots CommandLineDefault => ForCommandLine(Directory.GetCurrentDirectory());

    /// <summary>The root of the workspace a file belongs to.</summary>
    public string RootOf(string filePath)
    {
        var file = Normalise(filePath) ?? filePath;
        foreach (var folder in _folders)
        {
            if (IsUnder(file, folder))
            {
                return folder;
            }
        }
        var directory = Path.GetDirectoryName(file) ?? file;
        for (var ancestor = directory; ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            var git = Path.Combine(ancestor, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return ancestor;
            }
        }
        return _currentDirectory is not null && IsUnder(file, _currentDirectory) ? _currentDirectory : directory;
    }

    /// <summary>
    /// Whether a folder lies inside one of the editor's workspace folders, by its path and by where its links lead
    /// (the nearest part of it that exists, resolved): where the server may write files a request asks for.
    /// </summary>
    public bool ContainsFolder(string folderPath)
    {
        if (Normalise(folderPath) is not { } folder || !_folders.Any(f => IsUnder(folder, f)))
        {
            return false;
        }
        var existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }
        var real = DiskProbe.RealPath(existing, out var loop);
        return !loop && real is not null && _folders.Any(f => DiskProbe.RealPath(f, out _) is { } realFolder && IsUnder(real, realFolder));
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it (both absolute and normalised).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var trimmed = folder.Length > 1 ? folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : folder;
        if (trimmed.Length == 0)
        {
            trimmed = folder;
        }
        return path.Equals(trimmed, PathComparison)
            || (path.StartsWith(trimmed, PathComparison)
                && (trimmed.EndsWith(Path.DirectorySeparatorChar) || path[trimmed.Length] == Path.DirectorySeparatorChar || path[trimmed.Length] == Path.AltDirectorySeparatorChar));
    }

    private static string? Normalise(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            return full.Length > 1 && Path.GetPathRoot(full) != full ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
