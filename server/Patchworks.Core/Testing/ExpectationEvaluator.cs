using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Testing;

/// <summary>
/// One expectation a case's run did not meet: which (as written in the tests file: "records.min", "headers.etag",
/// "assertions[2]"), what it asked, what came, and where it is written (the span of its property).
/// </summary>
public sealed record ExpectationFailure(string Expectation, string Expected, string Actual, TextSpan Span)
{
    public string Message => $"{Expectation}: expected {Expected}, got {Actual}";
}

/// <summary>
/// Checks a run against a case's expectations. Record checks (schemaValid, fields, assertions) read the records the
/// run received (<see cref="CaseRecords"/>); they fail on a run with no records, since a check of nothing proves nothing.
/// </summary>
public static class ExpectationEvaluator
{
    private const int MaxShown = 120;

    /// <param name="recordSchema">The endpoint's compiled record schema, or null when it declares none.</param>
    /// <param name="records">The run's records (<see cref="CaseRecords.Of"/>).</param>
    public static List<ExpectationFailure> Evaluate(TestCase testCase, RunResult run, IReadOnlyList<JsonNode?> records, SchemaNode? recordSchema)
    {
        var failures = new List<ExpectationFailure>();
        var expect = testCase.Expect;
        var stop = StopName(run.Stop);

        if (expect.Stop is { } stops)
        {
            if (!stops.Contains(stop, StringComparer.Ordinal))
            {
                failures.Add(new("stop", OneOf(stops), $"{stop} ({run.StopMessage})", At(expect.StopSyntax!)));
            }
        }
        else if (run.Outcome == RunOutcome.Failed)
        {
            failures.Add(new("run", "a run that does not fail", $"{stop}: {run.StopMessage}", testCase.NameSyntax.Span));
        }

        if (expect.Status is { } statuses)
        {
            CheckStatus(run, statuses, expect.StatusSyntax!, failures);
        }
        CheckBounds("records", expect.Records, run.Records, failures);
        CheckBounds("pages", expect.Pages, run.Pages.Count, failures);
        if (expect.MaxDurationMs is { } budget && run.DurationMs > budget)
        {
            failures.Add(new("maxDurationMs", $"at most {budget.ToString(CultureInfo.InvariantCulture)} ms", $"{Math.Round(run.DurationMs).ToString(CultureInfo.InvariantCulture)} ms", At(expect.MaxDurationSyntax!)));
        }
        foreach (var header in expect.Headers)
        {
            CheckHeader(run, header, failures);
        }

        var checksRecords = expect.SchemaValid == true || expect.Fields.Count > 0 || expect.Assertions.Count > 0;
        if (checksRecords && records.Count == 0)
        {
            var where = expect.SchemaValid == true ? expect.SchemaValidSyntax! : expect.Fields.Count > 0 ? expect.Fields[0].Syntax : expect.Assertions[0].Syntax;
            failures.Add(new("records", "records to check", "none", At(where)));
            return failures;
        }
        if (expect.SchemaValid == true)
        {
            CheckSchema(records, recordSchema, expect.SchemaValidSyntax!, failures);
        }
        foreach (var (path, syntax) in expect.Fields)
        {
            var missing = records.Select((r, i) => (Found: CaseRecords.TryFind(r, path, out _), Index: i)).Where(x => !x.Found).ToList();
            if (missing.Count > 0)
            {
                failures.Add(new($"fields[\"{path}\"]", $"\"{path}\" in every record", $"missing from {Count(missing.Count, "record")} of {records.Count} (first: record {missing[0].Index + 1})", At(syntax)));
            }
        }
        for (var i = 0; i < expect.Assertions.Count; i++)
        {
            CheckAssertion(i, expect.Assertions[i], testCase.Tree, records, failures);
        }
        return failures;
    }

    /// <summary>A stop reason as run results and tests files write it (camelCase).</summary>
    public static string StopName(StopReason stop) => JsonNamingPolicy.CamelCase.ConvertName(stop.ToString());

