using System.Text;

namespace Patchworks.Core.Workspace;

/// <summary>
/// How the core reads files. The CLI reads the disk; the language server lays the editor's unsaved
/// buffers over it, so that what the user sees is what gets checked.
/// </summary>
public interface IFileSystem
{
    bool FileExists(string path);

    /// <summary>The size in bytes, or -1 when the file does not exist.</summary>
    long GetLength(string path);

    /// <summary>
    /// What the path names, links followed, without opening it: callers refuse anything but a regular file before
    /// reading (a FIFO blocks a reader, a device never ends).
    /// </summary>
    FileProbe Probe(string path);

    /// <summary>The text of a file; throws IOException or UnauthorizedAccessException as the disk does.</summary>
    string ReadAllText(string path);

    /// <summary>Up to <paramref name="count"/> bytes from the start of a file (image headers).</summary>
    byte[] ReadPrefix(string path, int count);
}

/// <summary>
/// The real disk. Only regular files are opened (anything else throws an IOException naming what it is), and a
/// read never goes past the size the file had when it was looked at, nor past <see cref="MaxReadBytes"/>.
/// </summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    /// <summary>Nothing the toolkit reads is larger (connector files are refused over 64 MB before this).</summary>
    public const long MaxReadBytes = 64L * 1024 * 1024;

    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public long GetLength(string path) => File.Exists(path) ? new FileInfo(path).Length : -1;

    public FileProbe Probe(string path) => DiskProbe.Probe(path);

    public string ReadAllText(string path)
    {
        var bytes = ReadBounded(path, int.MaxValue);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    public byte[] ReadPrefix(string path, int count) => ReadBounded(path, count);

    private static byte[] ReadBounded(string path, int count)
    {
        var probe = DiskProbe.Probe(path);
        if (probe.Kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }
        if (probe.Kind != FileKind.Regular)
        {
            throw new IOException($"'{path}' is {probe.KindName}, not a regular file, so it is not opened.");
        }
        if (probe.Length > MaxReadBytes)
        {
            throw new IOException($"'{path}' is {probe.Length:N0} bytes, more than the {MaxReadBytes:N0} bytes the toolkit reads.");
        }
        using var stream = new FileStream(probe.RealPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = new byte[(int)Math.Min(count, probe.Length)];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }
}
