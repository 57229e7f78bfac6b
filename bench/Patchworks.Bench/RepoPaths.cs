namespace Patchworks.Bench;

/// <summary>Where things are: the repository root (the folder of Patchworks.Lsp.sln) and paths below and beside it.</summary>
public sealed class RepoPaths
{
    private RepoPaths(string root)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>The sample whose copy the generated connectors live in, so that its referenced files resolve.</summary>
    public string SampleFolder => Path.Combine(Root, "samples", "shopify");

    public string SampleConnector => Path.Combine(SampleFolder, "shopify.connector.json");

    public string ConnectorSchema => Path.Combine(Root, "schemas", "connector.schema.json");

    /// <summary>Git-ignored output folder.</summary>
    public string OutFolder => Path.Combine(Root, "bench", "out");

    /// <summary>The shared generator, beside the repository: ../shared/bench/lspbench/gen.mjs.</summary>
    public string Generator => Path.GetFullPath(Path.Combine(Root, "..", "shared", "bench", "lspbench", "gen.mjs"));

    /// <summary>Walks up from the current folder, then from the program's folder, to the solution file.</summary>
    public static RepoPaths Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Patchworks.Lsp.sln")))
                {
                    return new RepoPaths(dir.FullName);
                }
            }
        }
        throw new BenchException("cannot find the repository root (no Patchworks.Lsp.sln above the current folder or the program)");
    }
}
