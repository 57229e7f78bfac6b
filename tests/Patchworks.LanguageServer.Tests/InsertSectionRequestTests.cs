using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/insertSection: Add Endpoint's and Add Authentication Method's edits, over the connector as the editor has it.</summary>
public sealed class InsertSectionRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Apply(string text, JsonElement edits)
    {
        var lines = new Core.Text.LineIndex(text);
        foreach (var edit in edits.EnumerateArray().Reverse())
        {
            var start = edit.GetProperty("range").GetProperty("start");
            var end = edit.GetProperty("range").GetProperty("end");
            var from = lines.GetOffset(new Core.Text.Position(start.GetProperty("line").GetInt32(), start.GetProperty("character").GetInt32()));
            var to = lines.GetOffset(new Core.Text.Position(end.GetProperty("line").GetInt32(), end.GetProperty("character").GetInt32()));
            text = text[..from] + edit.GetProperty("newText").GetString() + text[to..];
        }
        return text;
    }

    [Fact]
    public async Task The_edits_insert_the_item_into_the_open_buffer_and_keep_everything_else()
    {
        var onDisk = "{\n  \"name\": \"Shop\",\n  \"endpoints\": [\n    { \"id\": \"a\" } // first\n  ]\n}\n";
        var connector = _folder.Write("shop.connector.json", onDisk);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        var unsaved = onDisk.Replace("\"id\": \"a\"", "\"id\": \"a-unsaved\"", StringComparison.Ordinal);
        await session.Client.OpenAsync(connector, unsaved);

        var answer = await session.Client.RequestAsync<JsonElement>("patchworks/insertSection",
            new { uri = LspClient.Uri(connector), section = "endpoints", item = new { id = "b", method = "GET" }, insertSpaces = true, tabSize = 2 });

        var expected = "{\n  \"name\": \"Shop\",\n  \"endpoints\": [\n    { \"id\": \"a-unsaved\" }, // first\n    { \"id\": \"b\", \"method\": \"GET\" }\n  ]\n}\n";
        Assert.Equal(expected, answer.GetProperty("text").GetString());
        Assert.Equal(expected, Apply(unsaved, answer.GetProperty("edits")));
        Assert.Equal(1, answer.GetProperty("index").GetInt32());
        TypeScriptShapes.AssertMatches(answer, "Insertion", TypeScriptShapes.Interfaces("wizards/sectionWizard.ts"));
    }

    [Fact]
    public async Task A_connector_with_syntax_errors_or_another_file_is_refused()
    {
        var broken = _folder.Write("broken.connector.json", "{ \"endpoints\": [ { \"id\": ");
        var instance = _folder.Write("a.instance.json", "{}");
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/insertSection",
            new { uri = LspClient.Uri(broken), section = "endpoints", item = new { id = "b" } }));
        Assert.Contains("syntax errors", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<RemoteRpcException>(() => session.Client.RequestAsync<JsonElement>("patchworks/insertSection",
            new { uri = LspClient.Uri(instance), section = "endpoints", item = new { id = "b" } }));
    }
}
