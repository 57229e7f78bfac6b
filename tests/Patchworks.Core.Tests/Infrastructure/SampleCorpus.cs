namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>The repository's samples/ folder, found from the test assembly's location.</summary>
public static class SampleCorpus
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SamplesFolder => Path.Combine(RepositoryRoot, "samples");

    public static IEnumerable<string> JsonFiles() =>
        Directory.EnumerateFiles(SamplesFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static IEnumerable<string> ConnectorFiles() =>
        Directory.EnumerateFiles(SamplesFolder, "*.connector.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(SamplesFolder, path);

    public static string Absolute(string relative) => Path.Combine(SamplesFolder, relative);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Patchworks.Lsp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Patchworks.Lsp.sln) was not found above the test assembly.");
    }
}
