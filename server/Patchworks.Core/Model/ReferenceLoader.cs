using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Model;

/// <summary>
/// Reads the files a connector references (schemas, sample bodies, scripts, SOAP envelopes) and checks the icon's
/// path, each through <see cref="WorkspaceBoundary"/>: nothing outside the workspace, nothing but regular files.
/// </summary>
public static class ReferenceLoader
{
    /// <summary>Referenced text files larger than this are not read: no schema or script is that big.</summary>
    public const long MaxReferencedFileBytes = 10 * 1024 * 1024;

    public static void Load(Connector connector, IFileSystem files, WorkspaceRoots? roots = null)
    {
        var boundary = WorkspaceBoundary.For(files, roots ?? WorkspaceRoots.CommandLineDefault, connector.FilePath);
        // Endpoints often share a file (one record schema for several endpoints): read and parse each once.
        var loaded = new Dictionary<string, FileReference>(StringComparer.Ordinal);
        foreach (var reference in connector.FileReferences())
        {
            if (loaded.TryGetValue(reference.FullPath, out var first))
            {
                reference.CopyContentFrom(first);
            }
            else
            {
                Load(reference, files, boundary);
                loaded[reference.FullPath] = reference;
            }
        }
        if (connector.Icon is { RelativePath.Length: > 0 } icon)
        {
            // The icon is binary and read by its rule and by publishing; here only its path is checked.
            icon.Refusal = boundary.Check(icon.RelativePath, icon.FullPath, long.MaxValue, out var probe);
            icon.Exists = probe.Kind != FileKind.Missing || icon.Refusal is not null;
            icon.LoadError = icon.Refusal?.Reason;
        }
    }

    private static void Load(FileReference reference, IFileSystem files, WorkspaceBoundary boundary)
    {
        // A reference can be loaded again (an endpoint's model is kept while the endpoint is unchanged): nothing of
        // the last reading may outlive it, a file since deleted must not keep its old text.
        reference.CopyContentFrom(FileReference.Unread);
        try
        {
            reference.Refusal = boundary.Check(reference.RelativePath, reference.FullPath, MaxReferencedFileBytes, out var probe);
            if (reference.Refusal is { } refusal)
            {
                reference.Exists = true;
                reference.LoadError = refusal.Reason;
                return;
            }
            reference.Exists = probe.Kind != FileKind.Missing;
            if (!reference.Exists)
            {
                return;
            }
            reference.Text = files.ReadAllText(reference.FullPath);
            if (reference.FullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                reference.Tree = JsonParser.Parse(reference.Text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            reference.LoadError = e.Message;
        }
    }
}
