using Patchworks.Core.Diagnostics;
using Patchworks.Core.Testing;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Testing;

/// <summary>A tests file for the rule fixtures' connector that analyses clean, and how to analyse a variant of it.</summary>
public static class TestsFileFixtures
{
    public const string TestsFileName = "test.tests.json";

    public const string Clean = """
        {
          // Tests of the fixture connector: comments and trailing commas, as in every JSONC file.
          "$schema": "../schemas/connector-tests.schema.json",
          "instance": "test.instance.json",
          "endpoints": {
            "list": {
              "open items": {
                "variables": { "status": "open", "region": "uk", "meta.id": "7" },
                "maxPages": 2,
                "expect": {
                  "status": 200,
                  "stop": ["completed", "maxPages"],
                  "records": { "min": 1, "max": 10 },
                  "pages": 1,
                  "fields": ["id", "tags[0]"],
                  "headers": { "content-type": "/json/", "x-source": "fixture" },
                  "assertions": [
                    { "path": "status", "equals": "open" },
                    { "path": "name", "matches": "^Item \\d+$", "any": true },
                  ],
                },
              },
            },
          },
        }
        """;

    public static string TestsPath => InMemoryFileSystem.PathOf(TestsFileName);

    public static (TestsFile File, IReadOnlyList<Diagnostic> Diagnostics) Analyze(string testsText, string? connectorText = null, Action<InMemoryFileSystem>? stage = null)
    {
        var files = new InMemoryFileSystem()
            .Add(Fixtures.ConnectorFile, connectorText ?? Fixtures.Connector)
            .Add(Fixtures.InstanceFile, Fixtures.Instance)
            .Add(TestsFileName, testsText);
        stage?.Invoke(files);
        var connectorPath = InMemoryFileSystem.PathOf(Fixtures.ConnectorFile);
        var connector = ConnectorDocument.Create(connectorPath, files.ReadAllText(connectorPath), files);
        var file = TestsFileReader.Read(TestsPath, testsText);
        return (file, TestsFileAnalyzer.Analyze(file, p => p == connectorPath ? connector : null, files));
    }
}