    private static void CheckStatus(RunResult run, IReadOnlyList<int> statuses, SyntaxNode syntax, List<ExpectationFailure> failures)
    {
        if (run.Pages.Count == 0)
        {
            failures.Add(new("status", OneOf(statuses.Select(s => s.ToString(CultureInfo.InvariantCulture))), "no page (nothing was sent)", At(syntax)));
            return;
        }
        foreach (var page in run.Pages)
        {
            var status = page.Exchange.Response?.Status;
            if (status is null || !statuses.Contains(status.Value))
            {
                failures.Add(new("status", OneOf(statuses.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                    status is null ? $"no response on page {page.Number} ({page.Exchange.Error ?? "no answer"})" : $"{status} on page {page.Number}", At(syntax)));
                return;
            }
        }
    }

    private static void CheckBounds(string what, CountBounds? bounds, int actual, List<ExpectationFailure> failures)
    {
        if (bounds is null)
        {
            return;
        }
        if (bounds.Exactly is { } exactly && actual != exactly)
        {
            failures.Add(new(bounds.Syntax is ObjectSyntax ? $"{what}.exactly" : what, $"exactly {exactly}", actual.ToString(CultureInfo.InvariantCulture), At(bounds.ExactlySyntax ?? bounds.Syntax)));
        }
        if (bounds.Min is { } min && actual < min)
        {
            failures.Add(new($"{what}.min", $"at least {min}", actual.ToString(CultureInfo.InvariantCulture), At(bounds.MinSyntax ?? bounds.Syntax)));
        }
        if (bounds.Max is { } max && actual > max)
        {
            failures.Add(new($"{what}.max", $"at most {max}", actual.ToString(CultureInfo.InvariantCulture), At(bounds.MaxSyntax ?? bounds.Syntax)));
        }
    }

    private static void CheckHeader(RunResult run, HeaderExpectation header, List<ExpectationFailure> failures)
    {
        var name = $"headers[\"{header.Name}\"]";
        var expected = header.IsPattern ? $"a value matching {header.Expected}" : $"\"{Show(header.Expected)}\"";
        Regex? pattern = null;
        if (header.IsPattern)
        {
            try
            {
                pattern = new Regex(header.Pattern, RegexOptions.CultureInvariant, TestsFileAnalyzer.RegexTimeout);
            }
            catch (ArgumentException e)
            {
                failures.Add(new(name, expected, $"an invalid pattern ({e.Message})", At(header.ValueSyntax)));
                return;
            }
        }
        foreach (var page in run.Pages)
        {
            if (page.Exchange.Response is not { } response)
            {
                failures.Add(new(name, expected, $"no response on page {page.Number}", At(header.ValueSyntax)));
                return;
            }
            var values = response.Headers.Where(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            if (values.Count == 0)
            {
                failures.Add(new(name, expected, $"no {header.Name} header on page {page.Number}", At(header.ValueSyntax)));
                return;
            }
            var value = string.Join(", ", values);
            bool matched;
            try
            {
                matched = pattern?.IsMatch(value) ?? value == header.Expected;
            }
            catch (RegexMatchTimeoutException)
            {
                failures.Add(new(name, expected, $"a match that took over {TestsFileAnalyzer.RegexTimeout.TotalSeconds:0} s on page {page.Number}", At(header.ValueSyntax)));
                return;
            }
            if (!matched)
            {
                failures.Add(new(name, expected, $"\"{Show(value)}\" on page {page.Number}", At(header.ValueSyntax)));
                return;
            }
        }
    }

    private static void CheckSchema(IReadOnlyList<JsonNode?> records, SchemaNode? schema, SyntaxNode syntax, List<ExpectationFailure> failures)
    {
        if (schema is null)
        {
            failures.Add(new("schemaValid", "records valid against the endpoint's schema", "an endpoint without a usable record schema", At(syntax)));
            return;
        }
        var invalid = 0;
        string? first = null;
        for (var i = 0; i < records.Count; i++)
        {
            var tree = JsonParser.Parse(records[i]?.ToJsonString() ?? "null");
            if (tree.Root is null)
            {
                continue;
            }
            var violations = SchemaValidator.Validate(tree.Root, schema);
            if (violations.Count > 0)
            {
                invalid++;
                first ??= $"record {i + 1}: {violations[0].Message}{(violations.Count > 1 ? $" (and {Count(violations.Count - 1, "more problem")})" : "")}";
            }
        }
        if (invalid > 0)
        {
            failures.Add(new("schemaValid", "every record valid against the endpoint's schema", $"{Count(invalid, "invalid record")} of {records.Count}; {first}", At(syntax)));
        }
    }

    private static void CheckAssertion(int index, RecordAssertion assertion, SyntaxTree tree, IReadOnlyList<JsonNode?> records, List<ExpectationFailure> failures)
    {
        if (assertion.Path is not { } path)
        {
            return;
        }
        var name = $"assertions[{index}]";
        var expected = $"{(assertion.Any ? "some record" : "every record")} with {path} {Describe(assertion, tree)}";
        Regex? pattern = null;
        if (assertion.Matches is { } matches)
        {
            try
            {
                pattern = new Regex(matches, RegexOptions.CultureInvariant, TestsFileAnalyzer.RegexTimeout);
            }
            catch (ArgumentException e)
            {
                failures.Add(new(name, expected, $"an invalid pattern ({e.Message})", At(assertion.MatchesSyntax!)));
                return;
            }
        }
        var expectedEquals = assertion.EqualsValue is { } equalsSyntax ? Node(equalsSyntax, tree) : null;
        var expectedOneOf = assertion.OneOf?.Items.Select(item => Node(item, tree)).ToList();
        string? firstWhy = null;
        var firstFailing = -1;
        var failing = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var why = Why(assertion, records[i], path, expectedEquals, expectedOneOf, pattern);
            if (why is null)
            {
                if (assertion.Any)
                {
                    return;
                }
                continue;
            }
            failing++;
            if (firstWhy is null)
            {
                firstWhy = why;
                firstFailing = i;
            }
        }
        if (assertion.Any)
        {
            failures.Add(new(name, expected, $"no record of {records.Count} (record 1: {firstWhy})", At(assertion.Syntax)));
        }
        else if (failing > 0)
        {
            failures.Add(new(name, expected, $"{Count(failing, "record")} of {records.Count} not (first: record {firstFailing + 1}, {firstWhy})", At(assertion.Syntax)));
        }
    }

    /// <summary>Why one record fails an assertion, or null when it passes.</summary>
    private static string? Why(RecordAssertion assertion, JsonNode? record, string path, JsonNode? expectedEquals, List<JsonNode?>? oneOf, Regex? pattern)
    {
        var found = CaseRecords.TryFind(record, path, out var value);
        if (assertion.Exists is { } exists && exists != found)
        {
            return exists ? $"{path} missing" : $"{path} present ({Show(value)})";
        }
        if (!found)
        {
            return assertion.Exists == false ? null : assertion.EqualsValue is null && pattern is null && assertion.Type is null && oneOf is null ? null : $"{path} missing";
        }
        if (assertion.EqualsValue is not null && !Same(expectedEquals, value))
        {
            return $"{path} is {Show(value)}";
        }
        if (oneOf is not null && !oneOf.Any(o => Same(o, value)))
        {
            return $"{path} is {Show(value)}";
        }
        if (assertion.Type is { } type && TypeOf(value) is var actualType && actualType != type && !(type == "number" && actualType == "integer"))
        {
            return $"{path} is {(actualType is "integer" or "array" or "object" ? "an" : "a")} {actualType}";
        }
        if (pattern is not null)
        {
            var text = value is JsonValue v ? ResponseData.ScalarText(v) : null;
            try
            {
                if (text is null || !pattern.IsMatch(text))
                {
                    return $"{path} is {Show(value)}";
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return $"matching {path} took over {TestsFileAnalyzer.RegexTimeout.TotalSeconds:0} s";
            }
        }
        return null;
    }

    private static string Describe(RecordAssertion a, SyntaxTree tree)
    {
        var parts = new List<string>();
        if (a.Exists is { } exists) parts.Add(exists ? "present" : "absent");
        if (a.EqualsValue is { } equals) parts.Add($"equal to {Show(Node(equals, tree))}");
        if (a.OneOf is { } oneOf) parts.Add($"one of {Show(Node(oneOf, tree))}");
        if (a.Type is { } type) parts.Add($"of type {type}");
        if (a.Matches is { } matches) parts.Add($"matching /{matches}/");
        return string.Join(" and ", parts);
    }

    /// <summary>JSON equality with numbers by value (1 equals 1.0), and a text field (XML, CSV) equal to the number or boolean it spells.</summary>
    public static bool Same(JsonNode? expected, JsonNode? actual)
    {
        switch (expected, actual)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject e, JsonObject a):
                return e.Count == a.Count && e.All(p => a.TryGetPropertyValue(p.Key, out var other) && Same(p.Value, other));
            case (JsonArray e, JsonArray a):
                return e.Count == a.Count && e.Zip(a).All(pair => Same(pair.First, pair.Second));
            case (JsonValue e, JsonValue a):
                var ek = e.GetValueKind();
                var ak = a.GetValueKind();
                if (ek == JsonValueKind.Number && ak == JsonValueKind.Number)
                {
                    return SameNumber(e.ToJsonString(), a.ToJsonString());
                }
                if (ek is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False && ak == JsonValueKind.String)
                {
                    var text = a.GetValue<string>();
                    return ek == JsonValueKind.Number ? SameNumber(e.ToJsonString(), text) : text == e.ToJsonString();
                }
                return ek == ak && (ek != JsonValueKind.String || e.GetValue<string>() == a.GetValue<string>());
            default:
                return false;
        }
    }

