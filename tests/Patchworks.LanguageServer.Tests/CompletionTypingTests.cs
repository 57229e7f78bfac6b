using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// "{{" typed fast in a URL, against the real server process over stdio: the two key presses arrive as two
/// didChange notifications with a completion request for each trigger "{" right behind them, as VS Code sends them
/// (the client's protocol trace shows each didChange written before its completion). The server handles messages
/// in arrival order, so the second request sees "{{" and gets the variables. When the e2e editor shows no list after
/// "{{", its trace holds no completion request at all: the editor did not ask, the server was not behind.
/// </summary>
public sealed class CompletionTypingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Url = "\"https://{{host}}/{{region}}/items\"";

    private static LspPosition PositionAt(string text, int offset)
    {
        var line = text[..offset].Count(c => c == '\n');
        return new LspPosition(line, offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1));
    }

    private static object Completion(string path, LspPosition position) => new
    {
        textDocument = new { uri = LspClient.Uri(path) },
        position,
        context = new { triggerKind = 2, triggerCharacter = "{" },
    };

    private static TextDocumentContentChangeEvent Insert(LspPosition at, string text) => new(new LspRange(at, at), text);

    [Fact]
    public async Task Two_braces_typed_fast_get_the_variables_at_the_second()
    {
        await using var server = StdioServer.Start();
        var client = server.Client;
        await client.InitializeAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await client.NotifyAsync("initialized", new { });
        var path = _folder.PathOf("a.connector.json");
        var text = Fixtures.Connector;
        var cursor = text.IndexOf(Url, StringComparison.Ordinal) + Url.Length - 1; // before the closing quote
        await client.OpenAsync(path, text);
        var first = PositionAt(text, cursor);
        var second = first with { Character = first.Character + 1 };
        var third = first with { Character = first.Character + 2 };

        // Each key: its didChange, then the completion its trigger character asks for; nothing awaited in between.
        await client.ChangeAsync(path, 2, Insert(first, "{"));
        var atOne = client.RequestAsync<CompletionList?>("textDocument/completion", Completion(path, second));
        await client.ChangeAsync(path, 3, Insert(second, "{"));
        var atTwo = client.RequestAsync<CompletionList?>("textDocument/completion", Completion(path, third));

        var afterTwo = await atTwo.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(afterTwo);
        Assert.Contains(afterTwo.Items, i => i.Label == "host");
        Assert.Contains(afterTwo.Items, i => i.Label == "region");
        var afterOne = await atOne.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(afterOne);
    }
}
