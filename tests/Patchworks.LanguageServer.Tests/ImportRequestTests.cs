using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/importPreview and patchworks/import through the server: the source comes as text, files are written only inside the workspace.</summary>
public sealed class ImportRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string? Reason(RemoteInvocationException error) =>
        error.ErrorData is JsonElement { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    private static string WooCommerce() => File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Patchworks.Importing.Tests", "Samples", "feedonomics", "WooCommerce_API.postman_collection.json"));

    [Fact]
    public async Task Preview_lists_the_collections_endpoints_and_auth_without_writing_then_import_with_only_writes_just_those()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var text = WooCommerce();

        var preview = await session.Client.RequestAsync<JsonElement>("patchworks/importPreview",
            new { text, fileName = "WooCommerce_API.postman_collection.json", targetFolderUri = LspClient.Uri(workspace) });
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace));
        Assert.Equal("postman", preview.GetProperty("format").GetString());
        var endpoints = preview.GetProperty("endpoints").EnumerateArray().ToList();
        Assert.True(endpoints.Count >= 10, $"{endpoints.Count} endpoints");
        var products = endpoints.Single(e => e.GetProperty("name").GetString() == "List Products");
        Assert.Equal("GET", products.GetProperty("method").GetString());
        Assert.StartsWith("item[", products.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(products.GetProperty("endpointId").GetString()));
        // The collection authenticates with query parameters, not an auth block: no auth scheme to choose.
        Assert.Empty(preview.GetProperty("authMethods").EnumerateArray());
        Assert.NotEmpty(preview.GetProperty("variables").EnumerateArray());
        Assert.NotEmpty(preview.GetProperty("guesses").EnumerateArray());

        var orders = endpoints.Single(e => e.GetProperty("name").GetString() == "List Orders");
        var only = new[] { products.GetProperty("id").GetString()!, orders.GetProperty("id").GetString()! }
            .Concat(preview.GetProperty("authMethods").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)).ToArray();
        var imported = await session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text, targetFolderUri = LspClient.Uri(workspace), only });
        Assert.Equal(2, imported.GetProperty("writtenUris").GetArrayLength());
        var connectorPath = new Uri(imported.GetProperty("connectorUri").GetString()!).LocalPath;
        var connector = await File.ReadAllTextAsync(connectorPath);
        using var document = JsonDocument.Parse(connector, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var written = document.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal([products.GetProperty("endpointId").GetString(), orders.GetProperty("endpointId").GetString()], written);
        Assert.Contains(imported.GetProperty("dropped").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("not chosen", StringComparison.Ordinal));

        // The extension's types of both answers (extension/src/importing/importModel.ts) are what the server sends.
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ImportAnswer.endpoints"] = "ImportAnswerEndpoint",
            ["ImportAnswer.authMethods"] = "ImportAnswerAuth",
            ["ImportAnswer.variables"] = "PreviewVariable",
            ["ImportAnswer.guesses"] = "ImportAnswerEntry",
            ["ImportAnswer.dropped"] = "ImportAnswerEntry",
            ["ImportAnswer.conflicts"] = "ImportAnswerEntry",
            ["ImportAnswer.entries"] = "ImportAnswerEntry",
            ["ImportAnswer.secrets"] = "SecretHint",
            ["ImportAnswer.connectorEdits"] = "ConnectorEdit",
        };
        var interfaces = TypeScriptShapes.Interfaces("importing/importModel.ts");
        TypeScriptShapes.AssertMatches(preview, "ImportAnswer", interfaces, nested);
        TypeScriptShapes.AssertMatches(imported, "ImportAnswer", interfaces, nested);
    }

    [Fact]
    public async Task Importing_an_openapi_document_writes_the_record_schemas_the_connector_names()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Patchworks.Importing.Tests", "Samples", "adyen", "BinLookupService-v54.json"));

        var imported = await session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text, fileName = "BinLookupService-v54.json", targetFolderUri = LspClient.Uri(Path.Combine(workspace, "adyen")) });

        var connectorPath = new Uri(imported.GetProperty("connectorUri").GetString()!).LocalPath;
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(connectorPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var schemaRefs = document.RootElement.GetProperty("endpoints").EnumerateArray()
            .Where(e => e.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out _))
            .Select(e => e.GetProperty("schema").GetProperty("$ref").GetString()!).ToList();
        Assert.NotEmpty(schemaRefs);
        var written = imported.GetProperty("writtenUris").EnumerateArray().Select(u => new Uri(u.GetString()!).LocalPath).ToList();
        foreach (var reference in schemaRefs)
        {
            var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(connectorPath)!, reference));
            Assert.True(File.Exists(path), $"{reference} was not written");
            Assert.Contains(path, written);
        }
    }

    [Fact]
    public async Task Paste_curl_merges_into_the_open_connector_and_a_base_url_becomes_the_variable_whose_default_it_is()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        var connector = _folder.Write("ws/shop.connector.json", """
            {
              // The shop's connector
              "name": "Shop",
              "version": { "number": 1 },
              "systemType": "eCommerce",
              "protocol": "HTTP",
              "variables": [ { "key": "base_url", "default": "https://api.shop.example" } ],
              "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
              "endpoints": []
            }
            """);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var imported = await session.Client.RequestAsync<JsonElement>("patchworks/import", new
        {
            text = "curl -X GET 'https://api.shop.example/v1/orders?limit=10'",
            format = "curl",
            targetFolderUri = LspClient.Uri(workspace),
            mergeInto = LspClient.Uri(connector),
            writeInstance = false,
        });
        Assert.Equal(LspClient.Uri(connector), Assert.Single(imported.GetProperty("writtenUris").EnumerateArray()).GetString());
        Assert.False(File.Exists(Path.Combine(workspace, "shop.test.instance.json")));
        Assert.True(imported.GetProperty("merged").GetBoolean());
        var text = await File.ReadAllTextAsync(connector);
        Assert.Contains("// The shop's connector", text, StringComparison.Ordinal);
        Assert.Contains("{{base_url}}/v1/orders", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_outside_the_workspace_is_refused_and_nothing_is_written()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        using var elsewhere = new TempFolder();
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text = WooCommerce(), targetFolderUri = LspClient.Uri(elsewhere.Root) }));
        Assert.Equal("outsideWorkspace", Reason(error));
        Assert.False(Directory.Exists(elsewhere.Root) && Directory.EnumerateFileSystemEntries(elsewhere.Root).Any());
    }

    [Fact]
    public async Task A_connector_that_is_a_link_is_neither_read_nor_written()
    {
        using var elsewhere = new TempFolder();
        var outside = elsewhere.Write("secret.connector.json", "{ \"name\": \"Outside\" }");
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        var link = Path.Combine(workspace, "shop.connector.json");
        File.CreateSymbolicLink(link, outside);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text = "curl https://api.shop.example/v1/orders", format = "curl", targetFolderUri = LspClient.Uri(workspace), mergeInto = LspClient.Uri(link) }));
        Assert.Equal("outsideWorkspace", Reason(error));
        Assert.Equal("{ \"name\": \"Outside\" }", await File.ReadAllTextAsync(outside));
    }

    [Fact]
    public async Task A_schemas_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it()
    {
        using var elsewhere = new TempFolder();
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(Path.Combine(workspace, "adyen"));
        Directory.CreateSymbolicLink(Path.Combine(workspace, "adyen", "schemas"), elsewhere.Root);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Patchworks.Importing.Tests", "Samples", "adyen", "BinLookupService-v54.json"));

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text, fileName = "BinLookupService-v54.json", targetFolderUri = LspClient.Uri(Path.Combine(workspace, "adyen")) }));

        Assert.Equal("outsideWorkspace", Reason(error));
        Assert.Contains("schemas is a link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Root));
    }

    [Fact]
    public async Task An_untrusted_workspace_is_refused()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        await session.Client.NotifyAsync("patchworks/setWorkspaceTrust", new { trusted = false });
        foreach (var method in new[] { "patchworks/importPreview", "patchworks/import" })
        {
            var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>(method,
                new { text = WooCommerce(), targetFolderUri = LspClient.Uri(workspace) }));
            Assert.Equal("untrustedWorkspace", Reason(error));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace));
    }

    [Fact]
    public async Task Malformed_input_is_a_clear_error_with_its_location()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/importPreview",
            new { text = "{ \"info\": { \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\" }, \"item\": [ { \"name\": ", format = "postman", targetFolderUri = LspClient.Uri(workspace) }));
        Assert.Equal("importFailed", Reason(error));
        var data = (JsonElement)error.ErrorData!;
        Assert.Contains("line", data.GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.Contains("The import failed", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace));
    }

    private const string ShopConnector = """
        {
          // The shop's connector
          "name": "Shop",
          "version": { "number": 1 },
          "systemType": "eCommerce",
          "protocol": "HTTP",
          "variables": [ { "key": "base_url", "default": "https://api.shop.example" } ],
          "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
          "endpoints": [
            // Products first
            { "id": "list-products", "name": "List products", "method": "GET", "url": "{{base_url}}/v1/products" }, // the catalogue
            {
              "id": "list-customers",
              "name": "List customers",
              "method": "GET",
              "url": "{{base_url}}/v1/customers"
            }
          ]
        }
        """;

    /// <summary>Pastes a curl line into the shop connector with the cursor where <paramref name="marker"/> is (its first character); the edits the server answers, applied.</summary>
    private async Task<(string Before, string After, JsonElement Answer)> PasteAt(string? marker, int delta = 0)
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        var connector = _folder.Write("ws/shop.connector.json", ShopConnector);
        var before = await File.ReadAllTextAsync(connector);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        object? insertAt = null;
        if (marker is not null)
        {
            var offset = before.IndexOf(marker, StringComparison.Ordinal) + delta;
            Assert.True(offset >= delta, marker);
            var lineStart = before.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
            insertAt = new { line = before[..offset].Count(c => c == '\n'), character = offset - lineStart };
        }
        var answer = await session.Client.RequestAsync<JsonElement>("patchworks/import", new
        {
            text = "curl 'https://api.shop.example/v1/orders?status=processing'",
            format = "curl",
            targetFolderUri = LspClient.Uri(workspace),
            mergeInto = LspClient.Uri(connector),
            writeInstance = false,
            insertAt,
            returnEdits = true,
        });
        // The editor applies the edits: the server wrote nothing.
        Assert.Empty(answer.GetProperty("writtenUris").EnumerateArray());
        Assert.Equal(before, await File.ReadAllTextAsync(connector));
        var lines = new Patchworks.Core.Text.LineIndex(before);
        var edits = answer.GetProperty("connectorEdits").EnumerateArray().Select(e =>
        {
            var start = lines.GetOffset(new Patchworks.Core.Text.Position(e.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32(), e.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32()));
            var end = lines.GetOffset(new Patchworks.Core.Text.Position(e.GetProperty("range").GetProperty("end").GetProperty("line").GetInt32(), e.GetProperty("range").GetProperty("end").GetProperty("character").GetInt32()));
            return new Patchworks.Core.Editing.TextEdit(Patchworks.Core.Text.TextSpan.FromBounds(start, end), e.GetProperty("newText").GetString()!);
        }).ToList();
        Assert.NotEmpty(edits);
        return (before, Patchworks.Core.Editing.TextEdit.Apply(before, edits), answer);
    }

    private static List<string?> EndpointIds(string connector)
    {
        using var document = JsonDocument.Parse(connector, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return [.. document.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("id").GetString())];
    }

    /// <summary>The text with the inserted endpoint taken out again is the text before, byte for byte.</summary>
    private static void OnlyInserted(string before, string after)
    {
        var start = 0;
        while (start < before.Length && before[start] == after[start])
        {
            start++;
        }
        var inserted = after.Length - before.Length;
        Assert.Equal(before, after[..start] + after[(start + inserted)..]);
    }

    [Fact]
    public async Task Paste_curl_with_the_cursor_between_two_endpoints_inserts_it_there_as_edits_and_keeps_every_other_byte()
    {
        // The cursor at the start of the line that opens list-customers: between the two endpoints.
        var (before, after, _) = await PasteAt("    {\n      \"id\": \"list-customers\"");
        var ids = EndpointIds(after);
        Assert.Equal(3, ids.Count);
        Assert.Equal("list-products", ids[0]);
        Assert.Equal("list-customers", ids[2]);
        Assert.Contains("// the catalogue", after, StringComparison.Ordinal);
        Assert.Contains("{{base_url}}/v1/orders", after, StringComparison.Ordinal);
        OnlyInserted(before, after);
    }

    [Fact]
    public async Task Paste_curl_with_the_cursor_inside_an_endpoint_inserts_it_after_that_endpoint_and_before_the_first_when_above_it()
    {
        var (_, inside, _) = await PasteAt("\"List products\"");
        var ids = EndpointIds(inside);
        Assert.Equal("list-products", ids[0]);
        Assert.Equal("list-customers", ids[2]);
        // A comment after the endpoint's comma stays on its line, with that endpoint.
        Assert.Contains("}, // the catalogue\n", inside, StringComparison.Ordinal);

        var (before, first, _) = await PasteAt("// Products first");
        Assert.Equal("list-products", EndpointIds(first)[1]);
        OnlyInserted(before, first);
    }

    [Fact]
    public async Task Paste_curl_with_the_cursor_outside_the_endpoints_or_none_appends_it()
    {
        var (_, inVariables, _) = await PasteAt("\"key\": \"base_url\"");
        Assert.Equal("list-customers", EndpointIds(inVariables)[1]);
        Assert.Equal(3, EndpointIds(inVariables).Count);
        var (before, noCursor, _) = await PasteAt(null);
        Assert.Equal("list-customers", EndpointIds(noCursor)[1]);
        OnlyInserted(before, noCursor);
    }

    private const string PagedOpenApi = """
        openapi: 3.0.3
        info: { title: Shop, version: "1.0" }
        servers: [ { url: "https://api.shop.example/v1" } ]
        components:
          securitySchemes:
            apiKey: { type: apiKey, in: header, name: X-Api-Key }
          schemas:
            Order: { type: object, properties: { id: { type: integer }, status: { type: string } } }
        security: [ { apiKey: [] } ]
        paths:
          /orders:
            get:
              operationId: listOrders
              parameters:
                - { name: page, in: query, schema: { type: integer } }
                - { name: per_page, in: query, schema: { type: integer } }
              responses:
                "200":
                  description: Orders
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          data: { type: array, items: { $ref: "#/components/schemas/Order" } }
                          total: { type: integer }
        """;

    [Fact]
    public async Task A_guess_rejected_in_the_preview_is_left_out_of_the_written_connector_which_still_validates()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var target = LspClient.Uri(Path.Combine(workspace, "shop"));

        var preview = await session.Client.RequestAsync<JsonElement>("patchworks/importPreview", new { text = PagedOpenApi, targetFolderUri = target });
        var listed = Assert.Single(preview.GetProperty("endpoints").EnumerateArray());
        Assert.Equal("pageNumber", listed.GetProperty("pagination").GetString());
        Assert.Equal("data", listed.GetProperty("dataPath").GetString());
        var auth = Assert.Single(preview.GetProperty("authMethods").EnumerateArray());
        Assert.Equal("apiKey", auth.GetProperty("type").GetString());
        var guesses = preview.GetProperty("guesses").EnumerateArray().ToList();
        var pagination = guesses.Single(g => g.GetProperty("message").GetString()!.StartsWith("pagination ", StringComparison.Ordinal));
        Assert.Equal(["endpoints[listorders].pagination"], pagination.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        var dataPath = guesses.Single(g => g.GetProperty("message").GetString()!.StartsWith("dataPath ", StringComparison.Ordinal));
        Assert.Equal(["endpoints[listorders].dataPath"], dataPath.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        // A guess that cannot be left out has no outputs: the preview shows it as information.
        Assert.Contains(guesses, g => g.GetProperty("message").GetString()!.Contains("systemType", StringComparison.Ordinal) && g.GetProperty("outputs").GetArrayLength() == 0);
        // Ids are the same in every run over the same source.
        var again = await session.Client.RequestAsync<JsonElement>("patchworks/importPreview", new { text = PagedOpenApi, targetFolderUri = target });
        Assert.Equal(guesses.Select(g => g.GetProperty("id").GetString()), again.GetProperty("guesses").EnumerateArray().Select(g => g.GetProperty("id").GetString()));

        var imported = await session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text = PagedOpenApi, targetFolderUri = target, rejectedGuesses = new[] { pagination.GetProperty("id").GetString() } });
        var connectorPath = new Uri(imported.GetProperty("connectorUri").GetString()!).LocalPath;
        var connector = await File.ReadAllTextAsync(connectorPath);
        using (var document = JsonDocument.Parse(connector, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            var endpoint = Assert.Single(document.RootElement.GetProperty("endpoints").EnumerateArray());
            Assert.False(endpoint.TryGetProperty("pagination", out _), connector);
            // The guess that was not rejected is kept.
            Assert.Equal("data", endpoint.GetProperty("dataPath").GetString());
        }
        Assert.Contains(imported.GetProperty("dropped").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("rejected", StringComparison.Ordinal));
        await session.Client.OpenAsync(connectorPath, connector);
        var diagnostics = await session.Client.WaitForDiagnosticsAsync(connectorPath);
        Assert.DoesNotContain(diagnostics.Diagnostics, d => d.Severity == 1);
    }

    [Fact]
    public async Task Without_rejected_guesses_the_pagination_is_written()
    {
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        var imported = await session.Client.RequestAsync<JsonElement>("patchworks/import",
            new { text = PagedOpenApi, targetFolderUri = LspClient.Uri(Path.Combine(workspace, "shop")), rejectedGuesses = new[] { "guess-000000000000" } });
        var connector = await File.ReadAllTextAsync(new Uri(imported.GetProperty("connectorUri").GetString()!).LocalPath);
        Assert.Contains("\"pagination\"", connector, StringComparison.Ordinal);
        Assert.DoesNotContain(imported.GetProperty("dropped").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("rejected", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Patchworks.Lsp.sln")))
        {
            directory = Path.GetDirectoryName(directory)!;
        }
        return directory;
    }
}
