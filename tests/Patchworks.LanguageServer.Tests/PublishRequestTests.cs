using System.Text.Json;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/publishPlan and patchworks/publish through the server, against the fake Core API, credentials from SecretStorage.</summary>
public sealed class PublishRequestTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(InProcessServer Session, string Uri)> OpenShopifyAsync()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "shopify");
        var text = await File.ReadAllTextAsync(Path.Combine(sample, "shopify.connector.json"));
        var connector = _folder.Write("shopify.connector.json", text);
        _folder.Write("icon.svg", await File.ReadAllTextAsync(Path.Combine(sample, "icon.svg")));
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories).Where(f => Path.GetDirectoryName(f) != sample))
        {
            _folder.Write(Path.GetRelativePath(sample, file), await File.ReadAllTextAsync(file));
        }
        var session = await InProcessServer.StartInitializedAsync();
        await session.Client.OpenAsync(connector, text);
        return (session, LspClient.Uri(connector));
    }

    private static object Params(TestApiServer api, string uri, string? token = null) => new
    {
        uri,
        apiUrl = PatchworksCoreApi.BaseUrl,
        connectTo = new[] { api.ConnectTo },
        trustedCertificatesPem = new[] { api.RootCertificatePem },
        workDoneToken = token,
    };

    [Fact]
    public async Task Plans_then_publishes_with_progress_using_the_key_from_secret_storage()
    {
        var fake = new PatchworksCoreApi();
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = PatchworksCoreApi.ApiKey;

        var plan = await session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri));
        Assert.Equal(0, fake.Writes);
        Assert.Contains("+ system template 'Shopify'", plan.GetProperty("text").GetString(), StringComparison.Ordinal);

        var published = await session.Client.RequestAsync<JsonElement>("patchworks/publish", Params(api, uri, "publish-1"));

        var writes = published.GetProperty("result").GetProperty("writes").GetInt32();
        Assert.Equal(fake.Writes, writes);
        Assert.True(writes > 10);
        var progress = session.Client.Progress.ToArray();
        Assert.Equal("begin", progress[0].GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal("end", progress[^1].GetProperty("value").GetProperty("kind").GetString());
        Assert.Contains(progress, p => p.GetProperty("value").TryGetProperty("message", out var m) && m.GetString()!.Contains("Creating system template 'Shopify'", StringComparison.Ordinal));
        Assert.DoesNotContain(PatchworksCoreApi.ApiKey, published.GetRawText() + string.Join("", progress.Select(p => p.GetRawText())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_is_an_error_that_does_not_show_it()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new PatchworksCoreApi()]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = "pw_wrong_key_for_the_server_test";

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri)));

        Assert.Contains("refused the API key (401)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw_wrong_key_for_the_server_test", error.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "samples")) && Directory.Exists(Path.Combine(folder.FullName, "schemas")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException("repository root");
    }
}
