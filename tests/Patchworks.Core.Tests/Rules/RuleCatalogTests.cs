using Patchworks.Core.Diagnostics;
using Patchworks.Core.Tests.Infrastructure;

namespace Patchworks.Core.Tests.Rules;

/// <summary>Every diagnostic code fires on a bad case, at the right place, and stays quiet on a near miss.</summary>
public sealed class RuleCatalogTests
{
    public static TheoryData<string> Codes => [.. RuleCases.All.Select(c => c.Code)];

    [Fact]
    public void The_fixtures_are_clean()
    {
        var diagnostics = Analysis.Connector(Fixtures.Connector, Fixtures.Instance);
        Assert.True(diagnostics.Count == 0, Analysis.Describe(diagnostics));
    }

    [Fact]
    public void Every_code_in_the_catalogue_has_a_case()
    {
        // Tests-file codes (PW7xxx) have their own cases: Testing/TestsFileRuleCases.
        var covered = RuleCases.All.Select(c => c.Code).Concat(Testing.TestsFileRuleCases.All.Select(c => c.Code)).ToHashSet();
        var missing = DiagnosticCatalog.All.Select(d => d.Code).Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"No rule case for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^PW[0-8][0-9]{3}$", c));
    }

    [Fact]
    public void The_diagnostics_page_lists_every_code()
    {
        var page = File.ReadAllText(Path.Combine(SampleCorpus.RepositoryRoot, "docs", "diagnostics.md"));
        var missing = DiagnosticCatalog.All.Select(d => d.Code).Where(c => !page.Contains($"| {c} |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/diagnostics.md does not list: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Bad_case_reports_the_code(string code)
    {
        var rule = RuleCases.All.Single(c => c.Code == code);
        var (diagnostics, texts) = Run(rule.Bad);
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count > 0, $"{code} was not reported. Got:{Environment.NewLine}{Analysis.Describe(diagnostics)}");

        var file = InMemoryFileSystem.PathOf(rule.InFile ?? Fixtures.ConnectorFile);
        Assert.Contains(matching, d => d.FilePath == file);
        if (rule.SpanText is { } expected)
        {
            var spans = matching.Where(d => d.FilePath == file).Select(d => Analysis.SpanText(texts[file], d)).ToList();
            Assert.True(spans.Contains(expected), $"{code} was reported at [{string.Join("], [", spans)}], not at [{expected}]");
        }
        Assert.All(matching, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Near_miss_is_clean(string code)
    {
        var rule = RuleCases.All.Single(c => c.Code == code);
        var (diagnostics, _) = Run(rule.Good);
        Assert.True(diagnostics.Count == 0, $"The near miss for {code} is not clean:{Environment.NewLine}{Analysis.Describe(diagnostics)}");
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, Dictionary<string, string> Texts) Run(Scenario scenario)
    {
        var files = new InMemoryFileSystem().Add(Fixtures.ConnectorFile, scenario.ConnectorText);
        var documents = new List<string> { Fixtures.ConnectorFile };
        var texts = new Dictionary<string, string> { [InMemoryFileSystem.PathOf(Fixtures.ConnectorFile)] = scenario.ConnectorText };
        if (scenario.InstanceText is { } instance)
        {
            files.Add(Fixtures.InstanceFile, instance);
            documents.Add(Fixtures.InstanceFile);
            texts[InMemoryFileSystem.PathOf(Fixtures.InstanceFile)] = instance;
        }
        scenario.Stage?.Invoke(files);
        documents.AddRange(scenario.ExtraDocuments ?? []);
        return (Analysis.Run(files, scenario.Publishing, [.. documents]), texts);
    }
}
