using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>Hover and the outline, positions checked exactly.</summary>
public sealed class FeatureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static LspPosition PositionOf(string text, string needle, int offsetInNeedle = 0)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal) + offsetInNeedle;
        var line = text[..index].Count(c => c == '\n');
        return new LspPosition(line, index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1));
    }

    private async Task<(InProcessServer Session, string Path)> OpenAsync(string text, string name = "a.connector.json")
    {
        var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf(name);
        await session.Client.OpenAsync(path, text);
        return (session, path);
    }

    private static Task<Hover?> HoverAsync(InProcessServer session, string path, LspPosition position) =>
        session.Client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri = LspClient.Uri(path) }, position });

    [Fact]
    public async Task Hover_on_a_placeholder_shows_its_definition_and_range()
    {
        var (session, path) = await OpenAsync(Fixtures.Connector);
        await using var _ = session;
        var position = PositionOf(Fixtures.Connector, "{{api_key}}", 4);
        var hover = await HoverAsync(session, path, position);
        Assert.NotNull(hover);
        Assert.StartsWith("**{{api_key}}**", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("*auth method 'key' variable · required · secret*", hover.Contents.Value, StringComparison.Ordinal);
        var start = PositionOf(Fixtures.Connector, "{{api_key}}");
        Assert.Equal(new LspRange(start, start with { Character = start.Character + 11 }), hover.Range);
    }

    [Fact]
    public async Task Hover_on_an_undefined_placeholder_says_where_it_looked()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items", "/{{nowhere}}/items"));
        var (session, path) = await OpenAsync(text);
        await using var _ = session;
        var hover = await HoverAsync(session, path, PositionOf(text, "{{nowhere}}", 3));
        Assert.Equal("**{{nowhere}}**\n\nNot defined. Searched: endpoint 'list' variables, auth method 'key' variables, connector variables.", hover!.Contents.Value);
    }

    [Fact]
    public async Task Hover_on_a_property_shows_the_schema_description_and_type()
    {
        var (session, path) = await OpenAsync(Fixtures.Connector);
        await using var _ = session;
        var hover = await HoverAsync(session, path, PositionOf(Fixtures.Connector, "\"systemType\"", 3));
        Assert.StartsWith("**systemType** · string\n\nThe kind of system the connector talks to.", hover!.Contents.Value, StringComparison.Ordinal);
        var nested = await HoverAsync(session, path, PositionOf(Fixtures.Connector, "\"displayName\"", 2));
        Assert.Contains("The label users see", nested!.Contents.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hover_on_an_enum_value_adds_its_own_description()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": { \"method\": \"linkHeader\" }"));
        var (session, path) = await OpenAsync(text);
        await using var _ = session;
        var hover = await HoverAsync(session, path, PositionOf(text, "\"linkHeader\"", 3));
        Assert.Contains("`linkHeader`: Link header: follow rel=\"next\" links.", hover!.Contents.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hover_in_an_instance_uses_the_instance_schema_and_nothing_on_punctuation()
    {
        var (session, path) = await OpenAsync(Fixtures.Instance, "a.instance.json");
        await using var _ = session;
        var hover = await HoverAsync(session, path, PositionOf(Fixtures.Instance, "\"environment\"", 2));
        Assert.Contains("Test or live.", hover!.Contents.Value, StringComparison.Ordinal);
        Assert.Null(await HoverAsync(session, path, new LspPosition(0, 0)));
    }

    [Fact]
    public async Task The_outline_has_basic_details_variables_auth_methods_and_endpoints()
    {
        var (session, path) = await OpenAsync(Fixtures.Connector);
        await using var _ = session;
        var symbols = await session.Client.RequestAsync<DocumentSymbol[]>("textDocument/documentSymbol", new { textDocument = new { uri = LspClient.Uri(path) } });
        Assert.Equal(["Basic details", "Variables", "Auth methods", "Endpoints"], symbols.Select(s => s.Name));
        Assert.Equal(["name", "version", "systemType", "protocol"], symbols[0].Children!.Select(c => c.Name));
        Assert.Equal(["host", "region"], symbols[1].Children!.Select(c => c.Name));
        var key = Assert.Single(symbols[2].Children!);
        Assert.Equal(("key", "apiKey · API key"), (key.Name, key.Detail));
        Assert.Equal(SymbolKind.Key, Assert.Single(key.Children!).Kind);
        Assert.Equal(["list", "create"], symbols[3].Children!.Select(c => c.Name));
        var list = symbols[3].Children![0];
        var idStart = PositionOf(Fixtures.Connector, "\"list\"");
        Assert.Equal(new LspRange(idStart, idStart with { Character = idStart.Character + 6 }), list.SelectionRange);
        Assert.Equal("GET List items", list.Detail);
    }
}
