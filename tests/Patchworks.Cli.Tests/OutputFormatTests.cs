using System.Text.Json;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Diagnostics;

namespace Patchworks.Cli.Tests;

/// <summary>validate --format json and --format sarif agree with the text output and have the documented shape.</summary>
public sealed class OutputFormatTests : IDisposable
{
    private const string Connector = "mirakl/mirakl.connector.json";
    private const string Preprod = "mirakl/preprod.instance.json";
    private const string Prod = "mirakl/prod.instance.json";

    private readonly TempWorkspace _workspace = new();

    public OutputFormatTests() => _workspace.CopySample("mirakl");

    public void Dispose() => _workspace.Dispose();

    /// <summary>An undefined placeholder (error), a second live instance (error with a related location) and
    /// an unknown endpoint in endpointValues (warning).</summary>
    private void BreakSeveralWays()
    {
        _workspace.Replace(Connector, "\"url\": \"https://{{instance_host}}/api/offers\"", "\"url\": \"https://{{instance_hots}}/api/offers\"");
        _workspace.Replace(Preprod, "\"environment\": \"test\"", "\"environment\": \"live\"");
        _workspace.Replace(Preprod, "\"list-orders\": {", "\"list-orderz\": {");
    }

    [Fact]
    public void Json_has_every_field_of_every_diagnostic_and_the_summary()
    {
        BreakSeveralWays();

        var result = _workspace.Run("validate", "mirakl", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(["Checked 4 files: 2 errors, 1 warning."], result.StderrLines);
        using var json = JsonDocument.Parse(result.Stdout);
        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(3, diagnostics.Count);

        var placeholder = diagnostics[0];
        Assert.Equal(Connector, placeholder.GetProperty("file").GetString());
        Assert.Equal(54, placeholder.GetProperty("line").GetInt32());
        Assert.Equal(25, placeholder.GetProperty("column").GetInt32());
        Assert.Equal(54, placeholder.GetProperty("endLine").GetInt32());
        Assert.Equal(25 + "instance_hots".Length, placeholder.GetProperty("endColumn").GetInt32());
        Assert.Equal("error", placeholder.GetProperty("severity").GetString());
        Assert.Equal("PW2001", placeholder.GetProperty("code").GetString());
        Assert.EndsWith("Did you mean 'instance_host'?", placeholder.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, placeholder.GetProperty("related").GetArrayLength());

        var unknownEndpoint = diagnostics[1];
        Assert.Equal((Preprod, 13, 5, 13, 18), (
            unknownEndpoint.GetProperty("file").GetString(),
            unknownEndpoint.GetProperty("line").GetInt32(),
            unknownEndpoint.GetProperty("column").GetInt32(),
            unknownEndpoint.GetProperty("endLine").GetInt32(),
            unknownEndpoint.GetProperty("endColumn").GetInt32()));
        Assert.Equal(("warning", "PW5010"), (unknownEndpoint.GetProperty("severity").GetString(), unknownEndpoint.GetProperty("code").GetString()));

        var secondLive = diagnostics[2];
        Assert.Equal((Prod, "PW5008", "error"), (secondLive.GetProperty("file").GetString(), secondLive.GetProperty("code").GetString(), secondLive.GetProperty("severity").GetString()));
        var related = Assert.Single(secondLive.GetProperty("related").EnumerateArray().ToList());
        var live = _workspace.PositionOf(Preprod, "\"live\"");
        Assert.Equal(Preprod, related.GetProperty("file").GetString());
        Assert.Equal(live.Line, related.GetProperty("line").GetInt32());
        Assert.Equal(live.Column, related.GetProperty("column").GetInt32());
        Assert.Equal("The live instance \"Mirakl - Acme marketplace (preprod)\" of this company group.", related.GetProperty("message").GetString());

        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("errors").GetInt32());
        Assert.Equal(1, summary.GetProperty("warnings").GetInt32());
        Assert.Equal(0, summary.GetProperty("information").GetInt32());
    }

    [Fact]
    public void Json_agrees_with_text_line_for_line()
    {
        BreakSeveralWays();

        var text = TextDiagnostics.Parse(_workspace.Run("validate", "mirakl"));
        var result = _workspace.Run("validate", "mirakl", "-f", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var fromJson = json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d =>
            $"{d.GetProperty("file").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}: {d.GetProperty("severity").GetString()} {d.GetProperty("code").GetString()}: {d.GetProperty("message").GetString()}");
        Assert.Equal(text.Select(d => $"{d.Location}: {d.Severity} {d.Code}: {d.Message}"), fromJson);
    }

