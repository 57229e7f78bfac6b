using System.Text.Json;
using Patchworks.Core.Text;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;
using CoreEdit = Patchworks.Core.Editing.TextEdit;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// patchworks/addTestCase, the wizards' Add Test, through the real server on a copy of the Shopify sample: the case
/// joins the open tests file by edits that keep its comments, a connector without tests gets a new file, problems
/// come at the case's paths with no edit, and the refusals.
/// </summary>
public sealed class AddTestRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string CopyShopify()
    {
        var source = Path.Combine(RepositoryRoot(), "samples", "shopify");
        Directory.CreateDirectory(_folder.PathOf(Path.Combine("samples", "shopify")));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.TopDirectoryOnly))
        {
            File.Copy(file, _folder.PathOf(Path.Combine("samples", "shopify", Path.GetFileName(file))));
        }
        return _folder.PathOf("samples/shopify/shopify.connector.json");
    }

    private static Task<JsonElement> AddAsync(InProcessServer session, string connector, string endpointId, string caseName, object testCase) =>
        session.Client.RequestAsync<JsonElement>("patchworks/addTestCase", new { uri = LspClient.Uri(connector), endpointId, caseName, @case = testCase });

    /// <summary>The text after the answer's edits to the one document it changes (from <paramref name="text"/>, "" for a file it creates).</summary>
    private static string Applied(string text, JsonElement answer)
    {
        var changes = answer.GetProperty("edit").GetProperty("documentChanges").EnumerateArray().ToList();
        var document = changes.Single(c => c.TryGetProperty("textDocument", out _));
        var lines = new LineIndex(text);
        int Offset(JsonElement p) => lines.GetOffset(new Position(p.GetProperty("line").GetInt32(), p.GetProperty("character").GetInt32()));
        return CoreEdit.Apply(text, document.GetProperty("edits").EnumerateArray().Select(e => new CoreEdit(
            TextSpan.FromBounds(Offset(e.GetProperty("range").GetProperty("start")), Offset(e.GetProperty("range").GetProperty("end"))),
            e.GetProperty("newText").GetString()!)));
    }

    private static readonly object Expect = new { expect = new { status = 200, stop = "completed", records = new { min = 1, max = 250 }, schemaValid = true } };

    [Fact]
    public async Task A_case_joins_the_open_tests_file_keeping_its_comments_and_is_listed_after()
    {
        var connector = CopyShopify();
        var tests = _folder.PathOf("samples/shopify/shopify.tests.json");
        // The open buffer, unsaved, is what the edits apply to.
        var buffer = File.ReadAllText(tests).Replace("// The instance's endpoint values: active socks only.", "// The instance's endpoint values: active socks only. (unsaved)", StringComparison.Ordinal);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(tests, buffer);

        var answer = await AddAsync(session, connector, "list-products", "from the wizard", Expect);
        TypeScriptShapes.AssertMatches(answer, "AddTestCaseAnswer", TypeScriptShapes.Interfaces("testing/addTest.ts"));

        Assert.Empty(answer.GetProperty("problems").EnumerateArray());
        Assert.False(answer.GetProperty("created").GetBoolean());
        Assert.Equal(LspClient.Uri(tests), answer.GetProperty("testsUri").GetString());
        Assert.DoesNotContain(answer.GetProperty("edit").GetProperty("documentChanges").EnumerateArray(), c => c.TryGetProperty("kind", out _));
        var after = Applied(buffer, answer);
        foreach (var comment in buffer.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("//", StringComparison.Ordinal)))
        {
            Assert.Contains(comment, after, StringComparison.Ordinal);
        }
        Assert.Contains("(unsaved)", after, StringComparison.Ordinal);
        Assert.Contains("      \"from the wizard\": {\n        \"expect\": {\n          \"status\": 200,\n", after.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var line = answer.GetProperty("caseRange").GetProperty("start").GetProperty("line").GetInt32();
        Assert.Contains("\"from the wizard\"", after.Split('\n')[line], StringComparison.Ordinal);

        await session.Client.ChangeAsync(tests, 2, new TextDocumentContentChangeEvent(null, after));
        var listed = await session.Client.RequestAsync<JsonElement>("patchworks/testCases", new { uri = LspClient.Uri(tests) });
        Assert.Contains("list-products/from the wizard", listed.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Empty(listed.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task A_connector_without_tests_gets_a_new_file_with_the_workspace_schema_and_the_instance()
    {
        var connector = CopyShopify();
        File.Delete(_folder.PathOf("samples/shopify/shopify.tests.json"));
        _folder.Write("schemas/connector-tests.schema.json", File.ReadAllText(Path.Combine(RepositoryRoot(), "schemas", "connector-tests.schema.json")));
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var answer = await AddAsync(session, connector, "list-products", "first", new { instance = "uk-test.instance.json", expect = new { status = 200 } });

        Assert.Empty(answer.GetProperty("problems").EnumerateArray());
        Assert.True(answer.GetProperty("created").GetBoolean());
        var create = answer.GetProperty("edit").GetProperty("documentChanges")[0];
        Assert.Equal("create", create.GetProperty("kind").GetString());
        Assert.Equal(LspClient.Uri(_folder.PathOf("samples/shopify/shopify.tests.json")), create.GetProperty("uri").GetString());
        var text = Applied("", answer);
        Assert.StartsWith("{\n  \"$schema\": \"../../schemas/connector-tests.schema.json\",\n  \"instance\": \"uk-test.instance.json\",\n  \"endpoints\": {\n    \"list-products\": {\n      \"first\": {\n        \"expect\": {\n          \"status\": 200\n", text);
        Assert.False(File.Exists(_folder.PathOf("samples/shopify/shopify.tests.json")), "the server answers edits; it writes nothing");
    }

    [Fact]
    public async Task Problems_come_at_the_cases_paths_and_leave_no_edit()
    {
        var connector = CopyShopify();
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);

        var invalid = await AddAsync(session, connector, "list-products", "bad", new { instance = "nowhere.instance.json", expect = new { status = 42, records = new { min = 9, max = 1 }, stop = "finished" } });
        var duplicate = await AddAsync(session, connector, "list-products", "active socks", Expect);

        Assert.Equal(JsonValueKind.Null, invalid.GetProperty("edit").ValueKind);
        var paths = invalid.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetInt32() == 1).Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Contains("case.expect.status", paths);
        Assert.Contains("case.expect.stop", paths);
        Assert.Contains("case.instance", paths);
        Assert.Contains(paths, p => p!.StartsWith("case.expect.records", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, duplicate.GetProperty("edit").ValueKind);
        var problem = Assert.Single(duplicate.GetProperty("problems").EnumerateArray());
        Assert.Equal("caseName", problem.GetProperty("path").GetString());
        Assert.Contains("has a case named \"active socks\" already", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tests_file_that_does_not_parse_an_unknown_endpoint_and_a_connector_outside_the_workspace_are_refused()
    {
        var connector = CopyShopify();
        var tests = _folder.PathOf("samples/shopify/shopify.tests.json");
        using var elsewhere = new TempFolder();
        var outside = elsewhere.Write("shopify.connector.json", File.ReadAllText(connector));
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(tests, "{\n  \"endpoints\": {\n    \"list-products\": {\n");

        var broken = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => AddAsync(session, connector, "list-products", "x", Expect));
        var unknown = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => AddAsync(session, connector, "list-nothing", "x", Expect));
        var away = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => AddAsync(session, outside, "list-products", "x", Expect));
        var notObject = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            session.Client.RequestAsync<JsonElement>("patchworks/addTestCase", new { uri = LspClient.Uri(connector), endpointId = "list-products", caseName = "x", @case = 3 }));

        Assert.Matches(@"not valid JSON at line \d+, column \d+", broken.Message);
        Assert.Contains("has no endpoint list-nothing", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("outside every workspace folder", away.Message, StringComparison.Ordinal);
        Assert.Contains("case must be a JSON object", notObject.Message, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "shopify", "shopify.tests.json")), File.ReadAllText(tests));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Patchworks.Lsp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
