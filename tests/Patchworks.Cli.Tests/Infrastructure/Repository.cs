namespace Patchworks.Cli.Tests.Infrastructure;

/// <summary>Folders of the repository the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the folder that holds samples/, schemas/ and server/.</summary>
    public static string Root => RootPath.Value;

    public static string Samples => Path.Combine(Root, "samples");

    public static string Sample(string name) => Path.Combine(Samples, name);

    /// <summary>The sample folders holding an API connector (REST or SOAP): what publishing, pulling and resolving apply to.</summary>
    public static IReadOnlyList<string> ApiSamples() => [.. SampleFolders().Where(f => !IsEventSample(f))];

    /// <summary>The sample folders holding an event connector ("kind": "event", docs/events.md).</summary>
    public static IReadOnlyList<string> EventSamples() => [.. SampleFolders().Where(IsEventSample)];

    private static IEnumerable<string> SampleFolders() => Directory.GetDirectories(Samples).Order(StringComparer.Ordinal);

    private static bool IsEventSample(string folder) => Directory.EnumerateFiles(folder, "*.connector.json")
        .Any(f => Core.Model.ConnectorReader.Read(Core.Syntax.JsonParser.Parse(File.ReadAllText(f)), f).IsEvent);

    /// <summary>Every connector, instance and tests file under samples/, as validate finds them.</summary>
    public static IReadOnlyList<string> SampleDocuments() =>
        [.. Directory.EnumerateFiles(Samples, "*.json", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".connector.json", StringComparison.Ordinal) || f.EndsWith(".instance.json", StringComparison.Ordinal) || f.EndsWith(".tests.json", StringComparison.Ordinal))];

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "samples"))
                && Directory.Exists(Path.Combine(folder.FullName, "schemas"))
                && Directory.Exists(Path.Combine(folder.FullName, "server", "Patchworks.Cli")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No repository root (samples/, schemas/, server/Patchworks.Cli/) above {AppContext.BaseDirectory}");
    }
}
