using System.Text.Json.Nodes;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;

namespace Patchworks.Core.Tests.Testing;

/// <summary>Each expectation, met and not met, against a run result as the runner builds it.</summary>
public sealed class ExpectationEvaluatorTests
{
    private static readonly JsonNode?[] ThreeRecords =
    [
        JsonNode.Parse("""{ "id": 1, "status": "open", "name": "Item 1", "price": 1.0, "tags": ["a"], "note": null }"""),
        JsonNode.Parse("""{ "id": 2, "status": "open", "name": "Item 2", "price": 2.5, "tags": ["b"], "note": null }"""),
        JsonNode.Parse("""{ "id": 3, "status": "closed", "name": "Other", "price": 3, "tags": [], "note": null }"""),
    ];

    private static TestsFile File(string expect) =>
        TestsFileReader.Read("/virtual/t.tests.json", $$"""{ "endpoints": { "list": { "case": { "expect": {{expect}} } } } }""");

    private static RunResult Run(StopReason stop = StopReason.Completed, int pages = 1, int status = 200, double durationMs = 50, int records = 3,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null) => new()
    {
        Connector = "t.connector.json",
        Endpoint = "list",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationMs = durationMs,
        Auth = [],
        Pages = [.. Enumerable.Range(1, pages).Select(n => new PageResult(n, new ExchangeRecord(
            new RequestRecord("GET", $"https://api.test/items?page={n}", [], null),
            new ResponseRecord(status, "OK", headers ?? [new("Content-Type", "application/json; charset=utf-8"), new("X-Source", "fixture")], null, null, null, 10, "application/json", 1, 2),
            null), records, null))],
        Records = records,
        Bytes = 10,
        Requests = pages,
        RateLimitWaitMs = 0,
        Stop = stop,
        StopMessage = stop == StopReason.Completed ? "Last page." : "It went wrong.",
        Warnings = [],
    };

    private static List<ExpectationFailure> Evaluate(string expect, RunResult? run = null, IReadOnlyList<JsonNode?>? records = null, SchemaNode? schema = null) =>
        ExpectationEvaluator.Evaluate(File(expect).Cases[0], run ?? Run(), records ?? ThreeRecords, schema);

