using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;
using Patchworks.Core.Testing;

namespace Patchworks.Core.Tests.Testing;

/// <summary>Add Test writes into a person's JSONC: the case lands where they would have typed it and nothing else moves.</summary>
public sealed class TestCaseInsertionTests
{
    private static JsonObject Case() => new()
    {
        ["expect"] = new JsonObject
        {
            ["status"] = 200,
            ["stop"] = "completed",
            ["records"] = new JsonObject { ["min"] = 1, ["max"] = 500 },
            ["fields"] = new JsonArray("id", "email"),
        },
    };

    private static string Added(string text, string endpoint = "list-contacts", string name = "new case")
    {
        var result = TestCaseInsertion.Insert(text, endpoint, name, Case());
        Assert.Equal(result.NewText, TextEdit.Apply(text, result.Edits));
        return result.NewText;
    }

    private static JsonNode? Reparsed(string text) => JsonNode.Parse(SyntaxJsonWriter.Write(JsonParser.Parse(text).Root!));

    [Fact]
    public void A_case_joins_its_endpoint_keeping_every_comment_and_trailing_comma()
    {
        var text = """
            {
              // Tests of the sample (docs/testing.md).
              "$schema": "../../schemas/connector-tests.schema.json",
              "instance": "sandbox.instance.json", /* the stand-in API */
              "endpoints": {
                "list-contacts": {
                  // every page, replayed
                  "every page": {
                    "expect": { "status": 200, "records": 230, }, // exact
                  },
                },
              },
            }
            """.ReplaceLineEndings("\n");
        var after = Added(text);

        Assert.Equal("""
            {
              // Tests of the sample (docs/testing.md).
              "$schema": "../../schemas/connector-tests.schema.json",
              "instance": "sandbox.instance.json", /* the stand-in API */
              "endpoints": {
                "list-contacts": {
                  // every page, replayed
                  "every page": {
                    "expect": { "status": 200, "records": 230, }, // exact
                  },
                  "new case": {
                    "expect": {
                      "status": 200,
                      "stop": "completed",
                      "records": { "min": 1, "max": 500 },
                      "fields": ["id", "email"],
                    },
                  },
                },
              },
            }
            """.ReplaceLineEndings("\n"), after);
        Assert.Empty(JsonParser.Parse(after).Errors);
        Assert.Equal(2, TestsFileReader.Read("/w/x.tests.json", after).Cases.Count);
    }

    [Fact]
    public void A_file_without_trailing_commas_gets_none_and_keeps_its_tabs_and_crlf()
    {
        var text = "{\r\n\t\"endpoints\": {\r\n\t\t\"list-contacts\": {\r\n\t\t\t\"a\": { \"expect\": { \"status\": 200 } } // first\r\n\t\t}\r\n\t}\r\n}\r\n";
        var after = Added(text);
        Assert.Equal(
            "{\r\n\t\"endpoints\": {\r\n\t\t\"list-contacts\": {\r\n\t\t\t\"a\": { \"expect\": { \"status\": 200 } }, // first\r\n"
            + "\t\t\t\"new case\": {\r\n\t\t\t\t\"expect\": {\r\n\t\t\t\t\t\"status\": 200,\r\n\t\t\t\t\t\"stop\": \"completed\",\r\n"
            + "\t\t\t\t\t\"records\": { \"min\": 1, \"max\": 500 },\r\n\t\t\t\t\t\"fields\": [\"id\", \"email\"]\r\n\t\t\t\t}\r\n\t\t\t}\r\n"
            + "\t\t}\r\n\t}\r\n}\r\n", after);
    }

    [Fact]
    public void An_endpoint_without_cases_gets_its_object()
    {
        var text = "{\n  \"endpoints\": {\n    \"other\": {\n      \"x\": {}\n    }\n  }\n}\n";
        var after = Added(text);
        Assert.Equal(
            "{\n  \"endpoints\": {\n    \"other\": {\n      \"x\": {}\n    },\n    \"list-contacts\": {\n      \"new case\": {\n        \"expect\": {\n"
            + "          \"status\": 200,\n          \"stop\": \"completed\",\n          \"records\": { \"min\": 1, \"max\": 500 },\n          \"fields\": [\"id\", \"email\"]\n"
            + "        }\n      }\n    }\n  }\n}\n", after);
    }