    /// <summary>Two numbers' texts by value: exactly as decimals, else (out of decimal's range) as doubles; never throws.</summary>
    private static bool SameNumber(string x, string y) =>
        decimal.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx) && decimal.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy)
            ? dx == dy
            : double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var fx) && double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var fy) && fx.Equals(fy);

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>
    /// An expected value as written in the tests file (its text, so a number keeps its digits: 1e400 stays a number
    /// rather than an infinity no JSON writer accepts); null for JSON null or text that is not JSON.
    /// </summary>
    private static JsonNode? Node(SyntaxNode syntax, SyntaxTree tree)
    {
        try
        {
            return JsonNode.Parse(tree.Text.Substring(syntax.Span.Start, syntax.Span.Length), documentOptions: ResponseData.Lenient);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The span a failure points at: the property holding the expectation (its key), else the value.</summary>
    private static TextSpan At(SyntaxNode node) => node.Parent is PropertySyntax property ? property.Span : node.Span;

    private static string OneOf(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? list[0] : $"one of {string.Join(", ", list)}";
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static string Show(JsonNode? value) => Show(value?.ToJsonString() ?? "null");

    private static string Show(string text)
    {
        var printable = PrintableText.Escape(text);
        return printable.Length <= MaxShown ? printable : printable[..MaxShown] + "…";
    }
}