    [Fact]
    public void Json_of_clean_files_is_an_empty_list_and_exit_0()
    {
        var result = _workspace.Run("validate", "mirakl", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("diagnostics").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32());
    }

    [Fact]
    public void Json_escapes_control_characters_of_broken_files()
    {
        _workspace.Write("garbage/esc.connector.json", "{\"name\": \u001b[31mRED\u0007 }");

        var result = _workspace.Run("validate", "garbage", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain(result.Stdout, c => char.IsControl(c) && c is not '\n' and not '\r');
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.NotEqual(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void Sarif_is_version_2_1_0_from_patchworks_with_every_rule_of_the_catalogue()
    {
        var result = _workspace.Run("validate", "mirakl", "--format", "sarif");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var sarif = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray().ToList());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("patchworks", driver.GetProperty("name").GetString());
        Assert.Equal(0, run.GetProperty("results").GetArrayLength());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var ids = rules.Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(DiagnosticCatalog.All.Select(d => d.Code).Order(StringComparer.Ordinal), ids);
        foreach (var rule in rules)
        {
            var descriptor = DiagnosticCatalog.All.Single(d => d.Code == rule.GetProperty("id").GetString());
            Assert.Equal(descriptor.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.Equal(SarifLevel(descriptor.Severity), rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        }

        var srcRoot = run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString();
        Assert.Equal(new Uri(_workspace.Root + "/").AbsoluteUri, srcRoot);
    }

    [Fact]
    public void Sarif_results_point_at_their_rules_and_match_the_text_output()
    {
        BreakSeveralWays();

        var text = TextDiagnostics.Parse(_workspace.Run("validate", "mirakl"));
        var result = _workspace.Run("validate", "mirakl", "--format", "sarif");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(["Checked 4 files: 2 errors, 1 warning."], result.StderrLines);
        using var sarif = JsonDocument.Parse(result.Stdout);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(text.Count, results.Count);

        for (var i = 0; i < results.Count; i++)
        {
            var sarifResult = results[i];
            var expected = text[i];
            var ruleId = sarifResult.GetProperty("ruleId").GetString();
            Assert.Equal(expected.Code, ruleId);
            var ruleIndex = sarifResult.GetProperty("ruleIndex").GetInt32();
            Assert.InRange(ruleIndex, 0, rules.GetArrayLength() - 1);
            Assert.Equal(ruleId, rules[ruleIndex].GetProperty("id").GetString());
            Assert.Equal(expected.Severity, sarifResult.GetProperty("level").GetString()); // error → error, warning → warning
            Assert.Equal(expected.Message, sarifResult.GetProperty("message").GetProperty("text").GetString());

            var location = Assert.Single(sarifResult.GetProperty("locations").EnumerateArray().ToList()).GetProperty("physicalLocation");
            Assert.Equal(expected.File, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            var region = location.GetProperty("region");
            Assert.Equal(expected.Line, region.GetProperty("startLine").GetInt32());
            Assert.Equal(expected.Column, region.GetProperty("startColumn").GetInt32());
            Assert.True(region.GetProperty("endLine").GetInt32() >= expected.Line);

            var relatedLocations = sarifResult.GetProperty("relatedLocations").EnumerateArray().ToList();
            Assert.Equal(expected.Notes.Count, relatedLocations.Count);
            for (var n = 0; n < relatedLocations.Count; n++)
            {
                var physical = relatedLocations[n].GetProperty("physicalLocation");
                Assert.Equal(n, relatedLocations[n].GetProperty("id").GetInt32());
                Assert.Equal(expected.Notes[n].Message, relatedLocations[n].GetProperty("message").GetProperty("text").GetString());
                Assert.Equal(expected.Notes[n].File, physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
                Assert.Equal(expected.Notes[n].Line, physical.GetProperty("region").GetProperty("startLine").GetInt32());
                Assert.Equal(expected.Notes[n].Column, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
            }
        }
        Assert.Equal(["error", "warning", "error"], results.Select(r => r.GetProperty("level").GetString()));
        Assert.Equal(1, results.Count(r => r.GetProperty("relatedLocations").GetArrayLength() == 1));
    }

    [Fact]
    public void Sarif_uris_are_escaped_and_relative_to_srcroot()
    {
        _workspace.CopySample("woocommerce");
        Directory.Move(_workspace.PathOf("woocommerce"), _workspace.PathOf("my shop"));
        _workspace.Replace("my shop/woocommerce.connector.json", "\"protocol\": \"HTTP\"", "\"protocol\": \"HTTPS\"");

        var text = TextDiagnostics.Parse(_workspace.Run("validate", "my shop"));
        var result = _workspace.Run("validate", "my shop", "--format", "sarif");

        Assert.Equal("my shop/woocommerce.connector.json", Assert.Single(text).File);
        using var sarif = JsonDocument.Parse(result.Stdout);
        var location = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("my%20shop/woocommerce.connector.json", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(text[0].Line, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(text[0].Column, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public void Sarif_with_warnings_only_exits_0_and_with_warnings_as_errors_exits_1()
    {
        _workspace.Replace(Preprod, "\"list-orders\": {", "\"list-orderz\": {");

        var plain = _workspace.Run("validate", "mirakl", "--format", "sarif");
        var strict = _workspace.Run("validate", "mirakl", "--format", "sarif", "--warnings-as-errors");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(strict.ExitCode == 1, strict.ToString());
        using var sarif = JsonDocument.Parse(strict.Stdout);
        var single = Assert.Single(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList());
        Assert.Equal(("PW5010", "warning"), (single.GetProperty("ruleId").GetString(), single.GetProperty("level").GetString()));
    }

    [Fact]
    public void Validate_and_test_reports_write_the_same_sarif_envelope_and_driver()
    {
        // A failed expectation for the test report (the replay itself matches), then a diagnostic for validate.
        _workspace.Replace("mirakl/mirakl.tests.json", "\"records\": 345,", "\"records\": 346,");
        var tests = _workspace.Run("test", "mirakl", "--replay", "--quiet", "--reporter", "sarif");
        _workspace.Replace(Connector, "\"url\": \"https://{{instance_host}}/api/offers\"", "\"url\": \"https://{{instance_hots}}/api/offers\"");
        var validate = _workspace.Run("validate", "mirakl", "--format", "sarif");

        Assert.True(tests.ExitCode == 1, tests.ToString());
        Assert.True(validate.ExitCode == 1, validate.ToString());
        using var testSarif = JsonDocument.Parse(tests.Stdout);
        using var validateSarif = JsonDocument.Parse(validate.Stdout);
        var testRun = AssertSarifShape(testSarif.RootElement);
        var validateRun = AssertSarifShape(validateSarif.RootElement);

        var testDriver = testRun.GetProperty("tool").GetProperty("driver");
        var validateDriver = validateRun.GetProperty("tool").GetProperty("driver");
        Assert.Equal(("patchworks test", "patchworks"), (testDriver.GetProperty("name").GetString(), validateDriver.GetProperty("name").GetString()));
        Assert.Equal(validateDriver.EnumerateObject().Select(p => p.Name), testDriver.EnumerateObject().Select(p => p.Name));
        foreach (var property in new[] { "semanticVersion", "informationUri" })
        {
            Assert.False(string.IsNullOrEmpty(validateDriver.GetProperty(property).GetString()));
            Assert.Equal(validateDriver.GetProperty(property).GetString(), testDriver.GetProperty(property).GetString());
        }
        Assert.Equal(validateRun.GetProperty("originalUriBaseIds").GetRawText(), testRun.GetProperty("originalUriBaseIds").GetRawText());
        Assert.Equal(validateSarif.RootElement.GetProperty("$schema").GetString(), testSarif.RootElement.GetProperty("$schema").GetString());
        var failure = Assert.Single(testRun.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("test-failed", failure.GetProperty("ruleId").GetString());
        Assert.Equal("mirakl/mirakl.tests.json", failure.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Contains(validateRun.GetProperty("results").EnumerateArray(), r => r.GetProperty("level").GetString() == "error");
    }

    /// <summary>The SARIF 2.1.0 shape both reports share: one run, a driver with rules, each result pointing at its rule and a place; returns the run.</summary>
    private static JsonElement AssertSarifShape(JsonElement log)
    {
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        var run = Assert.Single(log.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal("utf16CodeUnits", run.GetProperty("columnKind").GetString());
        var srcRoot = run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!;
        Assert.StartsWith("file:///", srcRoot, StringComparison.Ordinal);
        Assert.EndsWith("/", srcRoot, StringComparison.Ordinal);
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.NotEqual(0, rules.GetArrayLength());
        foreach (var rule in rules.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("id").GetString()));
            Assert.Matches(@"^\S+$", rule.GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
        }
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            var ruleIndex = result.GetProperty("ruleIndex").GetInt32();
            Assert.InRange(ruleIndex, 0, rules.GetArrayLength() - 1);
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[ruleIndex].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray().ToList()).GetProperty("physicalLocation");
            Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.True(location.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
            Assert.Equal(JsonValueKind.Array, result.GetProperty("relatedLocations").ValueKind);
        }
        return run;
    }

    private static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
