using System.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>A file system held in memory, so rule tests can stage files (and failures) without touching the disk.</summary>
public sealed class InMemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fakeLengths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileKind> _specials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    public const string Root = "/virtual";

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public InMemoryFileSystem Add(string relative, string text) => Add(relative, Encoding.UTF8.GetBytes(text));

    public InMemoryFileSystem Add(string relative, byte[] content)
    {
        _files[PathOf(relative)] = content;
        return this;
    }

    /// <summary>Deletes a staged file.</summary>
    public InMemoryFileSystem Remove(string relative)
    {
        _files.Remove(PathOf(relative));
        return this;
    }

    /// <summary>Reports a size other than the content's, to test size limits without allocating gigabytes.</summary>
    public InMemoryFileSystem WithLength(string relative, long length)
    {
        _fakeLengths[PathOf(relative)] = length;
        return this;
    }

    /// <summary>The file exists but reading it fails, as a file without read permission does.</summary>
    public InMemoryFileSystem Unreadable(string relative)
    {
        _unreadable.Add(PathOf(relative));
        return this;
    }

    public bool FileExists(string path) => _files.ContainsKey(path);

    public long GetLength(string path) =>
        _fakeLengths.TryGetValue(path, out var fake) ? fake : _files.TryGetValue(path, out var content) ? content.Length : -1;

    public FileProbe Probe(string path) =>
        _specials.TryGetValue(path, out var kind) ? new FileProbe(kind, path, -1)
        : _links.TryGetValue(path, out var target) ? Probe(target)
        : _files.ContainsKey(path) ? new FileProbe(FileKind.Regular, path, GetLength(path))
        : FileProbe.Missing;

    /// <summary>Something that is not a regular file (a FIFO, a device, a directory) at this path.</summary>
    public InMemoryFileSystem Special(string relative, FileKind kind)
    {
        _specials[PathOf(relative)] = kind;
        return this;
    }

    /// <summary>A link at <paramref name="relative"/> whose target is the absolute <paramref name="target"/>.</summary>
    public InMemoryFileSystem Link(string relative, string target)
    {
        _links[PathOf(relative)] = target;
        return this;
    }

    public string ReadAllText(string path)
    {
        Check(path);
        return Encoding.UTF8.GetString(_files[path]);
    }

    public byte[] ReadPrefix(string path, int count)
    {
        Check(path);
        return _files[path].Take(count).ToArray();
    }

    private void Check(string path)
    {
        if (_unreadable.Contains(path))
        {
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        }
        if (!_files.ContainsKey(path))
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }
    }
}
