using System.Text.Json;
using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// Quick fixes end to end: the server reports a diagnostic, the fix's edit is applied to the text exactly as
/// returned, and the server's next analysis no longer reports it and reports nothing new.
/// </summary>
public sealed class CodeActionTests : IDisposable
{
    private const string Secret = "hunter2-s3cr3t";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed record Opened(InProcessServer Session, string Path, string Text, IReadOnlyList<LspDiagnostic> Diagnostics);

    private async Task<Opened> OpenAsync(string name, string text, string code)
    {
        var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf(name);
        if (name.EndsWith(".instance.json", StringComparison.Ordinal))
        {
            await session.Client.OpenAsync(_folder.Write(Fixtures.ConnectorFile, Fixtures.Connector), Fixtures.Connector);
        }
        await session.Client.OpenAsync(path, text);
        var publish = await session.Client.WaitForDiagnosticsAsync(path, p => p.Diagnostics.Any(d => d.Code == code));
        return new Opened(session, path, text, publish.Diagnostics);
    }

    private static async Task<CodeAction[]> ActionsAsync(Opened opened, params LspDiagnostic[] diagnostics) =>
        await opened.Session.Client.RequestAsync<CodeAction[]>("textDocument/codeAction", new
        {
            textDocument = new { uri = LspClient.Uri(opened.Path) },
            range = diagnostics[0].Range,
            context = new { diagnostics },
        });

    /// <summary>Applies the fix, checks the text, and returns the diagnostics the server then publishes.</summary>
    private static async Task<IReadOnlyList<LspDiagnostic>> ApplyAsync(Opened opened, CodeAction action, string expected)
    {
        Assert.Equal(CodeActionKind.QuickFix, action.Kind);
        Assert.NotEmpty(action.Diagnostics!);
        var fixedText = TextEdits.Apply(opened.Text, action.Edit!, opened.Path);
        Assert.Equal(expected, fixedText);
        await opened.Session.Client.ChangeAsync(opened.Path, 2, new TextDocumentContentChangeEvent(null, fixedText));
        return (await opened.Session.Client.WaitForDiagnosticsAsync(opened.Path, p => p.Version == 2)).Diagnostics;
    }

    private static void AssertOnlyFixed(IReadOnlyList<LspDiagnostic> before, IReadOnlyList<LspDiagnostic> after, string code)
    {
        var expected = before.Select(d => d.Code).Where(c => c != code).Order().ToList();
        Assert.Equal(expected, after.Select(d => d.Code).Order().ToList());
    }

    private static async Task<(Opened Opened, LspDiagnostic Diagnostic)> DiagnosedAsync(CodeActionTests tests, string name, string text, string code)
    {
        var opened = await tests.OpenAsync(name, text, code);
        return (opened, opened.Diagnostics.First(d => d.Code == code));
    }

