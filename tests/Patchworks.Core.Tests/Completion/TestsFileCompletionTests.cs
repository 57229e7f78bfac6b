using Patchworks.Core.Completion;
using Patchworks.Core.Testing;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Completion;

/// <summary>The core's candidates in a connector's tests file, from its schema and its connector.</summary>
public sealed class TestsFileCompletionTests
{
    private static readonly ConnectorDocument Connector =
        ConnectorDocument.Create(InMemoryFileSystem.PathOf(Fixtures.ConnectorFile), Fixtures.Connector, new InMemoryFileSystem());

    private const string Tests = """
        {
          "instance": "test.instance.json",
          "endpoints": {
            "list": {
              "open": { "variables": { "status": "open" }, "expect": { "records": 1 } },
            },
          },
        }
        """;

    private static List<string> Labels(string old, string marked, ConnectorDocument? connector = null, string[]? instances = null, string[]? connectors = null)
    {
        var (text, offset) = Cursor.Split(Fixtures.Edit(Tests, (old, marked)));
        var file = TestsFileReader.Read(InMemoryFileSystem.PathOf("test.tests.json"), text);
        return [.. TestsFileCompletion.At(file, offset, connector, instances ?? [], connectors ?? []).Select(c => c.Label)];
    }

    [Fact]
    public void Endpoint_ids_not_tested_yet()
    {
        Assert.Equal(["create"], Labels("    },\n  },", "    },\n    |\n  },", Connector));
        Assert.Equal(["create"], Labels("    },\n  },", "    },\n    \"cr|\n  },", Connector));
        Assert.Empty(Labels("    },\n  },", "    },\n    |\n  },"));
    }

    [Fact]
    public void An_endpoint_id_inserts_a_case_to_fill()
    {
        var (text, offset) = Cursor.Split(Fixtures.Edit(Tests, ("    },\n  },", "    },\n    |\n  },")));
        var candidate = Assert.Single(TestsFileCompletion.At(TestsFileReader.Read(InMemoryFileSystem.PathOf("test.tests.json"), text), offset, Connector, [], []));
        Assert.True(candidate.IsSnippet);
        Assert.StartsWith("\"create\": {", candidate.InsertText, StringComparison.Ordinal);
        Assert.Equal(CandidateKind.Reference, candidate.Kind);
    }

    [Fact]
    public void Case_variables_are_what_the_endpoint_sees_and_its_filters()
    {
        Assert.Equal(["api_key", "host", "region"], Labels("{ \"status\": \"open\" }", "{ \"status\": \"open\", | }", Connector).Order(StringComparer.Ordinal));
        Assert.Equal(["api_key", "host", "region", "status"], Labels("{ \"status\": \"open\" }", "{ | }", Connector).Order(StringComparer.Ordinal));
        // Without the connector there is nothing to offer; "variables" elsewhere is not a case's.
        Assert.Empty(Labels("{ \"status\": \"open\" }", "{ | }"));
    }

    [Fact]
    public void Instance_and_connector_values_are_paths_relative_to_the_tests_file()
    {
        var instances = new[] { InMemoryFileSystem.PathOf("test.instance.json"), InMemoryFileSystem.PathOf("instances/live.instance.json") };
        Assert.Equal(["instances/live.instance.json", "test.instance.json"], Labels("\"instance\": \"test.instance.json\"", "\"instance\": \"|\"", Connector, instances));
        Assert.Equal(["instances/live.instance.json", "test.instance.json"], Labels("\"open\": {", "\"open\": { \"instance\": \"|\",", Connector, instances));
        Assert.Equal(["../x.connector.json"], Labels("\"instance\": \"test.instance.json\"", "\"connector\": \"|\"", null, connectors: [Path.GetFullPath(Path.Combine(InMemoryFileSystem.Root, "..", "x.connector.json"))]));
    }

    [Fact]
    public void Expectation_keys_and_values_come_from_the_schema()
    {
        var keys = Labels("\"records\": 1 }", "\"records\": 1, | }");
        Assert.Contains("status", keys);
        Assert.Contains("schemaValid", keys);
        Assert.DoesNotContain("records", keys);
        var stops = Labels("\"records\": 1 }", "\"records\": 1, \"stop\": \"|\" }");
        Assert.Contains("completed", stops);
        Assert.Contains("maxPages", stops);
        Assert.Contains("endNotProven", Labels("\"records\": 1 }", "\"records\": 1, \"stop\": [\"completed\", \"|\"] }"));
        Assert.Equal(["false", "true"], Labels("\"records\": 1 }", "\"records\": 1, \"schemaValid\": | }").Order(StringComparer.Ordinal));
        var top = Labels("\"instance\": \"test.instance.json\",", "\"instance\": \"test.instance.json\", |");
        Assert.Contains("connector", top);
        Assert.DoesNotContain("instance", top);
    }
}
