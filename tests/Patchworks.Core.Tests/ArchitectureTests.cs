using System.Text.RegularExpressions;
using System.Xml.Linq;
using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Core.Tests;

/// <summary>
/// The arrows of docs/architecture.md, kept true: which .NET project may reference which, and which of Core's
/// folders may import which. A new arrow fails here; if it is right, change the table and the document together.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static string Root => SampleCorpus.RepositoryRoot;

    /// <summary>Every product project and the projects it may reference (exactly).</summary>
    private static readonly Dictionary<string, string[]> ProductReferences = new(StringComparer.Ordinal)
    {
        ["server/Patchworks.Core/Patchworks.Core.csproj"] = [],
        ["server/Patchworks.Cli/Patchworks.Cli.csproj"] = ["Patchworks.Core"],
        ["server/Patchworks.LanguageServer/Patchworks.LanguageServer.csproj"] = ["Patchworks.Core"],
        ["tests/Patchworks.TestApi/Patchworks.TestApi.csproj"] = ["Patchworks.Core"],
    };

    /// <summary>Core's folders that talk to the network or run things: the model and the editor's layers never import them.</summary>
    private static readonly string[] NetworkLayers = ["Running", "Http", "Publishing", "Events"];

    /// <summary>Core's folder → the Core folders it may not import.</summary>
    private static readonly Dictionary<string, string[]> Forbidden = new(StringComparer.Ordinal)
    {
        ["Text"] = ["*"],
        ["Images"] = ["*"],
        ["Diagnostics"] = ["*", "!Text"],
        ["Syntax"] = ["*", "!Text", "!Diagnostics"],
        ["Model"] = [.. NetworkLayers, "Testing", "Rules", "Completion", "Editing", "Formatting", "Classification", "Importing"],
        ["Schema"] = [.. NetworkLayers, "Testing", "Rules", "Completion", "Workspace"],
        ["Rules"] = [.. NetworkLayers, "Completion", "Formatting", "Classification", "Importing"],
        ["Workspace"] = [.. NetworkLayers, "Completion", "Formatting", "Classification", "Importing"],
        ["Resolution"] = [.. NetworkLayers, "Testing", "Completion", "Formatting", "Classification", "Importing"],
        ["Editing"] = [.. NetworkLayers, "Completion", "Rules", "Testing"],
        ["Formatting"] = [.. NetworkLayers, "Completion", "Rules", "Model", "Workspace"],
        ["Classification"] = [.. NetworkLayers, "Completion", "Rules"],
        ["Completion"] = [.. NetworkLayers],
        ["Importing"] = [.. NetworkLayers, "Testing", "Completion"],
        ["Http"] = ["Running", "Publishing", "Events", "Testing", "Resolution", "Workspace", "Rules", "Schema"],
        ["Running"] = ["Publishing", "Events", "Testing", "Completion", "Importing"],
        ["Publishing"] = ["Events", "Testing", "Completion", "Importing"],
        ["Events"] = ["Publishing", "Testing", "Completion", "Importing", "Http"],
        ["Testing"] = ["Publishing", "Events", "Completion", "Importing"],
    };

    [Fact]
    public void Product_projects_reference_only_what_the_architecture_allows()
    {
        var problems = new List<string>();
        foreach (var (project, allowed) in ProductReferences)
        {
            var references = ReferencesOf(project);
            if (!references.Order(StringComparer.Ordinal).SequenceEqual(allowed.Order(StringComparer.Ordinal)))
            {
                problems.Add($"{project} references [{string.Join(", ", references)}]; allowed: [{string.Join(", ", allowed)}]");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_product_project_is_in_the_table_and_no_test_project_is_referenced_by_one()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(Root, "server"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.True(ProductReferences.ContainsKey(p), $"{p} is not in ArchitectureTests.ProductReferences (and docs/architecture.md)"));
        Assert.All(ProductReferences.Keys, p => Assert.DoesNotContain(ReferencesOf(p), r => r.EndsWith(".Tests", StringComparison.Ordinal)));
    }

    [Fact]
    public void Core_folders_import_only_what_the_architecture_allows()
    {
        var core = Path.Combine(Root, "server", "Patchworks.Core");
        var folders = Directory.EnumerateDirectories(core).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        Assert.All(folders, f => Assert.True(Forbidden.ContainsKey(f), $"Core/{f} has no row in ArchitectureTests.Forbidden (and docs/architecture.md)"));

        var problems = new List<string>();
        foreach (var folder in folders)
        {
            var rule = Forbidden[folder];
            var everything = rule.Contains("*");
            var except = rule.Where(r => r.StartsWith('!')).Select(r => r[1..]).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match use in CoreUsing().Matches(File.ReadAllText(file)))
                {
                    var target = use.Groups[1].Value;
                    if (target == folder)
                    {
                        continue;
                    }
                    var refused = everything ? !except.Contains(target) : rule.Contains(target);
                    if (refused)
                    {
                        problems.Add($"{Path.GetRelativePath(core, file)} imports Patchworks.Core.{target}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_rule_finds_a_forbidden_import()
    {
        // the check above, on a text that breaks it: the pattern sees a using of another Core namespace
        var matches = CoreUsing().Matches("using System;\nusing Patchworks.Core.Running.Results;\nusing static Patchworks.Core.Http.Origin;\n");
        Assert.Equal(["Running", "Http"], matches.Select(m => m.Groups[1].Value));
    }

    private static List<string> ReferencesOf(string project) =>
        [.. XDocument.Load(Path.Combine(Root, project)).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?Patchworks\.Core\.([A-Za-z]+)", RegexOptions.Multiline)]
    private static partial Regex CoreUsing();
}