    [Fact]
    public async Task Undefined_placeholder_is_replaced_with_the_nearest_key()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items\",\n      \"authMethods\"", "/{{regoin}}/items\",\n      \"authMethods\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        Assert.Equal("region", diagnostic.Data!["suggestion"]);
        var actions = await ActionsAsync(opened, diagnostic);
        var change = Assert.Single(actions, a => a.Title == "Change to '{{region}}'");
        Assert.True(change.IsPreferred);
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, change, Fixtures.Connector), "PW2001");
    }

    [Fact]
    public async Task Other_servers_diagnostics_sent_back_with_numeric_codes_and_any_data_do_not_fail_the_request()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items\",\n      \"authMethods\"", "/{{regoin}}/items\",\n      \"authMethods\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;

        // VS Code sends every diagnostic on the line: here one of its JSON checker's (code 521, a number) first.
        var actions = await opened.Session.Client.RequestAsync<CodeAction[]>("textDocument/codeAction", new
        {
            textDocument = new { uri = LspClient.Uri(opened.Path) },
            range = diagnostic.Range,
            context = new
            {
                diagnostics = new object[]
                {
                    new { range = diagnostic.Range, severity = 1, code = 521, source = "json", message = "Comments are not permitted in JSON.", data = new { nested = new { deep = 1 }, list = new[] { 1 } } },
                    diagnostic,
                },
            },
        });

        Assert.Contains(actions, a => a.Title == "Change to '{{region}}'");
    }

    [Fact]
    public async Task Undefined_placeholder_in_an_endpoint_is_defined_in_its_variables()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"value\": \"{{status}}\"", "\"value\": \"{{nowhere}}\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        var define = Assert.Single(await ActionsAsync(opened, diagnostic), a => a.Title == "Define variable 'nowhere' in endpoint 'list'");
        var expected = Fixtures.Edit(text, ("[ { \"key\": \"status\" } ]", "[ { \"key\": \"status\" }, { \"key\": \"nowhere\" } ]"));
        var after = await ApplyAsync(opened, define, expected);
        // "status" was used only by the placeholder the test replaced: its warning stays, nothing else comes.
        AssertOnlyFixed(opened.Diagnostics, after, "PW2001");
    }

    [Fact]
    public async Task Defining_a_variable_creates_the_variables_array_on_its_own_line()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"name\": \"{{colour}}\" } // the body"));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        var define = Assert.Single(await ActionsAsync(opened, diagnostic), a => a.Title == "Define variable 'colour' in endpoint 'create'");
        var expected = Fixtures.Edit(text, ("\"sampleBody\": { \"name\": \"{{colour}}\" } // the body",
            "\"sampleBody\": { \"name\": \"{{colour}}\" }, // the body\n      \"variables\": [ { \"key\": \"colour\" } ]"));
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, define, expected), "PW2001");
    }

    [Fact]
    public async Task Undefined_placeholder_in_an_auth_method_is_defined_in_the_method()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"name\": \"X-Api-Key\"", "\"name\": \"X-{{tenant}}\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        var define = Assert.Single(await ActionsAsync(opened, diagnostic), a => a.Title == "Define variable 'tenant' in auth method 'key'");
        var expected = Fixtures.Edit(text, ("\"secret\": true } ]", "\"secret\": true }, { \"key\": \"tenant\" } ]"));
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, define, expected), "PW2001");
    }

    [Fact]
    public async Task Undefined_placeholder_in_a_connector_variable_is_defined_with_the_connector_variables()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"default\": \"eu\"", "\"default\": \"{{zone}}\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        var define = Assert.Single(await ActionsAsync(opened, diagnostic), a => a.Title == "Define variable 'zone' in the connector");
        var expected = Fixtures.Edit(text, ("\"default\": \"{{zone}}\" },", "\"default\": \"{{zone}}\" },\n    { \"key\": \"zone\" },"));
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, define, expected), "PW2001");
    }

    [Fact]
    public async Task Unknown_property_is_renamed_to_the_suggestion()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"dataPath\": \"items\"", "\"dataPth\": \"items\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW1001");
        await using var _ = opened.Session;
        var change = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Equal("Change to \"dataPath\"", change.Title);
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, change, Fixtures.Connector), "PW1001");
    }

    [Fact]
    public async Task Value_not_allowed_is_replaced_with_the_suggestion()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"direction\": \"receive\"", "\"direction\": \"recieve\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW1004");
        await using var _ = opened.Session;
        var change = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Equal("Change to \"receive\"", change.Title);
        Assert.Empty(await ApplyAsync(opened, change, Fixtures.Connector));
    }

    [Fact]
    public async Task Missing_pagination_options_are_added_with_values_to_edit_in_one_action()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n      \"pagination\": { \"method\": \"customRelativeUri\" }"));
        var opened = await OpenAsync(Fixtures.ConnectorFile, text, "PW3006");
        await using var _ = opened.Session;
        var missing = opened.Diagnostics.Where(d => d.Code == "PW3006").ToArray();
        Assert.Equal(2, missing.Length);
        var add = Assert.Single(await ActionsAsync(opened, missing));
        Assert.Equal("Add \"lastIdParam\", \"idKey\" for customRelativeUri pagination", add.Title);
        Assert.Equal(2, add.Diagnostics!.Count);
        var expected = Fixtures.Edit(text, ("{ \"method\": \"customRelativeUri\" }", "{ \"method\": \"customRelativeUri\", \"lastIdParam\": \"since_id\", \"idKey\": \"id\" }"));
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, add, expected), "PW3006");
    }

    [Fact]
    public async Task A_missing_numeric_option_gets_a_number()
    {
        // limitParam too: a limit that is never sent is PW3044's warning, which the added limit would bring.
        var text = Fixtures.Edit(Fixtures.Connector, ("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n      \"pagination\": {\n        \"method\": \"limitOffset\",\n        \"limitParam\": \"limit\",\n        \"offsetParam\": \"offset\"\n      }"));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW3006");
        await using var _ = opened.Session;
        var add = Assert.Single(await ActionsAsync(opened, diagnostic));
        var expected = Fixtures.Edit(text, ("\"offsetParam\": \"offset\"\n", "\"offsetParam\": \"offset\",\n        \"limit\": 100\n"));
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, add, expected), "PW3006");
    }

    [Fact]
    public async Task A_literal_secret_in_values_moves_to_secrets_as_a_reference_and_the_value_only_travels_as_a_command_argument()
    {
        var text = Fixtures.Edit(Fixtures.Instance, (
            "\"values\": { \"host\": \"api.example.com\" },\n  \"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }",
            $"\"values\": {{ \"host\": \"api.example.com\", \"api_key\": \"{Secret}\" }}"));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.InstanceFile, text, "PW5005");
        await using var _ = opened.Session;
        var move = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Equal("Move \"api_key\" to \"secrets\" as secret:test-uk-api_key", move.Title);
        AssertSecretOnlyInCommand(move);
        var expected = Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", "secret:test-uk-api_key"));
        Assert.Empty(await ApplyAsync(opened, move, expected));
    }

    [Fact]
    public async Task A_literal_secret_in_secrets_is_replaced_with_a_reference()
    {
        var text = Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", Secret));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.InstanceFile, text, "PW5005");
        await using var _ = opened.Session;
        var move = Assert.Single(await ActionsAsync(opened, diagnostic));
        AssertSecretOnlyInCommand(move);
        Assert.Empty(await ApplyAsync(opened, move, Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", "secret:test-uk-api_key"))));
    }

    private static void AssertSecretOnlyInCommand(CodeAction action)
    {
        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(action.Edit, ProtocolSerializer.Options), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, action.Title, StringComparison.Ordinal);
        Assert.Equal("patchworks.storeSecret", action.Command!.Name);
        var argument = (JsonElement)Assert.Single(action.Command.Arguments!);
        Assert.Equal("test-uk-api_key", argument.GetProperty("name").GetString());
        Assert.Equal(Secret, argument.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_missing_value_is_added_to_values()
    {
        var text = Fixtures.Edit(Fixtures.Instance, ("  \"values\": { \"host\": \"api.example.com\" },\n", ""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.InstanceFile, text, "PW5004");
        await using var _ = opened.Session;
        var add = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Equal("Add \"host\" to \"values\"", add.Title);
        var expected = Fixtures.Edit(text, ("\"env:TEST_API_KEY\" }", "\"env:TEST_API_KEY\" },\n  \"values\": { \"host\": \"\" }"));
        Assert.Empty(await ApplyAsync(opened, add, expected));
    }

    [Fact]
    public async Task A_missing_secret_is_added_to_secrets_as_a_reference()
    {
        var text = Fixtures.Edit(Fixtures.Instance, ("  \"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }\n", "  \"secrets\": {}\n"));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.InstanceFile, text, "PW5004");
        await using var _ = opened.Session;
        var add = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Empty(await ApplyAsync(opened, add, Fixtures.Edit(Fixtures.Instance, ("env:TEST_API_KEY", "secret:test-uk-api_key"))));
    }

    [Fact]
    public async Task Unknown_auth_method_is_replaced_with_the_suggestion_and_only_quick_fixes_are_offered_when_asked()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("\"authMethods\": [\"key\"]", "\"authMethods\": [\"kye\"]"));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW3003");
        await using var _ = opened.Session;
        var refactorsOnly = await opened.Session.Client.RequestAsync<CodeAction[]>("textDocument/codeAction", new
        {
            textDocument = new { uri = LspClient.Uri(opened.Path) },
            range = diagnostic.Range,
            context = new { diagnostics = new[] { diagnostic }, only = new[] { "refactor" } },
        });
        Assert.Empty(refactorsOnly);
        var change = Assert.Single(await ActionsAsync(opened, diagnostic));
        Assert.Equal("Change to \"key\"", change.Title);
        AssertOnlyFixed(opened.Diagnostics, await ApplyAsync(opened, change, Fixtures.Connector), "PW3003");
    }

    [Fact]
    public async Task Diagnostics_that_no_longer_match_the_text_get_no_fix()
    {
        var text = Fixtures.Edit(Fixtures.Connector, ("/{{region}}/items\",\n      \"authMethods\"", "/{{regoin}}/items\",\n      \"authMethods\""));
        var (opened, diagnostic) = await DiagnosedAsync(this, Fixtures.ConnectorFile, text, "PW2001");
        await using var _ = opened.Session;
        await opened.Session.Client.ChangeAsync(opened.Path, 2, new TextDocumentContentChangeEvent(null, Fixtures.Connector));
        Assert.Empty(await ActionsAsync(opened, diagnostic));
    }
}
