using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using static Patchworks.LanguageServer.Tests.Infrastructure.TextPositions;

namespace Patchworks.LanguageServer.Tests;

/// <summary>Definition, references, highlights and workspace symbols across a connector, a referenced file and two instances; ranges checked exactly.</summary>
public sealed class NavigationTests
{
    private static readonly string C = NavigationWorkspace.Connector;
    private static readonly string I = NavigationWorkspace.Instance;

    private static Task<Location?> DefinitionAsync(NavigationWorkspace w, string path, LspPosition position) =>
        w.RequestAsync<Location?>("textDocument/definition", path, position);

    /// <summary>A location of a name inside quotes in the connector: the name only.</summary>
    private static Location InConnector(NavigationWorkspace w, string quoted, int occurrence = 0) =>
        new(LspClient.Uri(w.ConnectorPath), RangeOf(C, quoted, 1, quoted.Length - 2, occurrence));

    private static Location AuthId(NavigationWorkspace w) => new(LspClient.Uri(w.ConnectorPath), RangeOf(C, "\"id\": \"key\"", 7, 3));

    [Fact]
    public async Task The_server_announces_every_navigation_feature()
    {
        await using var session = InProcessServer.Start();
        var result = await session.Client.InitializeAsync();
        Assert.True(result.Capabilities.DefinitionProvider);
        Assert.True(result.Capabilities.ReferencesProvider);
        Assert.True(result.Capabilities.DocumentHighlightProvider);
        Assert.True(result.Capabilities.WorkspaceSymbolProvider);
        Assert.True(result.Capabilities.RenameProvider?.PrepareProvider);
    }

