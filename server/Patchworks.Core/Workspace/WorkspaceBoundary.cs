using Patchworks.Core.Diagnostics;

namespace Patchworks.Core.Workspace;

/// <summary>Why a file a connector or instance names is not read, as a diagnostic and as a sentence for runs and publishing.</summary>
public sealed record ReferenceRefusal(DiagnosticDescriptor Descriptor, object?[] Args)
{
    public string Reason => Descriptor.Format(Args);
}

/// <summary>
/// The one gate every file named by a connector or instance passes before it is opened: after following links it
/// must be a regular file under the workspace root of the file naming it, and not too large. A cloned repository is
/// untrusted input: without this, "$ref": "../../.ssh/id_rsa" would be read and sent as a request body, and a
/// reference to a FIFO or /dev/zero would hang or exhaust the process.
/// </summary>
public sealed class WorkspaceBoundary
{
    private readonly IFileSystem _files;
    private readonly string _root;
    private string? _realRoot;

    private WorkspaceBoundary(IFileSystem files, string root)
    {
        _files = files;
        _root = root;
    }

    /// <summary>
    /// The boundary for the files one connector or instance names: its root is found once (the .git search, the
    /// root's real path), not again for each reference, since a connector is loaded again on every edit.
    /// </summary>
    /// <param name="referrer">The absolute path of the connector or instance naming the files.</param>
    public static WorkspaceBoundary For(IFileSystem files, WorkspaceRoots roots, string referrer) => new(files, roots.RootOf(referrer));

    /// <param name="written">The path as written in the file, for messages.</param>
    /// <param name="fullPath">The absolute path it resolves to, lexically.</param>
    /// <param name="probe">What is at the path (Missing when the check stopped before looking at the disk).</param>
    /// <returns>Null when the file may be read (or does not exist: that is the missing-file rule's to report).</returns>
    public ReferenceRefusal? Check(string written, string fullPath, long maxBytes, out FileProbe probe)
    {
        probe = FileProbe.Missing;
        // Outside the root as written: refused without touching the disk, not even to see whether it exists.
        if (!WorkspaceRoots.IsUnder(fullPath, _root))
        {
            return new ReferenceRefusal(DiagnosticCatalog.ReferenceOutsideWorkspace, [written, $"resolves to {fullPath}", _root]);
        }
        probe = _files.Probe(fullPath);
        if (probe.Kind == FileKind.Missing)
        {
            return null;
        }
        if (probe.Kind == FileKind.LinkLoop)
        {
            return new ReferenceRefusal(DiagnosticCatalog.ReferenceNotRegularFile, [written, probe.KindName]);
        }
        // Inside as written, but a link (of the file or of a folder on the way) may lead out.
        _realRoot ??= _files.Probe(_root).RealPath ?? _root;
        if (probe.RealPath is { } real && !WorkspaceRoots.IsUnder(real, _realRoot) && !WorkspaceRoots.IsUnder(real, _root))
        {
            return new ReferenceRefusal(DiagnosticCatalog.ReferenceOutsideWorkspace, [written, $"is a link to {real}", _root]);
        }
        if (probe.Kind != FileKind.Regular)
        {
            return new ReferenceRefusal(DiagnosticCatalog.ReferenceNotRegularFile, [written, probe.KindName]);
        }
        if (probe.Length > maxBytes)
        {
            return new ReferenceRefusal(DiagnosticCatalog.ReferencedFileTooLarge, [written, probe.Length, maxBytes]);
        }
        return null;
    }
}
