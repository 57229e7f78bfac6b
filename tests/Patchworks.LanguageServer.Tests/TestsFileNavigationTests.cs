using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;
using static Patchworks.LanguageServer.Tests.Infrastructure.TextPositions;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// A connector's tests file in the editor: completion of endpoint ids, variables, instances and the schema's keys
/// and values; definition, references, highlights and hover of its endpoint keys; rename of an endpoint from either
/// side, with its recordings folder when the client can rename files. Garbage and a missing connector answer empty.
/// </summary>
public sealed class TestsFileNavigationTests : IDisposable
{
    private const string TestsName = "test.tests.json";

    private const string Tests = """
        {
          // The fixture connector's tests.
          "instance": "test.instance.json",
          "endpoints": {
            "list": {
              "open": { "variables": { "status": "open" }, "expect": { "records": { "min": 1 } } },
            },
          },
        }
        """;

    private static readonly string C = Fixtures.Connector;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string ConnectorPath => _folder.PathOf(Fixtures.ConnectorFile);
    private string InstancePath => _folder.PathOf(Fixtures.InstanceFile);
    private string TestsPath => _folder.PathOf(TestsName);

    /// <summary>Writes the connector, its instance and the tests file, starts a server on the folder and opens the tests file.</summary>
    private async Task<InProcessServer> StartAsync(string tests = Tests, object? capabilities = null, string? connector = null)
    {
        _folder.Write(Fixtures.ConnectorFile, connector ?? C);
        _folder.Write(Fixtures.InstanceFile, Fixtures.Instance);
        _folder.Write(TestsName, tests);
        var session = InProcessServer.Start();
        await session.Client.RequestAsync<InitializeResult>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = new Uri(_folder.Root).AbsoluteUri,
            capabilities = capabilities ?? new { textDocument = new { publishDiagnostics = new { versionSupport = true } } },
        });
        await session.Client.NotifyAsync("initialized", new { });
        await session.Client.OpenAsync(TestsPath, tests);
        await session.Client.WaitForDiagnosticsAsync(TestsPath, p => p.Version == 1);
        return session;
    }

    private static Task<T> AtAsync<T>(InProcessServer session, string method, string path, LspPosition position, string? newName = null) =>
        session.Client.RequestAsync<T>(method, newName is null
            ? new { textDocument = new { uri = LspClient.Uri(path) }, position }
            : (object)new { textDocument = new { uri = LspClient.Uri(path) }, position, newName });

    private static async Task<List<string>> LabelsAsync(InProcessServer session, string path, LspPosition position) =>
        (await AtAsync<CompletionList?>(session, "textDocument/completion", path, position))?.Items.Select(i => i.Label).ToList() ?? [];

    private static readonly object RenamingClient = new
    {
        workspace = new { workspaceEdit = new { documentChanges = true, resourceOperations = new[] { "create", "rename", "delete" } } },
    };

    [Fact]
    public async Task Completion_offers_the_endpoints_not_tested_yet()
    {
        var text = Fixtures.Edit(Tests, ("    },\n  },", "    },\n    \n  },"));
        await using var session = await StartAsync(text);

        var labels = await LabelsAsync(session, TestsPath, PositionOf(text, "    \n  },", 4));

        Assert.Equal(["create"], labels);
    }

    [Fact]
    public async Task Completion_offers_the_variables_the_endpoint_sees_and_not_those_already_set()
    {
        var text = Fixtures.Edit(Tests, ("{ \"status\": \"open\" }", "{ \"status\": \"open\", \"\" }"));
        await using var session = await StartAsync(text);

        var labels = await LabelsAsync(session, TestsPath, PositionOf(text, "\"open\", \"\"", 9));

        // The endpoint's auth method's variable and the connector's: "status" (variable and filter) is set already.
        Assert.Equal(["api_key", "host", "region"], labels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Completion_offers_instance_files_and_the_schema_keys_and_enum_values()
    {
        var text = Fixtures.Edit(Tests, ("\"instance\": \"test.instance.json\"", "\"instance\": \"\""), ("{ \"min\": 1 } }", "{ \"min\": 1 }, \"stop\": \"\",  }"));
        await using var session = await StartAsync(text);

        Assert.Equal(["test.instance.json"], await LabelsAsync(session, TestsPath, PositionOf(text, "\"instance\": \"\"", 13)));
        var stops = await LabelsAsync(session, TestsPath, PositionOf(text, "\"stop\": \"\"", 9));
        Assert.Contains("completed", stops);
        Assert.Contains("maxPages", stops);
        var keys = await LabelsAsync(session, TestsPath, PositionOf(text, "\"stop\": \"\",  }", 12));
        Assert.Contains("status", keys);
        Assert.Contains("pages", keys);
        Assert.DoesNotContain("records", keys);
        Assert.DoesNotContain("stop", keys);
    }

    [Fact]
    public async Task Definition_of_an_endpoint_key_is_the_endpoint_id_in_the_connector()
    {
        await using var session = await StartAsync();

        var location = await AtAsync<Location?>(session, "textDocument/definition", TestsPath, PositionOf(Tests, "\"list\"", 2));

        Assert.Equal(new Location(LspClient.Uri(ConnectorPath), RangeOf(C, "\"id\": \"list\"", 7, 4)), location);
    }

    [Fact]
    public async Task References_of_an_endpoint_include_its_tests_file_keys()
    {
        await using var session = await StartAsync();
        var testsKey = new Location(LspClient.Uri(TestsPath), RangeOf(Tests, "\"list\"", 1, 4));

        var fromConnector = await AtAsync<Location[]>(session, "textDocument/references", ConnectorPath, PositionOf(C, "\"id\": \"list\"", 8));
        var highlights = await AtAsync<DocumentHighlight[]>(session, "textDocument/documentHighlight", TestsPath, PositionOf(Tests, "\"list\"", 3));

        Assert.Contains(testsKey, fromConnector);
        Assert.Equal([new DocumentHighlight(testsKey.Range, DocumentHighlightKind.Read)], highlights);
    }

    [Fact]
    public async Task A_case_variable_leads_to_its_definition()
    {
        await using var session = await StartAsync();

        var location = await AtAsync<Location?>(session, "textDocument/definition", TestsPath, PositionOf(Tests, "\"status\"", 2));

        Assert.Equal(new Location(LspClient.Uri(ConnectorPath), RangeOf(C, "{ \"key\": \"status\" }", 10, 6)), location);
    }

    [Fact]
    public async Task Hover_on_an_endpoint_key_shows_the_request_it_tests()
    {
        await using var session = await StartAsync();

        var hover = await AtAsync<Hover?>(session, "textDocument/hover", TestsPath, PositionOf(Tests, "\"list\"", 2));

        Assert.NotNull(hover);
        Assert.Contains("List items", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Contains("GET https://{{host}}/{{region}}/items", hover.Contents.Value, StringComparison.Ordinal);
        Assert.Equal(RangeOf(Tests, "\"list\"", 1, 4), hover.Range);
    }

    [Fact]
    public async Task Prepare_rename_in_a_tests_file_gives_the_endpoint_id()
    {
        await using var session = await StartAsync();

        var result = await AtAsync<PrepareRenameResult>(session, "textDocument/prepareRename", TestsPath, PositionOf(Tests, "\"list\"", 2));

        Assert.Equal(new PrepareRenameResult(RangeOf(Tests, "\"list\"", 1, 4), "list"), result);
    }

    [Fact]
    public async Task Renaming_an_endpoint_from_its_tests_file_edits_the_connector_and_the_tests_file()
    {
        _folder.Write("recordings/list/open.json", "{}");
        await using var session = await StartAsync();

        var edit = await AtAsync<WorkspaceEdit>(session, "textDocument/rename", TestsPath, PositionOf(Tests, "\"list\"", 2), "list-items");

        Assert.Equal(Tests.Replace("\"list\"", "\"list-items\"", StringComparison.Ordinal), WorkspaceEdits.Apply(Tests, edit.Changes[LspClient.Uri(TestsPath)]));
        Assert.Equal(Fixtures.Edit(C, ("\"id\": \"list\"", "\"id\": \"list-items\"")), WorkspaceEdits.Apply(C, edit.Changes[LspClient.Uri(ConnectorPath)]));
        Assert.Equal(2, edit.Changes.Count);
        // The client did not announce resource operations: text only.
        Assert.Null(edit.DocumentChanges);
    }

    [Fact]
    public async Task Renaming_an_endpoint_from_the_connector_renames_its_recordings_folder_when_the_client_can()
    {
        _folder.Write("recordings/list/open.json", "{}");
        await using var session = await StartAsync(capabilities: RenamingClient);

        var edit = await AtAsync<JsonElement>(session, "textDocument/rename", ConnectorPath, PositionOf(C, "\"id\": \"list\"", 8), "list-items");

        var changes = edit.GetProperty("documentChanges").EnumerateArray().ToList();
        var rename = Assert.Single(changes, c => c.TryGetProperty("kind", out _));
        Assert.Equal("rename", rename.GetProperty("kind").GetString());
        Assert.Equal(LspClient.Uri(_folder.PathOf("recordings/list")), rename.GetProperty("oldUri").GetString());
        Assert.Equal(LspClient.Uri(_folder.PathOf("recordings/list-items")), rename.GetProperty("newUri").GetString());
        Assert.True(changes[^1].TryGetProperty("kind", out _), "The folder is renamed after the text edits.");
        var documents = changes.Where(c => c.TryGetProperty("textDocument", out _)).ToList();
        Assert.Equal([LspClient.Uri(ConnectorPath), LspClient.Uri(TestsPath)],
            documents.Select(d => d.GetProperty("textDocument").GetProperty("uri").GetString()).Order(StringComparer.Ordinal));
        // The open tests file's version; the connector is not open, so "version" is null (and written).
        Assert.Equal(1, documents.Single(d => d.GetProperty("textDocument").GetProperty("uri").GetString() == LspClient.Uri(TestsPath)).GetProperty("textDocument").GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, documents.Single(d => d.GetProperty("textDocument").GetProperty("uri").GetString() == LspClient.Uri(ConnectorPath)).GetProperty("textDocument").GetProperty("version").ValueKind);
        // "changes" stays for clients that only read it.
        Assert.Equal(2, edit.GetProperty("changes").EnumerateObject().Count());
    }

    [Fact]
    public async Task A_server_without_workspace_folders_still_renames_the_tests_file_beside_the_connector()
    {
        _folder.Write(Fixtures.ConnectorFile, C);
        _folder.Write(TestsName, Tests);
        await using var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(ConnectorPath, C);

        var edit = await AtAsync<WorkspaceEdit>(session, "textDocument/rename", ConnectorPath, PositionOf(C, "\"id\": \"list\"", 8), "list-items");

        Assert.Equal([new TextEdit(RangeOf(Tests, "\"list\"", 1, 4), "list-items")], edit.Changes[LspClient.Uri(TestsPath)]);
    }

    [Fact]
    public async Task Without_a_recordings_folder_a_renaming_client_gets_text_edits_only()
    {
        await using var session = await StartAsync(capabilities: RenamingClient);

        var edit = await AtAsync<WorkspaceEdit>(session, "textDocument/rename", ConnectorPath, PositionOf(C, "\"id\": \"list\"", 8), "list-items");

        Assert.Null(edit.DocumentChanges);
        Assert.Equal(2, edit.Changes.Count);
    }

    [Fact]
    public async Task A_rename_to_a_key_the_tests_file_already_has_is_refused()
    {
        var text = Fixtures.Edit(Tests, ("    },\n  },", "    },\n    \"list-items\": {},\n  },"));
        await using var session = await StartAsync(text);

        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() =>
            AtAsync<WorkspaceEdit>(session, "textDocument/rename", ConnectorPath, PositionOf(C, "\"id\": \"list\"", 8), "list-items"));

        Assert.Equal(ErrorCodes.InvalidParams, (int)error.ErrorCode);
        Assert.StartsWith($"{TestsName} already has a key 'list-items' beside 'list'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rename_onto_an_existing_recordings_folder_is_refused()
    {
        _folder.Write("recordings/list/open.json", "{}");
        _folder.Write("recordings/list-items/old.json", "{}");
        await using var session = await StartAsync(capabilities: RenamingClient);

        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() =>
            AtAsync<WorkspaceEdit>(session, "textDocument/rename", TestsPath, PositionOf(Tests, "\"list\"", 2), "list-items"));

        Assert.StartsWith("recordings/list-items already exists", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2,")]
    [InlineData("\"just a string\"")]
    [InlineData("{ \"endpoints\": 5, \"instance\": 7 }")]
    [InlineData("{ \"endpoints\": { \"list\": [], \"create\": { \"case\": 3 } }, \"connector\": \"../../../../etc/passwd\" }")]
    [InlineData("{ \"connector\": \"missing.connector.json\", \"endpoints\": { \"list\": { \"open\": {} } } }")]
    [InlineData("\u0000\uFFFF{{{{\"endpoints\":{\"list\":{\"")]
    public async Task A_hostile_tests_file_or_a_missing_connector_answers_empty(string text)
    {
        await using var session = await StartAsync(text);
        var middle = new LspPosition(0, Math.Min(text.Length, 18));

        var completion = await AtAsync<CompletionList?>(session, "textDocument/completion", TestsPath, middle);
        var definition = await AtAsync<Location?>(session, "textDocument/definition", TestsPath, middle);
        var references = await AtAsync<Location[]>(session, "textDocument/references", TestsPath, middle);
        var highlights = await AtAsync<DocumentHighlight[]>(session, "textDocument/documentHighlight", TestsPath, middle);
        await AtAsync<Hover?>(session, "textDocument/hover", TestsPath, middle);
        await Assert.ThrowsAsync<RemoteInvocationException>(() => AtAsync<PrepareRenameResult>(session, "textDocument/prepareRename", TestsPath, middle));

        Assert.DoesNotContain(completion?.Items ?? [], i => i.Label is "list" or "create");
        Assert.Null(definition);
        Assert.Empty(references);
        Assert.Empty(highlights);
        // Still serving: the connector's own navigation answers.
        Assert.NotNull(await AtAsync<Location?>(session, "textDocument/definition", ConnectorPath, PositionOf(C, "{{status}}", 3)));
    }

    [Fact]
    public async Task A_tests_file_without_its_connector_completes_only_from_the_schema()
    {
        var text = Fixtures.Edit(Tests, ("    },\n  },", "    },\n    \n  },"), ("\"instance\"", "\"connector\": \"gone.connector.json\", \"instance\""));
        await using var session = await StartAsync(text);

        Assert.Empty(await LabelsAsync(session, TestsPath, PositionOf(text, "    \n  },", 4)));
        Assert.Null(await AtAsync<Location?>(session, "textDocument/definition", TestsPath, PositionOf(text, "\"list\"", 2)));
        var keys = await LabelsAsync(session, TestsPath, PositionOf(text, "\"records\"", 1));
        Assert.Contains("status", keys);
    }
}
