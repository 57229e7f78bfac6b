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

    /// <summary>The text of a file; throws IOException or UnauthorizedAccessException as the disk does.</summary>
    string ReadAllText(string path);

    /// <summary>Up to <paramref name="count"/> bytes from the start of a file (image headers).</summary>
    byte[] ReadPrefix(string path, int count);
}

/// <summary>The real disk.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public long GetLength(string path) => File.Exists(path) ? new FileInfo(path).Length : -1;

    public string ReadAllText(string path) => File.ReadAllText(path);

    public byte[] ReadPrefix(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(count, stream.Length)];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