    [Fact]
    public void Empty_endpoints_and_a_file_without_endpoints_get_them()
    {
        var empty = Added("{\n  \"instance\": \"a.instance.json\",\n  \"endpoints\": {}\n}\n");
        Assert.StartsWith("{\n  \"instance\": \"a.instance.json\",\n  \"endpoints\": {\n    \"list-contacts\": {\n      \"new case\": {\n", empty);
        Assert.EndsWith("\n    }\n  }\n}\n", empty);
        Assert.Equal(Reparsed(empty)!["endpoints"]!["list-contacts"]!["new case"]!.ToJsonString(), Case().ToJsonString());

        var none = Added("{\n  // nothing yet\n  \"instance\": \"a.instance.json\"\n}\n");
        Assert.Contains("// nothing yet", none, StringComparison.Ordinal);
        Assert.Equal(Reparsed(none)!["endpoints"]!["list-contacts"]!["new case"]!.ToJsonString(), Case().ToJsonString());
    }

    [Fact]
    public void A_name_the_endpoint_has_already_is_refused()
    {
        var text = "{ \"endpoints\": { \"list-contacts\": { \"new case\": {} } } }";
        var error = Assert.Throws<TestCaseInsertionException>(() => TestCaseInsertion.Insert(text, "list-contacts", "new case", Case()));
        Assert.Contains("has a case named \"new case\" already", error.Message, StringComparison.Ordinal);
        // The same name under another endpoint is a different case.
        Assert.Contains("\"other\": { \"new case\": ", Added(text, "other"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_does_not_parse_is_refused_with_where_it_fails()
    {
        var text = "{\n  \"endpoints\": {\n    \"list-contacts\": {\n      \"a\": { \"expect\": { \"status\": 200 }\n    }\n  }\n";
        var error = Assert.Throws<TestCaseInsertionException>(() => TestCaseInsertion.Insert(text, "list-contacts", "b", Case()));
        Assert.Matches(@"not valid JSON at line \d+, column \d+", error.Message);
        Assert.Contains("left as it is", error.Message, StringComparison.Ordinal);

        var missingComma = "{\n  \"instance\": \"a\"\n  \"endpoints\": {}\n}";
        var located = Assert.Throws<TestCaseInsertionException>(() => TestCaseInsertion.Insert(missingComma, "e", "b", Case()));
        // Where the parser finds the missing comma: right after the value that needs it.
        Assert.StartsWith("The tests file is not valid JSON at line 2, column 18 (Expected a comma after this value", located.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{ \"endpoints\": [] }", "\"endpoints\" in the tests file is not an object")]
    [InlineData("{ \"endpoints\": { \"list-contacts\": 3 } }", "\"endpoints\".\"list-contacts\" in the tests file is not an object")]
    public void A_file_of_another_shape_is_refused(string text, string message)
    {
        var error = Assert.Throws<TestCaseInsertionException>(() => TestCaseInsertion.Insert(text, "list-contacts", "b", Case()));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_file_starts_with_its_schema_and_instance_and_shows_the_case()
    {
        var result = TestCaseInsertion.Insert(null, "list-contacts", "new case", Case(), new NewTestsFile("../../schemas/connector-tests.schema.json", "sandbox.instance.json"));
        Assert.StartsWith("{\n  \"$schema\": \"../../schemas/connector-tests.schema.json\",\n  \"instance\": \"sandbox.instance.json\",\n  \"endpoints\": {\n", result.NewText);
        Assert.Single(result.Edits);
        Assert.Equal("\"new case\"", result.NewText.Substring(result.CaseNameSpan.Start, result.CaseNameSpan.Length));
        var file = TestsFileReader.Read("/w/x.tests.json", result.NewText);
        Assert.Equal("sandbox.instance.json", file.InstancePath);
        var added = Assert.Single(file.Cases);
        Assert.Equal(("list-contacts", "new case"), (added.EndpointId, added.Name));
        Assert.Equal(200, Assert.Single(added.Expect.Status!));
    }

    [Fact]
    public void The_schema_reference_is_relative_to_the_workspace_copy_else_the_published_id()
    {
        Assert.Equal("../../schemas/connector-tests.schema.json",
            TestCaseInsertion.SchemaReference(Path.Combine("/w", "samples", "hubspot"), Path.Combine("/w", "schemas", "connector-tests.schema.json")));
        Assert.Equal(TestCaseInsertion.PublishedSchemaId, TestCaseInsertion.SchemaReference("/w", null));
        Assert.Equal(TestCaseInsertion.PublishedSchemaId, TestCaseInsertion.Insert("  \n", "e", "c", Case()).NewText.Split('"')[3]);
    }

    [Fact]
    public void The_new_cases_name_span_points_at_it_in_an_existing_file()
    {
        var result = TestCaseInsertion.Insert("{\n  \"endpoints\": { \"e\": {\n    \"x\": {}\n  } }\n}", "e", "c\"q", Case());
        Assert.Equal("\"c\\\"q\"", result.NewText.Substring(result.CaseNameSpan.Start, result.CaseNameSpan.Length));
    }
}
