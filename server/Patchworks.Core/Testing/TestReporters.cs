using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Patchworks.Core.Diagnostics;
using Patchworks.Core.Text;

namespace Patchworks.Core.Testing;

/// <summary>The reports `patchworks test` writes: text, junit, json, sarif. Nothing in a result holds a secret (runs are redacted).</summary>
public static class TestReporters
{
    public static readonly IReadOnlyList<string> Names = ["text", "junit", "json", "sarif"];

    /// <param name="displayPath">How a file's path is shown (relative to the current folder, forward slashes).</param>
    public static void Write(string reporter, IReadOnlyList<CaseResult> results, Func<string, string> displayPath, TextWriter output)
    {
        switch (reporter)
        {
            case "junit":
                WriteJUnit(results, displayPath, output);
                break;
            case "json":
                WriteJson(results, displayPath, output);
                break;
            case "sarif":
                WriteSarif(results, displayPath, output);
                break;
            default:
                WriteText(results, displayPath, output);
                break;
        }
    }

    /// <summary>Where a failure's expectation is written: path:line:column.</summary>
    public static string Location(CaseResult result, ExpectationFailure failure, Func<string, string> displayPath) =>
        $"{displayPath(result.File.FilePath)}:{result.File.Tree.Lines.GetRange(failure.Span).Start}";

    /// <summary>The closing summary line; prefixed so CI that reads a bare "N passed, N failed" line never takes it for a suite's.</summary>
    public static string Summary(IReadOnlyList<CaseResult> results) =>
        $"Tests: {results.Count(r => r.Outcome == CaseOutcome.Passed)} passed, {results.Count(r => r.Outcome == CaseOutcome.Failed)} failed ({results.Count} case{(results.Count == 1 ? "" : "s")}, {Seconds(results.Sum(r => r.DurationMs))})";

