using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// patchworks/validateDraft: what the wizards check before they write. The draft gets the rules a saved file
/// gets, workspace rules included, each problem names the JSON path of its field, and the draft is forgotten
/// afterwards.
/// </summary>
public sealed class DraftValidationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<ValidateDraftResult> ValidateAsync(InProcessServer session, string kind, string text, string? uri = null) =>
        session.Client.RequestAsync<ValidateDraftResult>("patchworks/validateDraft", new { kind, text, uri });

    /// <summary>The fixture connector and its test instance in company group UK, open in the editor.</summary>
    private async Task<InProcessServer> WorkspaceWithTestInstanceAsync()
    {
        var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(_folder.Write(Fixtures.ConnectorFile, Fixtures.Connector), Fixtures.Connector);
        await session.Client.OpenAsync(_folder.Write(Fixtures.InstanceFile, Fixtures.Instance), Fixtures.Instance);
        return session;
    }

    private string DraftUri(string fileName) => LspClient.Uri(_folder.PathOf(fileName));

    [Fact]
    public async Task A_clean_connector_draft_has_no_diagnostics()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var result = await ValidateAsync(session, "connector", Fixtures.Connector);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task Each_problem_names_the_json_path_of_its_field()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var draft = Fixtures.Edit(Fixtures.Connector,
            ("\"method\": \"GET\",\n      \"url\": \"https://{{host}}/{{region}}/items\",\n      \"authMethods\"", "\"method\": \"FETCH\",\n      \"url\": \"https://{{hots}}/{{region}}/items\",\n      \"authMethods\""),
            ("\"version\": { \"number\": 1, \"name\": \"One\" },", "\"version\": { \"number\": 0, \"name\": \"One\" },"));

        var result = await ValidateAsync(session, "connector", draft);

        var byPath = result.Diagnostics.ToLookup(d => d.Path);
        Assert.Contains(byPath["endpoints[0].method"], d => d.Severity == 1);
        Assert.Contains(byPath["endpoints[0].url"], d => d.Code == "PW2001");
        Assert.NotEmpty(byPath["version.number"]);
        Assert.All(result.Diagnostics, d => Assert.True(d.Range.Start.Line > 0, "ranges are in the draft's text"));
    }

    [Fact]
    public async Task A_missing_property_is_reported_at_the_path_it_would_have()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var draft = Fixtures.Edit(Fixtures.Connector,
            ("  \"name\": \"Test\",\n", ""),
            ("\"version\": { \"number\": 1, \"name\": \"One\" },", "\"version\": { \"name\": \"One\" },"),
            ("\"apiKey\": { \"name\": \"X-Api-Key\", \"value\": \"{{api_key}}\" }", "\"apiKey\": { \"value\": \"{{api_key}}\" }"));

        var paths = (await ValidateAsync(session, "connector", draft)).Diagnostics.Where(d => d.Code == "PW1002").Select(d => d.Path).Order().ToList();

        Assert.Equal(["authMethods[0].apiKey.name", "name", "version.number"], paths);
    }

    [Fact]
    public async Task A_draft_that_is_not_json_reports_a_syntax_error_at_the_root()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var result = await ValidateAsync(session, "connector", "{ \"name\": ");
        Assert.NotEmpty(result.Diagnostics);
    }

    [Theory]
    [InlineData("a-second.instance.json")] // sorts before the instance already there: the rule alone would flag that one
    [InlineData("z-second.instance.json")]
    public async Task A_second_test_instance_in_a_company_group_is_reported_on_the_drafts_environment(string fileName)
    {
        await using var session = await WorkspaceWithTestInstanceAsync();
        var draft = Fixtures.Edit(Fixtures.Instance, ("\"UK\"", "\"uk\""), ("Test - UK", "Second"));

        var result = await ValidateAsync(session, "instance", draft, DraftUri(fileName));

        var duplicate = Assert.Single(result.Diagnostics, d => d.Code == "PW5008");
        Assert.Equal("environment", duplicate.Path);
        Assert.Contains("already has a test instance", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_value_is_reported_where_it_would_go()
    {
        await using var session = await WorkspaceWithTestInstanceAsync();
        var draft = Fixtures.Edit(Fixtures.Instance, ("\"test\"", "\"live\""),
            ("\"values\": { \"host\": \"api.example.com\" },", "\"values\": {},"), (",\n  \"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }", ""));

        var result = await ValidateAsync(session, "instance", draft, DraftUri("live.instance.json"));

        Assert.Equal(["secrets.api_key", "values.host"], result.Diagnostics.Where(d => d.Code == "PW5004").Select(d => d.Path).Order().ToArray());
    }

    [Fact]
    public async Task A_live_instance_beside_a_test_one_is_clean()
    {
        await using var session = await WorkspaceWithTestInstanceAsync();
        var draft = Fixtures.Edit(Fixtures.Instance, ("\"test\"", "\"live\""), ("Test - UK", "Live - UK"));
        var result = await ValidateAsync(session, "instance", draft, DraftUri("live.instance.json"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task A_draft_is_forgotten_once_checked()
    {
        await using var session = await WorkspaceWithTestInstanceAsync();
        var live = Fixtures.Edit(Fixtures.Instance, ("\"test\"", "\"live\""));
        Assert.Empty((await ValidateAsync(session, "instance", live, DraftUri("first.instance.json"))).Diagnostics);

        // Had the first draft stayed in the workspace, this one would be its company group's second live instance.
        var again = await ValidateAsync(session, "instance", live, DraftUri("second.instance.json"));
        Assert.DoesNotContain(again.Diagnostics, d => d.Code == "PW5008");
    }

    [Fact]
    public async Task A_draft_over_an_open_file_leaves_the_files_own_text_in_place()
    {
        await using var session = await WorkspaceWithTestInstanceAsync();
        var instanceUri = DraftUri(Fixtures.InstanceFile);
        await ValidateAsync(session, "instance", Fixtures.Edit(Fixtures.Instance, ("\"authMethod\": \"key\"", "\"authMethod\": \"nope\"")), instanceUri);

        // The open buffer (auth method "key") is what the server knows again: resolving with it works.
        var resolved = await session.Client.RequestAsync<System.Text.Json.JsonElement>("patchworks/resolveRequest",
            new { uri = DraftUri(Fixtures.ConnectorFile), endpointId = "list", instanceUri });
        Assert.Equal("key", resolved.GetProperty("authMethod").GetString());
    }

    [Fact]
    public async Task An_unknown_kind_or_a_uri_of_the_wrong_kind_is_invalid_params()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        // StreamJsonRpc surfaces -32602 as RemoteMethodNotFoundException; the message says what was wrong.
        var unknown = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => ValidateAsync(session, "flow", "{}"));
        Assert.Equal(ErrorCodes.InvalidParams, (int?)unknown.ErrorCode);
        Assert.Contains("kind must be", unknown.Message, StringComparison.Ordinal);
        var mismatch = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => ValidateAsync(session, "instance", "{}", DraftUri("x.connector.json")));
        Assert.Equal(ErrorCodes.InvalidParams, (int?)mismatch.ErrorCode);
        Assert.Contains("must end with .instance.json", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_answer_matches_the_extensions_types()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var broken = Fixtures.Edit(Fixtures.Connector, ("\"direction\": \"receive\"", "\"direction\": \"sideways\""));
        var answer = await session.Client.RequestAsync<System.Text.Json.JsonElement>("patchworks/validateDraft", new { kind = "connector", text = broken, uri = (string?)null });
        Assert.NotEmpty(answer.GetProperty("diagnostics").EnumerateArray());
        TypeScriptShapes.AssertMatches(answer, "ValidateDraftAnswer", TypeScriptShapes.Interfaces("wizards/draftValidation.ts", "forms/fieldDiagnostics.ts"),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["ValidateDraftAnswer.diagnostics"] = "DraftDiagnostic" });
    }
}
