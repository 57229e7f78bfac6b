using Patchworks.Core.Tests.Infrastructure;
using static Patchworks.Core.Tests.Testing.TestsFileFixtures;

namespace Patchworks.Core.Tests.Testing;

/// <summary>One PW7xxx code: a tests file (and optionally a connector) that must report it at <see cref="SpanText"/>, and a near miss that must be clean.</summary>
public sealed record TestsRuleCase(string Code, string BadTests, string GoodTests, string SpanText, string? BadConnector = null, string? GoodConnector = null)
{
    public override string ToString() => Code;
}

public static class TestsFileRuleCases
{
    private static string T(params (string Old, string New)[] edits) => Fixtures.Edit(Clean, edits);

    private const string Expect = "\"expect\": {";
    private const string Fields = "\"fields\": [\"id\", \"tags[0]\"],";

    private static readonly string WithSchema = Fixtures.Edit(Fixtures.Connector,
        ("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n      \"schema\": { \"type\": \"object\", \"required\": [\"id\"] }"));

    public static IReadOnlyList<TestsRuleCase> All { get; } =
    [
        new("PW7001", T(("\"instance\": \"test.instance.json\",", "\"connector\": \"other.connector.json\",\n  \"instance\": \"test.instance.json\",")),
            T(("\"instance\": \"test.instance.json\",", "\"connector\": \"test.connector.json\",\n  \"instance\": \"test.instance.json\",")), "\"other.connector.json\""),
        new("PW7002", T(("\"list\": {", "\"lists\": {")), Clean, "\"lists\""),
        new("PW7003", T(("\"maxPages\": 2,", "\"maxPages\": 2,\n        \"instance\": \"missing.instance.json\",")),
            T(("\"maxPages\": 2,", "\"maxPages\": 2,\n        \"instance\": \"./test.instance.json\",")), "\"missing.instance.json\""),
        new("PW7004", T(("\"instance\": \"test.instance.json\",", "")),
            T(("\"instance\": \"test.instance.json\",", ""), ("\"maxPages\": 2,", "\"maxPages\": 2,\n        \"instance\": \"test.instance.json\",")), "\"open items\""),
        new("PW7005", T(("\"status\": \"open\", \"region\"", "\"stauts\": \"open\", \"region\"")), Clean, "\"stauts\""),
        new("PW7006", T(("\"records\": { \"min\": 1, \"max\": 10 }", "\"records\": { \"min\": 5, \"max\": 1 }")),
            T(("\"records\": { \"min\": 1, \"max\": 10 }", "\"records\": { \"min\": 1, \"max\": 1, \"exactly\": 1 }")), "{ \"min\": 5, \"max\": 1 }"),
        new("PW7007", T((Fields, "\"fields\": [\"id\", \"tags[*]\"],")), T((Fields, "\"fields\": [\"$.id\", \"tags.0\"],")), "\"tags[*]\""),
        new("PW7008", T(("\"/json/\"", "\"/json(/\"")), T(("\"/json/\"", "\"/(json)/\"")), "\"/json(/\""),
        new("PW7009", T((Expect, Expect + "\n          \"schemaValid\": true,")), T((Expect, Expect + "\n          \"schemaValid\": true,")), "true",
            GoodConnector: WithSchema),
        new("PW7010", T(("{ \"path\": \"status\", \"equals\": \"open\" }", "{ \"path\": \"status\" }")),
            T(("{ \"path\": \"status\", \"equals\": \"open\" }", "{ \"path\": \"status\", \"exists\": true }")), "{ \"path\": \"status\" }"),
    ];
}
