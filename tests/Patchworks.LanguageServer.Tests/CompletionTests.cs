using Patchworks.Core.Tests.Infrastructure;
using Patchworks.LanguageServer.Protocol;
using Patchworks.LanguageServer.Tests.Infrastructure;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// textDocument/completion over the duplex stream. Texts carry a "|" where the cursor is; every edit is checked
/// for its exact range (what it replaces) and its exact text.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The fixture connector with one edit, and the cursor where the "|" of the replacement is.</summary>
    private static string Marked(string old, string replacement) => Fixtures.Edit(Fixtures.Connector, (old, replacement));

    private static LspPosition PositionAt(string text, int offset)
    {
        var line = text[..offset].Count(c => c == '\n');
        return new LspPosition(line, offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1));
    }

    /// <summary>The range of the first occurrence of a piece of text (the cursor marker already removed).</summary>
    private static LspRange RangeOf(string text, string piece, int from = 0)
    {
        var start = text.IndexOf(piece, from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{piece}' is not in the text.");
        return new LspRange(PositionAt(text, start), PositionAt(text, start + piece.Length));
    }

    private async Task<(CompletionItem[] Items, string Text)> CompleteAsync(string marked, string name = "a.connector.json", string? path = null)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(offset, 1);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        path ??= _folder.PathOf(name);
        await session.Client.OpenAsync(path, text);
        var list = await session.Client.RequestAsync<CompletionList?>("textDocument/completion",
            new { textDocument = new { uri = LspClient.Uri(path) }, position = PositionAt(text, offset) });
        Assert.NotNull(list);
        return ([.. list.Items], text);
    }

    private static CompletionItem Item(CompletionItem[] items, string label) =>
        items.SingleOrDefault(i => i.Label == label) ?? throw new Xunit.Sdk.XunitException($"No item '{label}' among: {string.Join(", ", items.Select(i => i.Label))}");

    private static LspRange Empty(string text, int offset) => new(PositionAt(text, offset), PositionAt(text, offset));

    [Fact]
    public async Task The_server_announces_completion_with_its_trigger_characters()
    {
        await using var session = InProcessServer.Start();
        var result = await session.Client.InitializeAsync();
        Assert.Equal(["\"", "{", "[", ".", ":"], result.Capabilities.CompletionProvider!.TriggerCharacters);
    }

    [Fact]
    public async Task A_half_typed_key_gets_the_missing_properties_with_quotes_colon_and_value()
    {
        var (items, text) = await CompleteAsync(Marked("\"protocol\": \"HTTP\",", "\"protocol\": \"HTTP\",\n  \"de|"));
        var description = Item(items, "description");
        Assert.Equal(new TextEdit(RangeOf(text, "\"de"), "\"description\": \"$1\""), description.TextEdit);
        Assert.Equal((InsertTextFormat.Snippet, "string", "\"description\""), (description.InsertTextFormat, description.Detail, description.FilterText));
        Assert.Equal(MarkupContent.Markdown("A short description shown under the connector's title wherever it appears."), description.Documentation);
        Assert.Equal("\"rateLimit\": {$1}", Item(items, "rateLimit").TextEdit!.NewText);
        Assert.Equal("\"colour\": \"${1|blue,cyan,gray,green,orange,pink,purple,red,yellow,blue_inverted,cyan_inverted,gray_inverted,green_inverted,orange_inverted,pink_inverted,purple_inverted,red_inverted,yellow_inverted|}\"",
            Item(items, "colour").TextEdit!.NewText);
        // Never what the object already has.
        Assert.DoesNotContain(items, i => i.Label is "name" or "version" or "systemType" or "protocol" or "variables" or "authMethods" or "endpoints");
        Assert.Equal(items.Length, items.Select(i => i.Label).Distinct().Count());
    }

    [Fact]
    public async Task Inside_a_broken_endpoint_missing_commas_and_unclosed_braces_the_endpoint_properties_are_offered()
    {
        const string marked = "{\n  \"name\": \"T\",\n  \"endpoints\": [\n    { \"id\": \"a\" \"name\": \"x\"\n      dis|";
        var (items, text) = await CompleteAsync(marked);
        var item = Item(items, "disableAutomaticHeaders");
        Assert.Equal(new TextEdit(RangeOf(text, "dis"), "\"disableAutomaticHeaders\": ${1:true}"), item.TextEdit);
        Assert.Equal("boolean", item.Detail);
        Assert.Equal("\"authMethods\": [$1]", Item(items, "authMethods").TextEdit!.NewText);
        Assert.Equal("\"pagination\": {$1}", Item(items, "pagination").TextEdit!.NewText);
        Assert.Equal("\"direction\": \"${1|receive,send|}\"", Item(items, "direction").TextEdit!.NewText);
        Assert.DoesNotContain(items, i => i.Label is "id" or "name");
        Assert.StartsWith("0", Item(items, "url").SortText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_already_has_its_colon_is_renamed_without_a_second_value()
    {
        var (items, text) = await CompleteAsync(Marked("\"dataPath\": \"items\"", "\"dataPath\": \"items\",\n \"dis|\": true"));
        Assert.Equal(new TextEdit(RangeOf(text, "\"dis\""), "\"disableAutomaticHeaders\""), Item(items, "disableAutomaticHeaders").TextEdit);
    }

    [Fact]
    public async Task Property_names_of_an_instance_come_from_the_instance_schema()
    {
        var (items, text) = await CompleteAsync("{\n  \"name\": \"x\",\n  |\n}", "a.instance.json");
        Assert.Equal(new TextEdit(Empty(text, text.IndexOf("  \n}", StringComparison.Ordinal) + 2), "\"environment\": \"${1|test,live|}\""), Item(items, "environment").TextEdit);
        Assert.DoesNotContain(items, i => i.Label == "name");
        Assert.Contains(items, i => i.Label == "connector");
    }

    [Fact]
    public async Task Inside_endpoints_a_whole_new_endpoint()
    {
        var (items, text) = await CompleteAsync(Marked("\"endpoints\": [", "\"endpoints\": [|"));
        var snippet = Item(items, "New endpoint");
        var at = text.IndexOf("\"endpoints\": [", StringComparison.Ordinal) + "\"endpoints\": [".Length;
        Assert.Equal(new TextEdit(Empty(text, at),
            "{\n\t\"id\": \"${1:new-endpoint}\",\n\t\"name\": \"${2:New endpoint}\",\n\t\"direction\": \"${3|receive,send|}\",\n\t\"method\": \"${4|GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS|}\",\n\t\"url\": \"${5:https://}\",\n\t\"dataType\": \"${6|json,xml,csv,txt|}\"\n}"),
            snippet.TextEdit);
        Assert.Equal((CompletionItemKind.Snippet, InsertTextFormat.Snippet), (snippet.Kind, snippet.InsertTextFormat));
    }

    [Fact]
    public async Task Inside_auth_methods_one_snippet_per_type_with_its_settings_block()
    {
        var (items, text) = await CompleteAsync(Marked("\"authMethods\": [", "\"authMethods\": [|"));
        Assert.Equal(["basic", "token", "apiKey", "oauth2ClientCredentials", "oauth2Password", "oauth2AuthorizationCode", "oauth1", "soap", "none"],
            items.Select(i => i.Label["Auth method: ".Length..]));
        var at = text.IndexOf("\"authMethods\": [", StringComparison.Ordinal) + "\"authMethods\": [".Length;
        Assert.Equal(new TextEdit(Empty(text, at),
            "{\n\t\"id\": \"${1:basic}\",\n\t\"name\": \"${2:basic}\",\n\t\"type\": \"basic\",\n\t\"basic\": { \"username\": \"$3\", \"password\": \"$4\" }\n}"),
            Item(items, "Auth method: basic").TextEdit);
        Assert.Equal("{\n\t\"id\": \"${1:oauth2AuthorizationCode}\",\n\t\"name\": \"${2:oauth2AuthorizationCode}\",\n\t\"type\": \"oauth2AuthorizationCode\",\n\t\"url\": \"${3:https://}\",\n\t\"additionalUrl\": \"${4:https://}\",\n\t\"oauth2\": { \"clientId\": \"$5\" }\n}",
            Item(items, "Auth method: oauth2AuthorizationCode").TextEdit!.NewText);
        Assert.Equal("{\n\t\"id\": \"${1:none}\",\n\t\"name\": \"${2:none}\",\n\t\"type\": \"none\"\n}", Item(items, "Auth method: none").TextEdit!.NewText);
    }

    [Fact]
    public async Task At_a_pagination_value_one_snippet_per_method_with_its_required_options()
    {
        var (items, text) = await CompleteAsync(Marked("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": |"));
        Assert.Equal(["linkHeader", "pageNumber", "limitOffset", "nextPageToken", "nextPageUrl", "graphqlCursor", "customRelativeUri", "script"],
            items.Select(i => i.Label["Pagination: ".Length..]));
        var at = text.IndexOf("\"pagination\": ", StringComparison.Ordinal) + "\"pagination\": ".Length;
        Assert.Equal(new TextEdit(Empty(text, at), "{\n\t\"method\": \"graphqlCursor\",\n\t\"endCursorPath\": \"$1\",\n\t\"hasNextPagePath\": \"$2\"\n}"),
            Item(items, "Pagination: graphqlCursor").TextEdit);
        Assert.StartsWith("Sends the endCursor", Item(items, "Pagination: graphqlCursor").Documentation!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inside_variables_and_parameters_a_new_one()
    {
        var (variables, _) = await CompleteAsync(Marked("\"variables\": [", "\"variables\": [|"));
        Assert.Equal("{\n\t\"key\": \"${1:key}\",\n\t\"displayName\": \"${2:Display name}\"\n}", Assert.Single(variables).TextEdit!.NewText);
        var (parameters, _) = await CompleteAsync(Marked("\"query\": [", "\"query\": [|"));
        Assert.Equal("{\n\t\"key\": \"${1:key}\",\n\t\"value\": \"$2\"\n}", Item(parameters, "New parameter").TextEdit!.NewText);
    }

    [Fact]
    public async Task Enum_values_replace_the_half_typed_string_and_carry_their_descriptions()
    {
        var (items, text) = await CompleteAsync(Marked("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": { \"method\": \"li|\" }"));
        var item = Item(items, "linkHeader");
        Assert.Equal(new TextEdit(RangeOf(text, "\"li\""), "\"linkHeader\""), item.TextEdit);
        Assert.Equal(("Link header: follow rel=\"next\" links.", InsertTextFormat.PlainText, "\"linkHeader\""), (item.Documentation!.Value, item.InsertTextFormat, item.FilterText));
        Assert.Equal(8, items.Length);
    }

    [Fact]
    public async Task Enum_values_after_a_colon_and_booleans()
    {
        var (directions, text) = await CompleteAsync(Marked("\"direction\": \"receive\"", "\"direction\":|"));
        var at = text.IndexOf("\"direction\":", StringComparison.Ordinal) + "\"direction\":".Length;
        Assert.Equal([new TextEdit(Empty(text, at), "\"receive\""), new TextEdit(Empty(text, at), "\"send\"")], directions.Select(i => i.TextEdit));
        var (booleans, booleanText) = await CompleteAsync(Marked("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"disableAutomaticHeaders\": fa|"));
        var word = RangeOf(booleanText, "fa", booleanText.IndexOf("\"disableAutomaticHeaders\"", StringComparison.Ordinal));
        Assert.Equal([new TextEdit(word, "true"), new TextEdit(word, "false")], booleans.Select(i => i.TextEdit));
    }

    [Fact]
    public async Task After_double_braces_the_variables_an_endpoint_sees_innermost_first()
    {
        var (items, text) = await CompleteAsync(Marked("\"url\": \"https://{{host}}/{{region}}/items\",\n      \"authMethods\"", "\"url\": \"https://{{|\",\n      \"authMethods\""));
        Assert.Equal(["status", "api_key", "host", "region"], items.Select(i => i.Label));
        Assert.Equal(["endpoint 'list' variable", "auth method 'key' variable", "connector variable", "connector variable"], items.Select(i => i.Detail));
        var at = text.IndexOf("{{\"", StringComparison.Ordinal) + 2;
        Assert.Equal(new TextEdit(Empty(text, at), "status}}"), items[0].TextEdit);
        Assert.Equal("**Host**", Item(items, "host").Documentation!.Value);
        Assert.Equal("Default: `eu`", Item(items, "region").Documentation!.Value);
    }

    [Fact]
    public async Task Closing_braces_already_there_are_not_added_again_and_the_partial_key_is_replaced()
    {
        var (items, text) = await CompleteAsync(Marked("https://{{host}}/{{region}}/items\",\n      \"authMethods\"", "https://{{ho|st}}/items\",\n      \"authMethods\""));
        var partial = text.IndexOf("{{host}}/items", StringComparison.Ordinal) + 2;
        Assert.Equal(new TextEdit(new LspRange(PositionAt(text, partial), PositionAt(text, partial + 4)), "host"), Item(items, "host").TextEdit);
    }

    [Fact]
    public async Task Auth_method_strings_see_their_own_variables_and_token_and_secrets_are_masked()
    {
        var marked = Fixtures.Edit(Fixtures.Connector,
            ("{ \"key\": \"api_key\", \"required\": true, \"secret\": true }", "{ \"key\": \"api_key\", \"default\": \"s3cret\", \"secret\": true }"),
            ("\"value\": \"{{api_key}}\"", "\"value\": \"Key {{a|\""),
            ("\"authMethods\": [\n", "\"authMethods\": [\n    { \"id\": \"o\", \"name\": \"O\", \"type\": \"oauth2ClientCredentials\", \"url\": \"https://x\", \"oauth2\": { \"clientId\": \"{{|\" } },\n"));
        // Two markers: complete at the first (the oauth2 method), then at the second (the apiKey method).
        var first = marked.IndexOf('|', StringComparison.Ordinal);
        var (oauth, _) = await CompleteAsync(marked.Remove(marked.IndexOf('|', first + 1), 1));
        Assert.Equal(["token", "host", "region"], oauth.Select(i => i.Label));
        Assert.Equal("auth method 'o' token", oauth[0].Detail);
        var (key, text) = await CompleteAsync(marked.Remove(first, 1));
        Assert.Equal(["api_key", "host", "region"], key.Select(i => i.Label));
        Assert.Equal("Default: `••••••`", key[0].Documentation!.Value);
        var partial = text.IndexOf("{{a\"", StringComparison.Ordinal) + 2;
        Assert.Equal(new TextEdit(new LspRange(PositionAt(text, partial), PositionAt(text, partial + 1)), "api_key}}"), key[0].TextEdit);
    }

    [Fact]
    public async Task Endpoints_see_the_token_of_every_auth_method_when_they_name_none()
    {
        var marked = Fixtures.Edit(Fixtures.Connector,
            ("\"authMethods\": [\n", "\"authMethods\": [\n    { \"id\": \"o\", \"name\": \"O\", \"type\": \"oauth2ClientCredentials\", \"url\": \"https://x\", \"oauth2\": { \"clientId\": \"c\" }, \"token\": { \"variable\": \"access\" } },\n"),
            ("\"sampleBody\": { \"name\": \"Socks\" }", "\"sampleBody\": { \"name\": \"{{|\" }"));
        var (items, _) = await CompleteAsync(marked);
        Assert.Equal(["access", "api_key", "host", "region"], items.Select(i => i.Label));
    }

    [Fact]
    public async Task Double_brackets_offer_the_namespaces_then_the_pagination_methods_builtins()
    {
        var (namespaces, text) = await CompleteAsync(Marked("\"value\": \"{{status}}\"", "\"value\": \"[[|\""));
        Assert.Equal(["pagination", "meta"], namespaces.Select(i => i.Label));
        var at = text.IndexOf("[[", StringComparison.Ordinal) + 2;
        Assert.Equal(new TextEdit(Empty(text, at), "pagination."), namespaces[0].TextEdit);
        Assert.Equal("editor.action.triggerSuggest", namespaces[0].Command!.Name);

        var withPaging = ("\"dataPath\": \"items\"", "\"dataPath\": \"items\", \"pagination\": { \"method\": \"limitOffset\", \"limit\": 50 }");
        var (builtins, builtinText) = await CompleteAsync(Fixtures.Edit(Fixtures.Connector, withPaging, ("\"value\": \"{{status}}\"", "\"value\": \"[[pagination.|\"")));
        Assert.Equal(["offset", "limit"], builtins.Select(i => i.Label));
        var after = builtinText.IndexOf("[[pagination.", StringComparison.Ordinal) + "[[pagination.".Length;
        Assert.Equal(new TextEdit(Empty(builtinText, after), "offset]]"), builtins[0].TextEdit);

        var (closed, closedText) = await CompleteAsync(Fixtures.Edit(Fixtures.Connector, withPaging, ("\"value\": \"{{status}}\"", "\"value\": \"[[pagination.off|]]\"")));
        Assert.Equal(new TextEdit(RangeOf(closedText, "off]]"[..3]), "offset"), closed[0].TextEdit);
    }

    [Fact]
    public async Task An_endpoints_auth_methods_list_offers_the_ids_not_yet_listed()
    {
        var marked = Fixtures.Edit(Fixtures.Connector,
            ("\"authMethods\": [\n", "\"authMethods\": [\n    { \"id\": \"other\", \"name\": \"Other\", \"type\": \"none\" },\n"),
            ("\"authMethods\": [\"key\"]", "\"authMethods\": [\"key\", \"|\"]"));
        var (items, text) = await CompleteAsync(marked);
        var item = Assert.Single(items);
        Assert.Equal(new TextEdit(RangeOf(text, "\"\"]"[..2]), "\"other\""), item.TextEdit);
        Assert.Equal(("none auth method", "Other"), (item.Detail, item.Documentation!.Value));
    }

    [Fact]
    public async Task Nothing_is_offered_in_comments()
    {
        var (items, _) = await CompleteAsync(Marked("// A connector every rule is happy with.", "// A connector every| rule is happy with."));
        Assert.Empty(items);
        var (block, _) = await CompleteAsync(Marked("\"protocol\": \"HTTP\",", "\"protocol\": \"HTTP\", /* {{ho| */"));
        Assert.Empty(block);
    }

    private string StageInstanceFolder()
    {
        _folder.Write("test.connector.json", Fixtures.Connector);
        _folder.Write("inst/b.connector.json", Fixtures.Connector);
        _folder.Write("other/c.connector.json", Fixtures.Connector);
        return _folder.PathOf("inst/a.instance.json");
    }

    private static string Instance(string old, string replacement) =>
        Fixtures.Edit(Fixtures.Instance, ("\"connector\": \"test.connector.json\"", "\"connector\": \"../test.connector.json\""), (old, replacement));

    [Fact]
    public async Task An_instance_auth_method_value_offers_its_connectors_auth_method_ids()
    {
        var path = StageInstanceFolder();
        var (items, text) = await CompleteAsync(Instance("\"authMethod\": \"key\"", "\"authMethod\": \"|\""), path: path);
        var item = Assert.Single(items);
        Assert.Equal(new TextEdit(RangeOf(text, "\"\""), "\"key\""), item.TextEdit);
        Assert.Equal("API key", item.Documentation!.Value);
    }

    [Fact]
    public async Task An_instance_connector_value_offers_connector_files_relative_to_the_instance()
    {
        var path = StageInstanceFolder();
        var (items, text) = await CompleteAsync(Instance("\"connector\": \"../test.connector.json\"", "\"connector\": \"|\""), path: path);
        Assert.Equal(["../other/c.connector.json", "../test.connector.json", "b.connector.json"], items.Select(i => i.Label));
        Assert.All(items, i => Assert.Equal(RangeOf(text, "\"\""), i.TextEdit!.Range));
        Assert.Equal("\"b.connector.json\"", items[2].TextEdit!.NewText);
    }

    [Fact]
    public async Task Instance_values_secrets_and_endpoint_values_keys_come_from_the_connector()
    {
        var path = StageInstanceFolder();
        var (values, valuesText) = await CompleteAsync(Instance("\"values\": { \"host\": \"api.example.com\" }", "\"values\": { | }"), path: path);
        var host = Assert.Single(values);
        var at = valuesText.IndexOf("\"values\": { ", StringComparison.Ordinal) + "\"values\": { ".Length;
        Assert.Equal(new TextEdit(Empty(valuesText, at), "\"host\": \"$1\""), host.TextEdit);
        Assert.Equal("connector variable", host.Detail);

        var (secrets, _) = await CompleteAsync(Instance("\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }", "\"secrets\": { \"|\" }"), path: path);
        Assert.Equal("\"api_key\": \"env:${1:API_KEY}\"", Assert.Single(secrets).TextEdit!.NewText);

        var (endpoints, _) = await CompleteAsync(Instance("\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }", "\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" },\n  \"endpointValues\": { \"list\": { \"status\": \"x\" }, | }"), path: path);
        Assert.Equal("\"create\": {$1}", Assert.Single(endpoints).TextEdit!.NewText);

        var (endpointKeys, _) = await CompleteAsync(Instance("\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" }", "\"secrets\": { \"api_key\": \"env:TEST_API_KEY\" },\n  \"endpointValues\": { \"list\": { | } }"), path: path);
        Assert.Equal("\"status\": \"$1\"", Assert.Single(endpointKeys).TextEdit!.NewText);
    }

    [Fact]
    public async Task Completion_follows_the_editors_buffer_after_an_incremental_change()
    {
        await using var session = await InProcessServer.StartInitializedAsync();
        var path = _folder.PathOf("a.connector.json");
        await session.Client.OpenAsync(path, Fixtures.Connector);
        var at = PositionAt(Fixtures.Connector, Fixtures.Connector.IndexOf("\"protocol\": \"HTTP\",", StringComparison.Ordinal) + "\"protocol\": \"HTTP\",".Length);
        await session.Client.ChangeAsync(path, 2, new TextDocumentContentChangeEvent(new LspRange(at, at), "\n  \"ic"));
        var cursor = new LspPosition(at.Line + 1, 5);
        var list = await session.Client.RequestAsync<CompletionList>("textDocument/completion", new { textDocument = new { uri = LspClient.Uri(path) }, position = cursor });
        var icon = Item([.. list.Items], "icon");
        Assert.Equal(new TextEdit(new LspRange(cursor with { Character = 2 }, cursor), "\"icon\": \"$1\""), icon.TextEdit);
    }
}
