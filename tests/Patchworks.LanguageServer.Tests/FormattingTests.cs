using Patchworks.Core.Syntax;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>textDocument/formatting and rangeFormatting over the protocol, on every sample and on broken text.</summary>
public sealed class FormattingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string SamplesFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "samples")))
            {
                folder = folder.Parent;
            }
            return Path.Combine(folder!.FullName, "samples");
        }
    }

    public static TheoryData<string> Samples => [.. Directory.GetFiles(SamplesFolder, "*.json", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".connector.json", StringComparison.Ordinal) || f.EndsWith(".instance.json", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(SamplesFolder, f))];

    private static Task<TextEdit[]> FormatAsync(InProcessServer session, string path, object options, LspRange? range = null) => range is null
        ? session.Client.RequestAsync<TextEdit[]>("textDocument/formatting", new { textDocument = new { uri = LspClient.Uri(path) }, options })
        : session.Client.RequestAsync<TextEdit[]>("textDocument/rangeFormatting", new { textDocument = new { uri = LspClient.Uri(path) }, range, options });

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_formats_with_tabs_to_the_same_values_and_comments_and_again_to_no_edits(string relative)
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = Path.Combine(SamplesFolder, relative);
        var text = await File.ReadAllTextAsync(path);
        await session.Client.OpenAsync(path, text);
        var options = new { tabSize = 4, insertSpaces = false };

        var formatted = TextEdits.Apply(text, await FormatAsync(session, path, options));
        var before = JsonParser.Parse(text);
        var after = JsonParser.Parse(formatted);
        Assert.Empty(after.Errors);
        Assert.Equal(SyntaxJsonWriter.Write(before.Root!), SyntaxJsonWriter.Write(after.Root!));
        Assert.Equal(before.Comments.Select(c => text.Substring(c.Start, c.Length)), after.Comments.Select(c => formatted.Substring(c.Start, c.Length)));

        await session.Client.ChangeAsync(path, 2, new TextDocumentContentChangeEvent(null, formatted));
        Assert.Empty(await FormatAsync(session, path, options));
    }

    [Fact]
    public async Task Formatting_reindents_with_the_clients_settings()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, "{\n  \"name\": \"A\", // the name\n  \"variables\": [\n    { \"key\": \"x\" },\n  ]\n}\n");
        var edits = await FormatAsync(session, path, new { tabSize = 3, insertSpaces = true });
        Assert.Equal("{\n   \"name\": \"A\", // the name\n   \"variables\": [\n      { \"key\": \"x\" },\n   ]\n}\n",
            TextEdits.Apply("{\n  \"name\": \"A\", // the name\n  \"variables\": [\n    { \"key\": \"x\" },\n  ]\n}\n", edits));
    }

    [Fact]
    public async Task A_document_with_syntax_errors_gets_no_edits()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, "{\n\"name\": \"A\"\n\"version\": 1\n}");
        Assert.Empty(await FormatAsync(session, path, new { tabSize = 2, insertSpaces = true }));
    }

    [Fact]
    public async Task Range_formatting_edits_only_the_range()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        var text = "{\n\"name\":\"A\",\n\"systemType\":\"Other\"\n}";
        await session.Client.OpenAsync(path, text);
        var line = new LspRange(new LspPosition(2, 0), new LspPosition(2, 20));
        var edits = await FormatAsync(session, path, new { tabSize = 2, insertSpaces = true }, line);
        Assert.Equal("{\n\"name\":\"A\",\n  \"systemType\": \"Other\"\n}", TextEdits.Apply(text, edits));
    }
}