    private static void Passes(string expect, RunResult? run = null, IReadOnlyList<JsonNode?>? records = null, SchemaNode? schema = null)
    {
        var failures = Evaluate(expect, run, records, schema);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => f.Message)));
    }

    private static ExpectationFailure Fails(string expect, string expectation, RunResult? run = null, IReadOnlyList<JsonNode?>? records = null, SchemaNode? schema = null)
    {
        var failures = Evaluate(expect, run, records, schema);
        return Assert.Single(failures, f => f.Expectation == expectation);
    }

    [Theory]
    [InlineData("""{ "status": 200 }""")]
    [InlineData("""{ "status": [201, 200] }""")]
    [InlineData("""{ "records": 3, "pages": 1 }""")]
    [InlineData("""{ "records": { "min": 3, "max": 3 }, "pages": { "exactly": 1 } }""")]
    [InlineData("""{ "stop": "completed" }""")]
    [InlineData("""{ "stop": ["maxPages", "completed"] }""")]
    [InlineData("""{ "maxDurationMs": 50 }""")]
    [InlineData("""{ "headers": { "content-type": "application/json; charset=utf-8", "X-SOURCE": "/^fix/" } }""")]
    [InlineData("""{ "fields": ["id", "tags", "note", "$.name"] }""")]
    [InlineData("""{ "assertions": [ { "path": "status", "oneOf": ["open", "closed"] } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "status", "equals": "closed", "any": true } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "price", "type": "number" }, { "path": "id", "type": "integer" } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "price", "equals": 3.00, "any": true } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "name", "matches": "^(Item \\d|Other)$" } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "id", "matches": "^[123]$" } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "missing", "exists": false }, { "path": "note", "exists": true, "type": "null" } ] }""")]
    [InlineData("""{ "assertions": [ { "path": "tags[0]", "exists": true, "any": true }, { "path": "tags", "type": "array" } ] }""")]
    public void A_met_expectation_passes(string expect) => Passes(expect);

    [Theory]
    [InlineData("""{ "status": 201 }""", "status", "201", "200 on page 1")]
    [InlineData("""{ "records": 4 }""", "records", "exactly 4", "3")]
    [InlineData("""{ "records": { "min": 4 } }""", "records.min", "at least 4", "3")]
    [InlineData("""{ "records": { "max": 2 } }""", "records.max", "at most 2", "3")]
    [InlineData("""{ "pages": { "exactly": 2 } }""", "pages.exactly", "exactly 2", "1")]
    [InlineData("""{ "stop": "maxPages" }""", "stop", "maxPages", "completed (Last page.)")]
    [InlineData("""{ "maxDurationMs": 49 }""", "maxDurationMs", "at most 49 ms", "50 ms")]
    [InlineData("""{ "headers": { "content-type": "text/plain" } }""", "headers[\"content-type\"]", "\"text/plain\"", "\"application/json; charset=utf-8\" on page 1")]
    [InlineData("""{ "headers": { "etag": "/./" } }""", "headers[\"etag\"]", "a value matching /./", "no etag header on page 1")]
    [InlineData("""{ "fields": ["tags[0]"] }""", "fields[\"tags[0]\"]", "\"tags[0]\" in every record", "missing from 1 record of 3 (first: record 3)")]
    [InlineData("""{ "assertions": [ { "path": "status", "equals": "open" } ] }""", "assertions[0]", "every record with status equal to \"open\"", "1 record of 3 not (first: record 3, status is \"closed\")")]
    [InlineData("""{ "assertions": [ { "path": "status", "equals": "gone", "any": true } ] }""", "assertions[0]", "some record with status equal to \"gone\"", "no record of 3 (record 1: status is \"open\")")]
    [InlineData("""{ "assertions": [ { "path": "price", "type": "integer" } ] }""", "assertions[0]", "every record with price of type integer", "1 record of 3 not (first: record 2, price is a number)")]
    [InlineData("""{ "assertions": [ { "path": "id", "oneOf": [1, 2] } ] }""", "assertions[0]", "every record with id one of [1,2]", "1 record of 3 not (first: record 3, id is 3)")]
    [InlineData("""{ "assertions": [ { "path": "name", "matches": "^Item" } ] }""", "assertions[0]", "every record with name matching /^Item/", "1 record of 3 not (first: record 3, name is \"Other\")")]
    [InlineData("""{ "assertions": [ { "path": "note", "exists": false } ] }""", "assertions[0]", "every record with note absent", "3 records of 3 not (first: record 1, note present (null))")]
    [InlineData("""{ "assertions": [ { "path": "sku", "type": "string" } ] }""", "assertions[0]", "every record with sku of type string", "3 records of 3 not (first: record 1, sku missing)")]
    public void An_unmet_expectation_fails_saying_what_was_expected_and_what_came(string expect, string expectation, string expected, string actual)
    {
        var failure = Fails(expect, expectation);
        Assert.Equal(expected, failure.Expected);
        Assert.Equal(actual, failure.Actual);
    }

    [Fact]
    public void A_failed_run_fails_the_case_with_its_stop_message()
    {
        var failure = Fails("{}", "run", Run(StopReason.NetworkError, records: 0));
        Assert.Equal("networkError: It went wrong.", failure.Actual);
    }

    [Fact]
    public void A_failed_run_the_case_expects_passes()
    {
        Passes("""{ "stop": "httpError", "status": 404 }""", Run(StopReason.HttpError, status: 404, records: 0), []);
    }

    [Fact]
    public void A_stopped_run_passes_without_a_stop_expectation()
    {
        Passes("""{ "records": 3 }""", Run(StopReason.MaxPages));
    }

    [Fact]
    public void Record_checks_on_no_records_fail()
    {
        var failure = Fails("""{ "fields": ["id"] }""", "records", Run(records: 0), []);
        Assert.Equal("none", failure.Actual);
    }

    [Fact]
    public void Status_with_no_page_fails()
    {
        var failure = Fails("""{ "status": 200, "stop": "missingSecret" }""", "status", Run(StopReason.MissingSecret, pages: 0, records: 0), []);
        Assert.Equal("no page (nothing was sent)", failure.Actual);
    }

    [Fact]
    public void Every_page_must_answer_with_the_status()
    {
        Passes("""{ "status": 200, "pages": 3 }""", Run(pages: 3));
        Fails("""{ "status": 201, "pages": 3 }""", "status", Run(pages: 3));
    }

    [Fact]
    public void Schema_validity_passes_and_fails_on_the_records()
    {
        var schema = SchemaCompiler.Compile(JsonParser.Parse("""{ "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" }, "price": { "type": "number" } } }"""));
        Passes("""{ "schemaValid": true }""", schema: schema);

        var bad = new[] { ThreeRecords[0], JsonNode.Parse("""{ "id": "two" }"""), JsonNode.Parse("""{ "name": "x" }""") };
        var failure = Fails("""{ "schemaValid": true }""", "schemaValid", records: bad, schema: schema);
        Assert.StartsWith("2 invalid records of 3; record 2: ", failure.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_validity_without_a_schema_fails()
    {
        Fails("""{ "schemaValid": true }""", "schemaValid");
    }

    [Fact]
    public void A_text_record_field_equals_the_number_it_spells()
    {
        Passes("""{ "assertions": [ { "path": "Qty", "equals": 3 }, { "path": "Address.PostCode", "equals": "AB1" } ] }""",
            records: [JsonNode.Parse("""{ "Qty": "3", "Address.PostCode": "AB1" }""")]);
    }

    [Fact]
    public void Numbers_past_any_range_compare_without_throwing()
    {
        Passes("""{ "assertions": [ { "path": "big", "equals": 1e400 }, { "path": "id", "oneOf": [1e999, -1e999, 1.0] } ] }""",
            records: [JsonNode.Parse("""{ "big": 1e400, "id": 1 }""")]);
        Fails("""{ "assertions": [ { "path": "big", "equals": -1e400 } ] }""", "assertions[0]", records: [JsonNode.Parse("""{ "big": 1e400 }""")]);
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_as_a_failure_not_a_hang()
    {
        var started = DateTime.UtcNow;
        var failure = Fails("""{ "assertions": [ { "path": "name", "matches": "^(a+)+$" } ] }""", "assertions[0]",
            records: [new JsonObject { ["name"] = new string('a', 5000) + "!" }]);
        Assert.Contains("took over", failure.Actual, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_failure_points_at_its_expectation_in_the_file()
    {
        var text = "{\n  \"endpoints\": { \"list\": { \"case\": {\n    \"expect\": {\n      \"records\": { \"min\": 9 }\n    }\n  } } }\n}";
        var file = TestsFileReader.Read("/virtual/t.tests.json", text);
        var failure = Assert.Single(ExpectationEvaluator.Evaluate(file.Cases[0], Run(), ThreeRecords, null));
        var at = file.Tree.Lines.GetRange(failure.Span).Start;
        Assert.Equal((4, 20), (at.Line + 1, at.Character + 1));
    }
}
