using System.Collections.Concurrent;
using System.Text;
using Patchworks.Core.Workspace;

namespace Patchworks.LanguageServer.Documents;

/// <summary>
/// The disk with the editor's open buffers laid over it: a schema file or SOAP envelope with unsaved changes is
/// checked as the user sees it, not as it was last saved.
/// </summary>
public sealed class OverlayFileSystem(IFileSystem disk) : IFileSystem
{
    private readonly ConcurrentDictionary<string, string> _buffers = new(StringComparer.Ordinal);

    public void SetBuffer(string path, string text) => _buffers[path] = text;

    public void RemoveBuffer(string path) => _buffers.TryRemove(path, out _);

    public bool FileExists(string path) => _buffers.ContainsKey(path) || disk.FileExists(path);

    public long GetLength(string path) => _buffers.TryGetValue(path, out var text) ? Encoding.UTF8.GetByteCount(text) : disk.GetLength(path);

    /// <summary>An open buffer is a regular file whatever the disk holds at its path (or nothing, for a new file).</summary>
    public FileProbe Probe(string path)
    {
        if (!_buffers.TryGetValue(path, out var text))
        {
            return disk.Probe(path);
        }
        var onDisk = disk.Probe(path);
        return new FileProbe(FileKind.Regular, onDisk.RealPath ?? path, Encoding.UTF8.GetByteCount(text));
    }

    public string ReadAllText(string path) => _buffers.TryGetValue(path, out var text) ? text : disk.ReadAllText(path);

    public byte[] ReadPrefix(string path, int count) =>
        _buffers.TryGetValue(path, out var text) ? Prefix(text, count) : disk.ReadPrefix(path, count);

    /// <summary>The first bytes of a buffer's UTF-8, encoding no more of it than they need (not a whole 5 MB file to sniff its start).</summary>
    private static byte[] Prefix(string text, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(text.AsSpan(0, Math.Min(text.Length, Math.Max(0, count))).ToArray());
        return bytes.Length <= count ? bytes : bytes[..count];
    }
}
