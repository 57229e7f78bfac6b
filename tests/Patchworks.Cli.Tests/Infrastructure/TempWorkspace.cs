namespace Patchworks.Cli.Tests.Infrastructure;

/// <summary>
/// A temporary folder that the command runs in: samples are copied into it and broken with exact string
/// replacements. Deleted on dispose.
/// </summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "patchworks-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The absolute path of the folder; the command's working directory.</summary>
    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Copies samples/&lt;name&gt; to &lt;root&gt;/&lt;name&gt; and returns the copy's absolute path.</summary>
    public string CopySample(string name)
    {
        var source = Repository.Sample(name);
        var target = PathOf(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string CreateFolder(string relativePath) => Directory.CreateDirectory(PathOf(relativePath)).FullName;

    /// <summary>Replaces the one occurrence of <paramref name="oldText"/>; fails if it occurs zero or several times,
    /// so a test never silently breaks nothing.</summary>
    public void Replace(string relativePath, string oldText, string newText)
    {
        var text = Read(relativePath);
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(first >= 0, $"\"{oldText}\" does not occur in {relativePath}");
        Assert.True(text.IndexOf(oldText, first + 1, StringComparison.Ordinal) < 0, $"\"{oldText}\" occurs more than once in {relativePath}");
        File.WriteAllText(PathOf(relativePath), string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length)));
    }

    /// <summary>The 1-based line and column (UTF-16 code units, as the CLI counts) of the one occurrence of
    /// <paramref name="needle"/> in a file, plus <paramref name="offset"/> characters.</summary>
    public (int Line, int Column) PositionOf(string relativePath, string needle, int offset = 0)
    {
        var text = Read(relativePath);
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"\"{needle}\" does not occur in {relativePath}");
        Assert.True(text.IndexOf(needle, index + 1, StringComparison.Ordinal) < 0, $"\"{needle}\" occurs more than once in {relativePath}");
        index += offset;
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var line = text.AsSpan(0, lineStart).Count('\n') + 1;
        return (line, index - lineStart + 1);
    }

    public CliResult Run(params string[] args) => CliProcess.Run(Root, args);

    public CliResult Run(IReadOnlyDictionary<string, string> environment, params string[] args) => CliProcess.Run(Root, environment, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
