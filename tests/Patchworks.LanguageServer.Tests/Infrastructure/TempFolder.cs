namespace Patchworks.LanguageServer.Tests.Infrastructure;

/// <summary>A folder of files on disk for workspace tests, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pw-lsp-" + Guid.NewGuid().ToString("N")[..8]);

    public TempFolder()
    {
        Directory.CreateDirectory(Root);
    }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
