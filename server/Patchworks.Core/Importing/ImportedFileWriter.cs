using System.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Importing;

/// <summary>What became of one file an import wanted to write.</summary>
public enum ImportedFileStatus
{
    Written,

    /// <summary>Already there with the same text.</summary>
    Unchanged,

    /// <summary>Already there with other text: left as it is (a schema the user edited).</summary>
    Differs,

    /// <summary>Not written: the path leads outside the connector's folder.</summary>
    Outside,

    /// <summary>Not written: the file, or a folder on the way to it, is a symbolic link.</summary>
    Link,

    /// <summary>The write failed (permissions, a full disk): <see cref="ImportedFileOutcome.Reason"/>.</summary>
    Failed,
}

/// <param name="RelativePath">As the connector references it (schemas/order.json).</param>
/// <param name="FullPath">Where it is, or would have been.</param>
public sealed record ImportedFileOutcome(string RelativePath, string FullPath, ImportedFileStatus Status, string? Reason = null);

/// <summary>
/// Writes the files an imported connector references (<see cref="ImportResult.Files"/>: record schemas under
/// <c>schemas/</c>) beside it, for the CLI and the editor alike: only inside the connector's folder, never through
/// a link (the file itself or a folder on the way, such as a linked <c>schemas/</c>), UTF-8 without a BOM; a file
/// already there is never overwritten.
/// </summary>
public static class ImportedFileWriter
{
    public static IReadOnlyList<ImportedFileOutcome> Write(string folder, IEnumerable<(string Path, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(folder);
        var outcomes = new List<ImportedFileOutcome>();
        foreach (var (relative, text) in files)
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (Path.IsPathRooted(relative) || !WorkspaceRoots.IsUnder(full, root) || string.Equals(full, root, StringComparison.Ordinal))
            {
                outcomes.Add(new(relative, full, ImportedFileStatus.Outside, $"{relative} is outside the connector's folder"));
                continue;
            }
            try
            {
                if (LinkOnTheWay(root, full) is { } link)
                {
                    outcomes.Add(new(relative, full, ImportedFileStatus.Link, $"{link} is a link; the import writes only regular files inside the connector's folder"));
                    continue;
                }
                if (File.Exists(full))
                {
                    outcomes.Add(new(relative, full, string.Equals(File.ReadAllText(full), text, StringComparison.Ordinal) ? ImportedFileStatus.Unchanged : ImportedFileStatus.Differs));
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text, new UTF8Encoding(false));
                outcomes.Add(new(relative, full, ImportedFileStatus.Written));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                outcomes.Add(new(relative, full, ImportedFileStatus.Failed, $"{relative} cannot be written: {e.Message}"));
            }
        }
        return outcomes;
    }

    /// <summary>The first step below the root (a folder or the file itself) that is a symbolic link, relative to the root; null when none is.</summary>
    private static string? LinkOnTheWay(string root, string full)
    {
        var current = root;
        foreach (var segment in Path.GetRelativePath(root, full).Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            if (new FileInfo(current).LinkTarget is not null)
            {
                return Path.GetRelativePath(root, current);
            }
        }
        return null;
    }
}
