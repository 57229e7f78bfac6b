using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>textDocument/semanticTokens/full and /range: every placeholder's delimiters and name, relative-encoded in UTF-16.</summary>
public sealed class SemanticTokensTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed record Token(int Line, int Character, int Length, string Type, int Modifiers);

    /// <summary>Undoes the relative encoding the specification describes.</summary>
    private static List<Token> Decode(IReadOnlyList<int> data, IReadOnlyList<string> types)
    {
        var tokens = new List<Token>();
        int line = 0, character = 0;
        for (var i = 0; i < data.Count; i += 5)
        {
            character = data[i] == 0 ? character + data[i + 1] : data[i + 1];
            line += data[i];
            tokens.Add(new Token(line, character, data[i + 2], types[data[i + 3]], data[i + 4]));
        }
        return tokens;
    }

    /// <summary>The three tokens of a placeholder found in the text after a given offset.</summary>
    private static IEnumerable<Token> Expected(string text, string placeholder, ref int from, string nameType, int modifiers)
    {
        var index = text.IndexOf(placeholder, from, StringComparison.Ordinal);
        from = index + placeholder.Length;
        var start = new Core.Text.LineIndex(text).GetPosition(index);
        return
        [
            new Token(start.Line, start.Character, 2, "type", 0),
            new Token(start.Line, start.Character + 2, placeholder.Length - 4, nameType, modifiers),
            new Token(start.Line, start.Character + placeholder.Length - 2, 2, "type", 0),
        ];
    }

    [Fact]
    public async Task Every_placeholder_gets_delimiter_and_name_tokens_in_utf16_positions()
    {
        var text = Fixtures.Edit(Fixtures.Connector,
            ("\"url\": \"https://{{host}}/{{region}}/items\",\n      \"authMethods\"", "\"url\": \"https://{{host}}/😀/{{region}}/items\",\n      \"authMethods\""),
            ("\"value\": \"{{status}}\"", "\"value\": \"{{status}}-[[meta.since]]\""));
        await using var session = InProcessServer.Start();
        var initialize = await session.Client.InitializeAsync();
        await session.Client.NotifyAsync("initialized", new { });
        var legend = initialize.Capabilities.SemanticTokensProvider!.Legend;
        var path = _folder.PathOf(Fixtures.ConnectorFile);
        await session.Client.OpenAsync(path, text);

        var result = await session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/full", new { textDocument = new { uri = LspClient.Uri(path) } });

        var from = 0;
        var expected = new List<Token>();
        expected.AddRange(Expected(text, "{{api_key}}", ref from, "variable", 0));
        expected.AddRange(Expected(text, "{{host}}", ref from, "variable", 0));
        expected.AddRange(Expected(text, "{{region}}", ref from, "variable", 0));
        expected.AddRange(Expected(text, "{{status}}", ref from, "variable", 0));
        expected.AddRange(Expected(text, "[[meta.since]]", ref from, "macro", 3));
        expected.AddRange(Expected(text, "{{host}}", ref from, "variable", 0));
        expected.AddRange(Expected(text, "{{region}}", ref from, "variable", 0));
        Assert.Equal(expected, Decode(result.Data, legend.TokenTypes));
        Assert.Equal(["readonly", "defaultLibrary"], legend.TokenModifiers);
    }

    [Fact]
    public async Task A_range_gets_the_tokens_of_the_placeholders_in_it_encoded_from_the_start()
    {
        var path = _folder.PathOf(Fixtures.ConnectorFile);
        await using var session = InProcessServer.Start();
        var initialize = await session.Client.InitializeAsync();
        await session.Client.NotifyAsync("initialized", new { });
        Assert.True(initialize.Capabilities.SemanticTokensProvider!.Range);
        var types = initialize.Capabilities.SemanticTokensProvider.Legend.TokenTypes;
        await session.Client.OpenAsync(path, Fixtures.Connector);
        var uri = LspClient.Uri(path);
        var full = Decode((await session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/full", new { textDocument = new { uri } })).Data, types);
        var lines = full.Select(t => t.Line).Distinct().Order().ToList();
        Assert.True(lines.Count >= 3, "the fixture needs placeholders on three lines");

        // The lines of the second placeholder line only; a range ending inside a placeholder still gets all of it.
        var line = lines[1];
        var inside = await session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/range",
            new { textDocument = new { uri }, range = new { start = new { line, character = 0 }, end = new { line, character = full.First(t => t.Line == line).Character + 3 } } });
        var expected = full.Where(t => t.Line == line).ToList();
        var firstPlaceholder = expected.Take(3).ToList();
        Assert.Equal(firstPlaceholder, Decode(inside.Data, types));

        var whole = await session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/range",
            new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 99999, character = 0 } } });
        Assert.Equal(full, Decode(whole.Data, types));

        var none = await session.Client.RequestAsync<SemanticTokens>("textDocument/semanticTokens/range",
            new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 1 } } });
        Assert.Empty(none.Data);
    }

    [Fact]
    public async Task An_instance_or_unknown_file_has_no_tokens()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf(Fixtures.InstanceFile);
        await session.Client.OpenAsync(path, Fixtures.Instance);
        var result = await session.Client.RequestAsync<JsonElement>("textDocument/semanticTokens/full", new { textDocument = new { uri = LspClient.Uri(path) } });
        Assert.Equal(0, result.GetProperty("data").GetArrayLength());
    }
}
