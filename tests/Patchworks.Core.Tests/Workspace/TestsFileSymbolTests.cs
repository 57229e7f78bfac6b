using Patchworks.Core.Testing;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Tests.Workspace;

/// <summary>A connector's tests file in the symbol index: its endpoint keys and case variables are uses, renamed with the connector.</summary>
public sealed class TestsFileSymbolTests
{
    private const string Tests = """
        {
          "connector": "test.connector.json",
          "instance": "test.instance.json",
          "endpoints": {
            "list": { "open": { "variables": { "status": "open", "host": "h", "nope": 1 } } },
            "unknown": { "case": {} },
          },
        }
        """;

    private static string TestsPath => InMemoryFileSystem.PathOf("test.tests.json");

    private static SymbolReferences Build(string tests = Tests, InMemoryFileSystem? files = null)
    {
        files ??= SymbolFixture.Files(SymbolFixture.Connector, SymbolFixture.Instance);
        var workspace = new ConnectorWorkspace(files);
        workspace.Add(SymbolFixture.ConnectorPath);
        workspace.Add(SymbolFixture.InstancePath);
        var document = workspace.GetConnector(SymbolFixture.ConnectorPath)!;
        var other = TestsFileReader.Read(InMemoryFileSystem.PathOf("other.tests.json"), "{ \"endpoints\": { \"list\": {} } }");
        return SymbolReferences.Build(document, workspace.InstancesOf(document.FilePath), [TestsFileReader.Read(TestsPath, tests), other]);
    }

    [Fact]
    public void Endpoint_keys_and_case_variables_resolve_to_the_connector()
    {
        var index = Build();
        var endpoint = index.At(TestsPath, SymbolFixture.At(Tests, "\"list\"", 2))!.Value.Symbol;
        Assert.Equal((ConnectorSymbolKind.Endpoint, "list"), (endpoint.Kind, endpoint.Name));
        // The endpoint's own variable, and a connector variable it sees.
        Assert.Equal("endpoint 'list'", index.At(TestsPath, SymbolFixture.At(Tests, "\"status\"", 2))!.Value.Symbol.Container);
        Assert.Equal("connector", index.At(TestsPath, SymbolFixture.At(Tests, "\"host\"", 2))!.Value.Symbol.Container);
        Assert.Equal(ConnectorSymbolKind.ConnectorFile, index.At(TestsPath, SymbolFixture.At(Tests, "test.connector.json", 2))!.Value.Symbol.Kind);
        Assert.Null(index.At(TestsPath, SymbolFixture.At(Tests, "\"nope\"", 2)));
        Assert.Null(index.At(TestsPath, SymbolFixture.At(Tests, "\"unknown\"", 2)));
        Assert.Null(index.At(TestsPath, SymbolFixture.At(Tests, "\"open\"", 2)));
    }

    [Fact]
    public void Only_the_connectors_own_tests_files_count()
    {
        var index = Build();
        var endpoint = index.At(TestsPath, SymbolFixture.At(Tests, "\"list\"", 2))!.Value.Symbol;
        var locations = index.Locations(endpoint, includeDeclaration: false);
        // other.tests.json tests "other.connector.json" (its name), not this connector.
        Assert.DoesNotContain(locations, l => l.FilePath.EndsWith("other.tests.json", StringComparison.Ordinal));
        Assert.Contains(locations, l => l.FilePath == TestsPath && l.Span.Start == SymbolFixture.At(Tests, "\"list\"", 1));
        Assert.Equal([TestsPath], index.TestsFiles.Select(t => t.FilePath));
    }

    [Fact]
    public void Renaming_an_endpoint_edits_the_tests_file_key()
    {
        var index = Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"id\": \"list\"", 8), "list-items");
        Assert.Null(plan.Refusal);
        var edit = Assert.Single(plan.Edits, e => e.FilePath == TestsPath);
        Assert.Equal(SymbolFixture.At(Tests, "\"list\"", 1), edit.Span.Start);
        Assert.Equal(4, edit.Span.Length);
        Assert.Empty(plan.Folders);
    }

    [Fact]
    public void Renaming_a_variable_from_a_tests_file_edits_the_connector_too()
    {
        var index = Build();
        var plan = SymbolRename.Plan(index, TestsPath, SymbolFixture.At(Tests, "\"host\"", 2), "api_host");
        Assert.Null(plan.Refusal);
        Assert.Contains(plan.Edits, e => e.FilePath == TestsPath);
        Assert.Contains(plan.Edits, e => e.FilePath == SymbolFixture.ConnectorPath);
    }

    [Fact]
    public void The_recordings_folder_follows_an_endpoint_when_there_is_one()
    {
        var files = SymbolFixture.Files(SymbolFixture.Connector, SymbolFixture.Instance).Special("recordings/list", FileKind.Directory);
        var index = Build(files: files);
        var at = SymbolFixture.At(Tests, "\"list\"", 2);

        var plan = SymbolRename.Plan(index, TestsPath, at, "list-items", files);
        Assert.Equal([new FolderRename(InMemoryFileSystem.PathOf("recordings/list"), InMemoryFileSystem.PathOf("recordings/list-items"))], plan.Folders);
        // Without a file system to look in, text only.
        Assert.Empty(SymbolRename.Plan(index, TestsPath, at, "list-items").Folders);

        files.Special("recordings/list-items", FileKind.Directory);
        Assert.StartsWith("recordings/list-items already exists", SymbolRename.Plan(index, TestsPath, at, "list-items", files).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_onto_a_key_the_tests_file_has_is_refused()
    {
        var index = Build();
        var plan = SymbolRename.Plan(index, SymbolFixture.ConnectorPath, SymbolFixture.At(SymbolFixture.Connector, "\"id\": \"list\"", 8), "unknown");
        Assert.Equal("test.tests.json already has a key 'unknown' beside 'list'.", plan.Refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("{ \"endpoints\": [] }")]
    [InlineData("{ \"endpoints\": { \"list\": 3, \"\": { \"x\": { \"variables\": 4 } } } }")]
    public void A_garbage_tests_file_adds_nothing_but_its_text(string text)
    {
        var index = Build(text);
        Assert.DoesNotContain(index.Uses, u => u.Location.FilePath == TestsPath && u.Target.Kind != ConnectorSymbolKind.Endpoint);
        Assert.Equal(text, index.Texts[TestsPath]);
    }

    [Fact]
    public void Hover_summary_of_an_endpoint_has_its_request()
    {
        var index = Build();
        var endpoint = index.At(TestsPath, SymbolFixture.At(Tests, "\"list\"", 2))!.Value.Symbol;
        var summary = SymbolSummary.Markdown(endpoint);
        Assert.NotNull(summary);
        Assert.StartsWith("**list** — List items · endpoint of Test", summary, StringComparison.Ordinal);
        Assert.Contains("GET https://{{host}}/{{region}}/items", summary, StringComparison.Ordinal);
        Assert.Null(SymbolSummary.Markdown(index.At(TestsPath, SymbolFixture.At(Tests, "\"host\"", 2))!.Value.Symbol));
    }

    [Fact]
    public void A_scan_lists_tests_files_apart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pw-scan-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.connector.json"), "{}");
            File.WriteAllText(Path.Combine(folder, "sub", "a.tests.json"), "{}");
            File.WriteAllText(Path.Combine(folder, "other.json"), "{}");
            var scan = WorkspaceFiles.Scan(folder);
            Assert.Equal([Path.Combine(folder, "a.connector.json")], scan.Files);
            Assert.Equal([Path.Combine(folder, "sub", "a.tests.json")], scan.TestsFiles);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
