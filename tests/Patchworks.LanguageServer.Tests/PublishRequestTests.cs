using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.LanguageServer.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using StreamJsonRpc;

namespace Patchworks.LanguageServer.Tests;

/// <summary>patchworks/publishPlan and patchworks/publish through the server, against the strict Core API stand-in (DocumentedCoreApi), credentials from SecretStorage.</summary>
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

    private static object Params(TestApiServer api, string uri, string? token = null, object? assumptions = null) => new
    {
        uri,
        apiUrl = DocumentedCoreApi.BaseUrl,
        connectTo = new[] { api.ConnectTo },
        trustedCertificatesPem = new[] { api.RootCertificatePem },
        workDoneToken = token,
        assumptions,
    };

    [Fact]
    public async Task Plans_then_publishes_with_progress_using_the_key_from_secret_storage()
    {
        var fake = new DocumentedCoreApi();
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;

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
        Assert.DoesNotContain(DocumentedCoreApi.ApiKey, published.GetRawText() + string.Join("", progress.Select(p => p.GetRawText())), StringComparison.Ordinal);

        // The extension's types of both answers (extension/src/publish/publishPlan.ts) are what the server sends.
        var interfaces = TypeScriptShapes.Interfaces("publish/publishPlan.ts");
        var nested = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PlanAnswer.plan"] = "PublishPlan",
            ["PublishAnswer.plan"] = "PublishPlan",
            ["PublishAnswer.result"] = "PublishResult",
            ["PublishPlan.steps"] = "PlanStep",
            ["PlanStep.changes"] = "PlanChange",
        };
        TypeScriptShapes.AssertMatches(plan, "PlanAnswer", interfaces, nested);
        TypeScriptShapes.AssertMatches(published, "PublishAnswer", interfaces, nested);
    }

    [Fact]
    public async Task A_refused_key_is_an_error_that_does_not_show_it()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new DocumentedCoreApi()]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = "pw_wrong_key_for_the_server_test";

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri)));

        Assert.Contains("refused the API key (401)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw_wrong_key_for_the_server_test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_publish_stops_leaves_the_sidecar_s_record_and_the_next_publish_finishes_it()
    {
        // A burst limit makes the Core API ask the publisher to wait 30 s after eight requests (four reads: the three
        // type lists and the template by name; four writes: the icon's upload and three creates): the publish is
        // cancelled ($/cancelRequest) during that wait, so it stops at a known point.
        var clock = new ManualClock();
        var fake = new DocumentedCoreApi(time: clock, burstLimit: 8, burstWindow: TimeSpan.FromMinutes(1), retryAfterSeconds: 30);
        await using var api = await TestApiServer.StartAsync(apis: [fake]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;
        var sidecarPath = Path.Combine(_folder.Root, "shopify.publish.json");

        using var cancel = new CancellationTokenSource();
        var publishing = session.Client.RequestAsync<JsonElement>("patchworks/publish", Params(api, uri, "publish-cancelled"), cancel.Token);
        await WaitUntilAsync(() => session.Client.Progress.Any(p => Message(p).Contains("retrying in 30 s", StringComparison.Ordinal)));
        cancel.Cancel();
        var stopped = await Record.ExceptionAsync(() => publishing.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(stopped is OperationCanceledException or RemoteInvocationException, $"the publish stopped with {stopped?.GetType().Name ?? "no exception"}");
        // The client's request ends at the cancel; the server's publish ends a moment later, with its progress' "end"
        // after the sidecar is written (CI once read the last progress while it was still a "report").
        await WaitUntilAsync(() => session.Client.Progress.LastOrDefault() is { ValueKind: JsonValueKind.Object } last
            && last.GetProperty("value").GetProperty("kind").GetString() == "end");
        Assert.Equal(4, fake.Writes);
        var unfinished = JsonNode.Parse(await File.ReadAllTextAsync(sidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!["unfinished"]!;
        Assert.Equal("cancelled", unfinished["error"]!.GetValue<string>());
        Assert.Equal(4, unfinished["done"]!.AsArray().Count);

        clock.StepPerRead = TimeSpan.FromMinutes(2); // from now on every request is in a burst window of its own
        var plan = await session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri));
        Assert.True(plan.GetProperty("plan").GetProperty("resuming").GetBoolean());
        var published = await session.Client.RequestAsync<JsonElement>("patchworks/publish", Params(api, uri, "publish-resumed"));

        // The two variables created are unchanged; the template, created at version 0 (A7), gets its version.
        Assert.Equal(2, published.GetProperty("plan").GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("action").GetString() == "unchanged"));
        Assert.Equal(1, fake.All("patchworks/system-templates")[0]["version"]!.GetValue<int>());
        Assert.Single(fake.All("patchworks/system-templates"));
        var endpoints = fake.All("endpoints").Select(e => $"{e["authentication_implementation_id"]}/{e["name"]}").ToList();
        Assert.Equal(endpoints.Count, endpoints.Distinct().Count());
        var target = JsonNode.Parse(await File.ReadAllTextAsync(sidecarPath))!["targets"]![DocumentedCoreApi.BaseUrl]!;
        Assert.Null(target["unfinished"]);
        Assert.Equal(published.GetProperty("result").GetProperty("version").GetInt32(), target["publishedVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_refusal_says_why_in_its_data_so_the_editor_can_offer_the_next_step()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new DocumentedCoreApi()]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;

        if (Environment.GetEnvironmentVariable("PATCHWORKS_API_KEY") is null && Environment.GetEnvironmentVariable("PATCHWORKS_USERNAME") is null)
        {
            var noCredentials = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri)));
            Assert.Equal("noCredentials", Reason(noCredentials));
        }

        session.Client.SecretStorage["patchworks.api-key"] = "pw_wrong_key_for_the_reason_test";
        var refused = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri)));
        Assert.Equal("credentialsRefused", Reason(refused));
    }

    [Fact]
    public async Task Assumptions_given_inline_change_the_assumptions_and_a_bad_one_is_refused()
    {
        await using var api = await TestApiServer.StartAsync(apis: [new DocumentedCoreApi()]);
        var (session, uri) = await OpenShopifyAsync();
        await using var _ = session;
        session.Client.SecretStorage["patchworks.api-key"] = DocumentedCoreApi.ApiKey;
        var good = new { systemTypesPath = "/system-types" };
        var bad = new { systemTypePath = "/system-types" };
        var moved = new { systemTypesPath = "/kinds-of-system" };

        var plan = await session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri, assumptions: good));
        var refused = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri, assumptions: bad)));
        var elsewhere = await Assert.ThrowsAsync<RemoteInvocationException>(() => session.Client.RequestAsync<JsonElement>("patchworks/publishPlan", Params(api, uri, assumptions: moved)));

        Assert.Contains("+ system template 'Shopify'", plan.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("systemTypePath", refused.Message, StringComparison.Ordinal);
        Assert.Contains("/kinds-of-system", elsewhere.Message, StringComparison.Ordinal);
    }

    private static string? Reason(RemoteInvocationException error) =>
        ((JsonElement)error.ErrorData!).GetProperty("reason").GetString();

    private static string Message(JsonElement progress) =>
        progress.GetProperty("value").TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    /// <summary>The fake API's clock, moved by the test (burst windows, token lifetimes).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        private readonly Lock _lock = new();

        /// <summary>How far each reading moves the clock on (zero: it stands still).</summary>
        public TimeSpan StepPerRead { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            lock (_lock)
            {
                _now += StepPerRead;
                return _now;
            }
        }
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