    [Fact]
    public async Task Definition_of_a_placeholder_is_its_variable_key()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        Assert.Equal(InConnector(w, "\"api_key\""), await DefinitionAsync(w, w.ConnectorPath, PositionOf(C, "{{api_key}}", 4)));
        Assert.Equal(InConnector(w, "\"status\""), await DefinitionAsync(w, w.ConnectorPath, PositionOf(C, "{{status}}", 0)));
        Assert.Equal(InConnector(w, "\"host\""), await DefinitionAsync(w, w.ConnectorPath, PositionOf(C, "{{host}}", 8, occurrence: 1)));
    }

    [Fact]
    public async Task Definition_of_a_placeholder_in_a_referenced_file_is_in_the_connector()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        Assert.Equal(InConnector(w, "\"host\""), await DefinitionAsync(w, w.BodyPath, PositionOf(NavigationWorkspace.Body, "{{host}}", 3)));
    }

    [Fact]
    public async Task Definition_of_auth_method_references_and_uses_items()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var authId = AuthId(w);
        Assert.Equal(authId, await DefinitionAsync(w, w.ConnectorPath, PositionOf(C, "[\"key\"]", 2)));
        Assert.Equal(authId, await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"key\"", 1)));
        Assert.Equal(InConnector(w, "\"host\""), await DefinitionAsync(w, w.ConnectorPath, PositionOf(C, "[\"host\"]", 3)));
    }

    [Fact]
    public async Task Definition_of_instance_keys_is_in_the_connector()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        Assert.Equal(InConnector(w, "\"host\""), await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"host\"", 2)));
        Assert.Equal(InConnector(w, "\"api_key\""), await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"api_key\"", 2)));
        Assert.Equal(InConnector(w, "\"list\""), await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"list\"", 2)));
        Assert.Equal(InConnector(w, "\"status\""), await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"status\"", 2)));
        var connector = await DefinitionAsync(w, w.InstancePath, PositionOf(I, "test.connector.json", 3));
        Assert.Equal(new Location(LspClient.Uri(w.ConnectorPath), new LspRange(new LspPosition(0, 0), new LspPosition(0, 0))), connector);
        Assert.Null(await DefinitionAsync(w, w.InstancePath, PositionOf(I, "\"timeZone\"", 2)));
    }

    [Fact]
    public async Task References_of_a_variable_reach_every_file_with_or_without_the_declaration()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var position = PositionOf(C, "\"host\"", 2);
        var uses = new[]
        {
            new Location(LspClient.Uri(w.BodyPath), RangeOf(NavigationWorkspace.Body, "{{host}}", 2, 4)),
            InConnector(w, "\"host\"", 1),
            new Location(LspClient.Uri(w.ConnectorPath), RangeOf(C, "{{host}}", 2, 4, 0)),
            new Location(LspClient.Uri(w.ConnectorPath), RangeOf(C, "{{host}}", 2, 4, 1)),
            new Location(LspClient.Uri(w.LivePath), RangeOf(NavigationWorkspace.LiveInstance, "\"host\"", 1, 4)),
            new Location(LspClient.Uri(w.InstancePath), RangeOf(I, "\"host\"", 1, 4)),
        };
        var without = await w.RequestAsync<Location[]>("textDocument/references", w.ConnectorPath, position, new ReferenceContext(false));
        Assert.Equal(Sorted(uses), Sorted(without));
        var with = await w.RequestAsync<Location[]>("textDocument/references", w.ConnectorPath, position, new ReferenceContext(true));
        Assert.Equal(Sorted([InConnector(w, "\"host\""), .. uses]), Sorted(with));
    }

    [Fact]
    public async Task References_of_an_auth_method_and_an_endpoint_include_instances()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var auth = await w.RequestAsync<Location[]>("textDocument/references", w.InstancePath, PositionOf(I, "\"key\"", 1), new ReferenceContext(true));
        Assert.Equal(Sorted(
        [
            AuthId(w),
            new Location(LspClient.Uri(w.ConnectorPath), RangeOf(C, "[\"key\"]", 2, 3)),
            new Location(LspClient.Uri(w.InstancePath), RangeOf(I, "\"key\"", 1, 3)),
            new Location(LspClient.Uri(w.LivePath), RangeOf(NavigationWorkspace.LiveInstance, "\"key\"", 1, 3)),
        ]), Sorted(auth));
        var endpoint = await w.RequestAsync<Location[]>("textDocument/references", w.ConnectorPath, PositionOf(C, "\"list\"", 1), new ReferenceContext(false));
        Assert.Equal([new Location(LspClient.Uri(w.InstancePath), RangeOf(I, "\"list\"", 1, 4))], endpoint);
    }

    [Fact]
    public async Task Highlights_mark_the_declaration_as_written_and_uses_as_read_in_this_file_only()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var highlights = await w.RequestAsync<DocumentHighlight[]>("textDocument/documentHighlight", w.ConnectorPath, PositionOf(C, "{{host}}", 4));
        Assert.Equal(
        [
            new DocumentHighlight(RangeOf(C, "\"host\"", 1, 4), DocumentHighlightKind.Write),
            new DocumentHighlight(RangeOf(C, "\"host\"", 1, 4, 1), DocumentHighlightKind.Read),
            new DocumentHighlight(RangeOf(C, "{{host}}", 2, 4, 0), DocumentHighlightKind.Read),
            new DocumentHighlight(RangeOf(C, "{{host}}", 2, 4, 1), DocumentHighlightKind.Read),
        ], highlights);
        var inInstance = await w.RequestAsync<DocumentHighlight[]>("textDocument/documentHighlight", w.InstancePath, PositionOf(I, "\"host\"", 1));
        Assert.Equal([new DocumentHighlight(RangeOf(I, "\"host\"", 1, 4), DocumentHighlightKind.Read)], inInstance);
        Assert.Empty(await w.RequestAsync<DocumentHighlight[]>("textDocument/documentHighlight", w.ConnectorPath, PositionOf(C, "\"systemType\"", 2)));
    }

    [Fact]
    public async Task Workspace_symbols_are_filtered_by_subsequence_ignoring_case()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var all = await w.Client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "" });
        Assert.Equal(["host", "region", "api_key", "status", "key", "list", "create"], all.Select(s => s.Name));
        var list = Assert.Single(await w.Client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "LST" }));
        Assert.Equal((SymbolKind.Method, "Test"), (list.Kind, list.ContainerName));
        Assert.Equal(InConnector(w, "\"list\""), list.Location);
        var keys = await w.Client.RequestAsync<SymbolInformation[]>("workspace/symbol", new { query = "ky" });
        Assert.Equal([("api_key", "auth method 'key'"), ("key", "Test")], keys.Select(s => (s.Name, s.ContainerName)));
    }

    [Fact]
    public async Task References_follow_unsaved_edits()
    {
        await using var w = await NavigationWorkspace.StartAsync();
        var position = PositionOf(C, "\"region\"", 2);
        Assert.Equal(2, (await w.RequestAsync<Location[]>("textDocument/references", w.ConnectorPath, position, new ReferenceContext(false))).Length);
        var edited = I.Replace("\"values\": { \"host\": \"api.example.com\" }", "\"values\": { \"host\": \"api.example.com\", \"region\": \"uk\" }", StringComparison.Ordinal);
        await w.Client.ChangeAsync(w.InstancePath, 2, new TextDocumentContentChangeEvent(null, edited));
        var after = await w.RequestAsync<Location[]>("textDocument/references", w.ConnectorPath, position, new ReferenceContext(false));
        Assert.Equal(new Location(LspClient.Uri(w.InstancePath), RangeOf(edited, "\"region\"", 1, 6)), after[^1]);
    }

    private static List<Location> Sorted(IEnumerable<Location> locations) =>
        [.. locations.OrderBy(l => l.Uri, StringComparer.Ordinal).ThenBy(l => l.Range.Start.Line).ThenBy(l => l.Range.Start.Character)];
}