    public static void WriteText(IReadOnlyList<CaseResult> results, Func<string, string> displayPath, TextWriter output)
    {
        var names = results.Select(r => PrintableText.Escape(r.FullName)).ToList();
        var width = Math.Max(4, names.Count == 0 ? 0 : names.Max(n => n.Length));
        output.WriteLine($"{"result",-6}  {"case".PadRight(width)}  {"records",7}  {"pages",5}  {"time",8}");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            output.WriteLine($"{(r.Outcome == CaseOutcome.Passed ? "pass" : "FAIL"),-6}  {names[i].PadRight(width)}  {r.Records,7}  {r.Pages,5}  {Seconds(r.DurationMs),8}");
        }
        foreach (var r in results.Where(r => r.Outcome == CaseOutcome.Failed))
        {
            output.WriteLine();
            output.WriteLine($"FAIL {PrintableText.Escape(r.FullName)} (stopped: {r.Stop})");
            foreach (var failure in r.Failures)
            {
                output.WriteLine($"  {Location(r, failure, displayPath)}: {PrintableText.Escape(failure.Expectation)}");
                output.WriteLine($"    expected: {PrintableText.Escape(failure.Expected)}");
                output.WriteLine($"    actual:   {PrintableText.Escape(failure.Actual)}");
            }
        }
        output.WriteLine();
        output.WriteLine(Summary(results));
    }

    /// <summary>
    /// JUnit XML as Jenkins, GitLab and GitHub test reporters read it: a testsuite per connector (tests file), a
    /// testcase per endpoint/case (classname connector.endpoint), a failure element per failed case.
    /// </summary>
    public static void WriteJUnit(IReadOnlyList<CaseResult> results, Func<string, string> displayPath, TextWriter output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "patchworks test");
            xml.WriteAttributeString("tests", Int(results.Count));
            xml.WriteAttributeString("failures", Int(results.Count(r => r.Outcome == CaseOutcome.Failed)));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("time", Secs(results.Sum(r => r.DurationMs)));
            foreach (var suite in results.GroupBy(r => r.File.FilePath))
            {
                var cases = suite.ToList();
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", Xml(cases[0].File.Name));
                xml.WriteAttributeString("tests", Int(cases.Count));
                xml.WriteAttributeString("failures", Int(cases.Count(r => r.Outcome == CaseOutcome.Failed)));
                xml.WriteAttributeString("errors", "0");
                xml.WriteAttributeString("skipped", "0");
                xml.WriteAttributeString("time", Secs(cases.Sum(r => r.DurationMs)));
                foreach (var r in cases)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", Xml($"{r.File.Name}.{r.Case.EndpointId}"));
                    xml.WriteAttributeString("name", Xml(r.Case.Name));
                    xml.WriteAttributeString("time", Secs(r.DurationMs));
                    if (r.Outcome == CaseOutcome.Failed)
                    {
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", Xml(r.Failures[0].Message + (r.Failures.Count > 1 ? $" (and {r.Failures.Count - 1} more)" : "")));
                        xml.WriteAttributeString("type", Xml(r.Failures[0].Expectation));
                        xml.WriteString(Xml(string.Join("\n", r.Failures.Select(f => $"{Location(r, f, displayPath)}: {f.Message}")) + (r.Failures.Any(f => f.Expectation == "run") ? "" : $"\nstopped: {r.Stop}: {r.StopMessage}")));
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        // Written through bytes, so the declaration says UTF-8 (a StringWriter would make it UTF-16).
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJson(IReadOnlyList<CaseResult> results, Func<string, string> displayPath, TextWriter output)
    {
        var report = new
        {
            formatVersion = 1,
            passed = results.Count(r => r.Outcome == CaseOutcome.Passed),
            failed = results.Count(r => r.Outcome == CaseOutcome.Failed),
            cases = results.Select(r => new
            {
                connector = r.File.Name,
                endpoint = r.Case.EndpointId,
                name = r.Case.Name,
                file = displayPath(r.File.FilePath),
                line = r.File.Tree.Lines.GetRange(r.Case.NameSyntax.Span).Start.Line + 1,
                column = r.File.Tree.Lines.GetRange(r.Case.NameSyntax.Span).Start.Character + 1,
                result = r.Outcome == CaseOutcome.Passed ? "passed" : "failed",
                records = r.Records,
                pages = r.Pages,
                durationMs = Math.Round(r.DurationMs, 1),
                stop = r.Stop,
                stopMessage = r.StopMessage,
                failures = r.Failures.Select(f => new
                {
                    expectation = f.Expectation,
                    expected = f.Expected,
                    actual = f.Actual,
                    message = f.Message,
                    line = r.File.Tree.Lines.GetRange(f.Span).Start.Line + 1,
                    column = r.File.Tree.Lines.GetRange(f.Span).Start.Character + 1,
                }),
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
    }

    /// <summary>SARIF 2.1.0: each failed expectation a result (rule "test-failed") located at the expectation in the tests file.</summary>
    public static void WriteSarif(IReadOnlyList<CaseResult> results, Func<string, string> displayPath, TextWriter output) =>
        SarifLog.Write(output, "patchworks test", [TestFailedRule], results.SelectMany(r => r.Failures.Select(f => new SarifResult(
            TestFailedRule.Id,
            "error",
            $"{r.FullName}: {f.Message}",
            new SarifLocation(displayPath(r.File.FilePath), r.File.Tree.Lines.GetRange(f.Span)),
            []))));

    /// <summary>The one rule of a test report: every result is a failed expectation.</summary>
    private static readonly SarifRule TestFailedRule = new("test-failed", "TestFailed", "A connector test's expectation was not met", "error");

    private static string Seconds(double ms) => ms < 1000 ? $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms" : $"{(ms / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s";

    private static string Secs(double ms) => (ms / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text with the characters XML 1.0 cannot hold replaced (an API's message may carry control characters).</summary>
    private static string Xml(string text) => string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));
}
