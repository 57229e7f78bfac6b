using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>textDocument/codeLens: "Send request", "Resolve" and "Add test" on the first line of each endpoint.</summary>
public sealed class CodeLensTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Each_endpoint_gets_send_resolve_and_add_test_lenses_with_the_uri_and_endpoint_id()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf(Fixtures.ConnectorFile);
        await session.Client.OpenAsync(path, Fixtures.Connector);
        var uri = LspClient.Uri(path);

        var lenses = await session.Client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } });

        Assert.Equal(6, lenses.Length);
        var listLine = TextEdits.PositionOf(Fixtures.Connector, "\"id\": \"list\"").Line - 1;
        var createLine = TextEdits.PositionOf(Fixtures.Connector, "\"id\": \"create\"").Line - 1;
        Assert.Equal(
            [(listLine, "Send request", "patchworks.sendRequest", "list"), (listLine, "Resolve", "patchworks.resolveRequest", "list"), (listLine, "Add test", "patchworks.addTest", "list"),
             (createLine, "Send request", "patchworks.sendRequest", "create"), (createLine, "Resolve", "patchworks.resolveRequest", "create"), (createLine, "Add test", "patchworks.addTest", "create")],
            lenses.Select(l => (l.Range.Start.Line, l.Command!.Title, l.Command.Name, ((JsonElement)l.Command.Arguments![1]).GetString())));
        Assert.All(lenses, l => Assert.Equal(uri, ((JsonElement)l.Command!.Arguments![0]).GetString()));
    }

    [Fact]
    public async Task An_instance_has_no_lenses()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf(Fixtures.InstanceFile);
        await session.Client.OpenAsync(path, Fixtures.Instance);
        Assert.Empty(await session.Client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = LspClient.Uri(path) } }));
    }
}
