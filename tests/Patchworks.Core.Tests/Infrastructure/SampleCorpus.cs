namespace Patchworks.Core.Tests.Infrastructure;

/// <summary>The repository's samples/ folder, found from the test assembly's location.</summary>
public static class SampleCorpus
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SamplesFolder => Path.Combine(RepositoryRoot, "samples");

    /// <summary>
    /// The JSON files people write in the samples. Not their recordings (samples/*/recordings, written by
    /// `patchworks test --record`, up to a megabyte each, read by RecordingFile and fuzzed in the runner's tests):
    /// every-truncation parsing is quadratic in a file's size and would take hours over them.
    /// </summary>
    public static IEnumerable<string> JsonFiles() =>
        Directory.EnumerateFiles(SamplesFolder, "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(SamplesFolder, f).Split(Path.DirectorySeparatorChar).Contains("recordings"))
            .Order(StringComparer.Ordinal);

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
