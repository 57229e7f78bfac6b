using Patchworks.Core.Diagnostics;
using Patchworks.Core.Tests.Infrastructure;
using static Patchworks.Core.Tests.Testing.TestsFileFixtures;

namespace Patchworks.Core.Tests.Testing;

/// <summary>Every PW7xxx code fires on its bad tests file, at the right text, and stays quiet on a near miss; the schema's checks apply too.</summary>
public sealed class TestsFileRuleTests
{
    public static TheoryData<string> Codes => [.. TestsFileRuleCases.All.Select(c => c.Code)];

    [Fact]
    public void The_fixture_is_clean()
    {
        var (_, diagnostics) = Analyze(Clean);
        Assert.True(diagnostics.Count == 0, Analysis.Describe(diagnostics));
    }

    [Fact]
    public void Every_tests_file_code_has_a_case()
    {
        var covered = TestsFileRuleCases.All.Select(c => c.Code).ToHashSet();
        var missing = DiagnosticCatalog.All.Select(d => d.Code).Where(c => c.StartsWith("PW7", StringComparison.Ordinal) && !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"No rule case for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Bad_case_reports_the_code(string code)
    {
        var rule = TestsFileRuleCases.All.Single(c => c.Code == code);
        var (_, diagnostics) = Analyze(rule.BadTests, rule.BadConnector);
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count > 0, $"{code} was not reported. Got:{Environment.NewLine}{Analysis.Describe(diagnostics)}");
        Assert.All(matching, d => Assert.Equal(TestsPath, d.FilePath));
        var spans = matching.Select(d => Analysis.SpanText(rule.BadTests, d)).ToList();
        Assert.True(spans.Contains(rule.SpanText), $"{code} was reported at [{string.Join("], [", spans)}], not at [{rule.SpanText}]");
        Assert.All(matching, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Near_miss_is_clean(string code)
    {
        var rule = TestsFileRuleCases.All.Single(c => c.Code == code);
        var (_, diagnostics) = Analyze(rule.GoodTests, rule.GoodConnector);
        Assert.True(diagnostics.Count == 0, $"The near miss for {code} is not clean:{Environment.NewLine}{Analysis.Describe(diagnostics)}");
    }

    [Theory]
    [InlineData("\"expect\": {", "\"expct\": {", "PW1001")]
    [InlineData("\"stop\": [\"completed\", \"maxPages\"]", "\"stop\": \"finished\"", "PW1004")]
    [InlineData("\"status\": 200", "\"status\": \"200\"", "PW1003")]
    [InlineData("\"pages\": 1", "\"pages\": -1", "PW1008")]
    [InlineData("\"maxPages\": 2", "\"maxPages\": 0", "PW1008")]
    public void The_schema_checks_the_shape(string old, string replacement, string code)
    {
        var (_, diagnostics) = Analyze(Fixtures.Edit(Clean, (old, replacement)));
        Assert.Contains(diagnostics, d => d.Code == code);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_line_and_column()
    {
        var (_, diagnostics) = Analyze(Fixtures.Edit(Clean, ("\"pages\": 1,", "\"pages\": 1 ;")));
        var error = Assert.Single(diagnostics, d => d.Code == "PW0001");
        Assert.Equal(14, error.Range.Start.Line + 1);
    }

    [Fact]
    public void A_missing_connector_is_reported_once_and_nothing_else_is_guessed()
    {
        var (_, diagnostics) = Analyze(Fixtures.Edit(Clean, ("\"instance\": \"test.instance.json\",", "\"connector\": \"gone.connector.json\", \"instance\": \"test.instance.json\",")));
        Assert.Equal(["PW7001"], diagnostics.Select(d => d.Code));
    }
}
