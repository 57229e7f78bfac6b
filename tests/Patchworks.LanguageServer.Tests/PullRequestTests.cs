using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/listTemplates and patchworks/pull through the server, against the strict Core API stand-in, credentials from SecretStorage.</summary>
public sealed class PullRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static object Connection(TestApiServer api, object extra) => new Dictionary<string, object?>(
        JsonSerializer.SerializeToElement(extra).EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)))
    {
        ["apiUrl"] = DocumentedCoreApi.BaseUrl,
        ["connectTo"] = new[] { api.ConnectTo },
        ["trustedCertificatesPem"] = new[] { api.RootCertificatePem },
    };

    private static string? Reason(RemoteInvocationException error) =>
        error.ErrorData is JsonElement { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    [Fact]
    public async Task Lists_the_templates_then_pulls_one_into_a_folder_whose_plan_is_empty()
    {
        var fake = new DocumentedCoreApi();
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        var sample = Path.Combine(RepositoryRoot(), "samples", "woocommerce");
        var text = await File.ReadAllTextAsync(Path.Combine(sample, "woocommerce.connector.json"));
        var connector = _folder.Write("published/woocommerce.connector.json", text);
        _folder.Write("published/icon.svg", await File.ReadAllTextAsync(Path.Combine(sample, "icon.svg")));
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(connector, text);
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;
        await session.Client.RequestAsync<JsonElement>("patchworks/publish", Connection(api, new { uri = LspClient.Uri(connector) }));
        var writes = fake.Writes;

        var list = await session.Client.RequestAsync<JsonElement>("patchworks/listTemplates", Connection(api, new { }));
        var template = Assert.Single(list.GetProperty("templates").EnumerateArray());
        Assert.Equal("WooCommerce", template.GetProperty("name").GetString());
        Assert.Equal(1, template.GetProperty("version").GetInt32());
        var folder = Path.Combine(_folder.Root, "pulled");
        var pulled = await session.Client.RequestAsync<JsonElement>("patchworks/pull",
            Connection(api, new { id = template.GetProperty("id").GetString(), folderUri = LspClient.Uri(folder), force = false, workDoneToken = "pull-1" }));

        Assert.Equal(writes, fake.Writes);
        var connectorPath = Path.Combine(folder, "woocommerce.connector.json");
        Assert.Equal(LspClient.Uri(connectorPath), pulled.GetProperty("connectorUri").GetString());
        Assert.True(File.Exists(connectorPath));
        Assert.True(File.Exists(Path.Combine(folder, "woocommerce.publish.json")));
        Assert.True(File.Exists(Path.Combine(folder, "icon.svg")));
        Assert.Equal(3, pulled.GetProperty("writtenUris").GetArrayLength());
        Assert.Equal(0, pulled.GetProperty("planWrites").GetInt32());
        Assert.Equal(0, pulled.GetProperty("validationErrors").GetArrayLength());
        Assert.Contains("not in Patchworks' API", pulled.GetProperty("text").GetString(), StringComparison.Ordinal);
        var progress = session.Client.Progress.Where(p => p.GetProperty("token").GetString() == "pull-1").ToArray();
        Assert.Equal("begin", progress[0].GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal("end", progress[^1].GetProperty("value").GetProperty("kind").GetString());
        Assert.DoesNotContain(DocumentedCoreApi.ApiKey, pulled.GetRawText() + list.GetRawText(), StringComparison.Ordinal);

        // The extension's types of both answers (extension/src/publish/pullModel.ts) are what the server sends.
        var interfaces = TypeScriptShapes.Interfaces("publish/pullModel.ts");
        TypeScriptShapes.AssertMatches(list, "TemplateList", interfaces, new Dictionary<string, string>(StringComparer.Ordinal) { ["TemplateList.templates"] = "TemplateSummary" });
        TypeScriptShapes.AssertMatches(pulled, "PullResult", interfaces);

        var again = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/pull",
            Connection(api, new { id = template.GetProperty("id").GetString(), folderUri = LspClient.Uri(folder) })));
        Assert.Equal("exists", Reason(again));
        var missing = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/pull",
            Connection(api, new { id = "999999", folderUri = LspClient.Uri(folder) })));
        Assert.Equal("notFound", Reason(missing));
    }

    [Fact]
    public async Task Pull_writes_only_inside_a_workspace_folder_whatever_the_request_names()
    {
        var fake = new DocumentedCoreApi();
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        using var elsewhere = new TempFolder();
        var workspace = Path.Combine(_folder.Root, "ws");
        Directory.CreateDirectory(workspace);
        // A link inside the workspace that leads out of it, as a cloned repository could hold.
        var link = Path.Combine(workspace, "out");
        Directory.CreateSymbolicLink(link, elsewhere.Root);
        await using var session = await InProcessServer.StartInitializedAsync(workspace);
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;

        foreach (var target in new[] { elsewhere.Root, Path.Combine(elsewhere.Root, "new"), link, Path.Combine(link, "deeper"), Path.Combine(workspace, "..", "beside") })
        {
            var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/pull",
                Connection(api, new { id = "1", folderUri = LspClient.Uri(target) })));
            Assert.Equal("outsideWorkspace", Reason(error));
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Root));
        Assert.False(Directory.Exists(Path.Combine(_folder.Root, "beside")));
        Assert.Equal(0, fake.Requests.Count(r => r.PathAndQuery.Contains("system-templates", StringComparison.Ordinal)));

        // Inside: the request reaches the Core API (and finds no template 1).
        var inside = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/pull",
            Connection(api, new { id = "1", folderUri = LspClient.Uri(Path.Combine(workspace, "pulled")) })));
        Assert.Equal("notFound", Reason(inside));
    }

    [Fact]
    public async Task Pull_never_writes_through_a_link_in_the_folder_even_with_force()
    {
        var fake = new DocumentedCoreApi();
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        var sample = Path.Combine(RepositoryRoot(), "samples", "woocommerce");
        var text = await File.ReadAllTextAsync(Path.Combine(sample, "woocommerce.connector.json"));
        var connector = _folder.Write("published/woocommerce.connector.json", text);
        _folder.Write("published/icon.svg", await File.ReadAllTextAsync(Path.Combine(sample, "icon.svg")));
        using var elsewhere = new TempFolder();
        var victim = elsewhere.Write("precious.txt", "keep me");
        // The folder pulled into holds, where the connector file will go, a link to a file outside the workspace.
        var folder = Path.Combine(_folder.Root, "pulled");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "woocommerce.connector.json"), victim);
        await using var session = await InProcessServer.StartInitializedAsync(_folder.Root);
        await session.Client.OpenAsync(connector, text);
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;
        await session.Client.RequestAsync<JsonElement>("patchworks/publish", Connection(api, new { uri = LspClient.Uri(connector) }));
        var id = Assert.Single((await session.Client.RequestAsync<JsonElement>("patchworks/listTemplates", Connection(api, new { }))).GetProperty("templates").EnumerateArray()).GetProperty("id").GetString();

        var refused = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/pull",
            Connection(api, new { id, folderUri = LspClient.Uri(folder), force = true })));
        var elsewhereFolder = Path.Combine(_folder.Root, "clean");
        var pulled = await session.Client.RequestAsync<JsonElement>("patchworks/pull", Connection(api, new { id, folderUri = LspClient.Uri(elsewhereFolder), force = true }));

        Assert.Equal("link", Reason(refused));
        Assert.Contains("is a link", refused.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(victim));
        Assert.False(File.Exists(Path.Combine(folder, "icon.svg")), "nothing at all is written when one target is a link");
        Assert.True(File.Exists(Path.Combine(elsewhereFolder, "woocommerce.connector.json")), pulled.GetRawText());
    }

    [Theory]
    [InlineData("patchworks/listTemplates")]
    [InlineData("patchworks/pull")]
    public async Task An_untrusted_workspace_is_refused(string method)
    {
        await using var session = InProcessServer.Start();
        await session.Client.RequestAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = (string?)null,
            capabilities = new { },
            initializationOptions = new { workspaceTrusted = false },
        });
        await session.Client.NotifyAsync("initialized", new { });

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>(method, new { id = "1", folderUri = LspClient.Uri(_folder.Root) }));

        Assert.Equal("untrustedWorkspace", Reason(error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Root));
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
