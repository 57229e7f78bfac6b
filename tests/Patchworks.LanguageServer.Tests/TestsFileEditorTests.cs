using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>A connector's tests file open in the editor: its PW7xxx and schema diagnostics as typed, and hover from its schema.</summary>
public sealed class TestsFileEditorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Tests = """
        {
          // The fixture connector's tests.
          "instance": "test.instance.json",
          "endpoints": {
            "list": {
              "open": { "variables": { "status": "open" }, "expect": { "records": { "min": 1 }, "schemaValid": false } },
            },
          },
        }
        """;

    private async Task<(InProcessServer Session, string Path)> OpenAsync(string text)
    {
        _folder.Write(Fixtures.ConnectorFile, Fixtures.Connector);
        _folder.Write(Fixtures.InstanceFile, Fixtures.Instance);
        var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.Write("test.tests.json", text);
        await session.Client.OpenAsync(path, text);
        return (session, path);
    }

    [Fact]
    public async Task A_clean_tests_file_has_no_diagnostics_and_an_unknown_endpoint_is_reported_where_it_is_written()
    {
        var (session, path) = await OpenAsync(Tests);
        await using var _ = session;
        Assert.Empty((await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1)).Diagnostics);

        var broken = Fixtures.Edit(Tests, ("\"list\": {", "\"lists\": {"));
        await session.Client.ChangeAsync(path, 2, new TextDocumentContentChangeEvent(null, broken));

        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 2);
        var diagnostic = Assert.Single(publish.Diagnostics);
        Assert.Equal("PW7002", diagnostic.Code);
        Assert.Equal(new LspPosition(4, 4), diagnostic.Range.Start);
    }

    [Fact]
    public async Task An_open_tests_file_is_checked_again_when_its_connector_changes()
    {
        var (session, path) = await OpenAsync(Tests);
        await using var _ = session;
        Assert.Empty((await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1)).Diagnostics);
        var connectorPath = _folder.PathOf(Fixtures.ConnectorFile);
        await session.Client.OpenAsync(connectorPath, Fixtures.Connector);
        await session.Client.WaitForDiagnosticsAsync(connectorPath, p => p.Version == 1);

        await session.Client.ChangeAsync(connectorPath, 2, new TextDocumentContentChangeEvent(null, Fixtures.Edit(Fixtures.Connector, ("\"id\": \"list\"", "\"id\": \"list-items\""))));

        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Diagnostics.Count > 0);
        Assert.Equal(["PW7002"], publish.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public async Task The_schema_checks_an_open_tests_file()
    {
        var text = Fixtures.Edit(Tests, ("\"schemaValid\": false", "\"schemaValid\": false, \"recods\": 3"));
        var (session, path) = await OpenAsync(text);
        await using var _ = session;

        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Version == 1);

        Assert.Equal(["PW1001"], publish.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public async Task Hover_on_an_expectation_shows_its_schema_description()
    {
        var (session, path) = await OpenAsync(Tests);
        await using var _ = session;
        var line = Tests.Split('\n').Select((l, i) => (l, i)).Single(x => x.l.Contains("schemaValid", StringComparison.Ordinal));

        var hover = await session.Client.RequestAsync<Hover?>("textDocument/hover",
            new { textDocument = new { uri = LspClient.Uri(path) }, position = new LspPosition(line.i, line.l.IndexOf("schemaValid", StringComparison.Ordinal) + 2) });

        Assert.NotNull(hover);
        Assert.StartsWith("**schemaValid** · boolean", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("every record is valid against the endpoint's declared record schema", hover.Contents.Value, StringComparison.Ordinal);
    }
}
