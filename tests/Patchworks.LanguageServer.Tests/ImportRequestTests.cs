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
