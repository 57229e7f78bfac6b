using System.Collections.Concurrent;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;
using Xunit.Abstractions;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>
/// Sample connectors, unchanged, recorded against the test APIs (auth: header key, Basic, OAuth 2 client credentials
/// and password, OAuth 1, SOAP session; pagination: Link header, page number, cursor, script), then replayed with the
/// server stopped and every host pointed at a closed port: the same pages, records and stop reason, and no secret
/// nor token of the live run anywhere in the recording.
/// </summary>
public sealed class SampleRecordReplayTests(ITestOutputHelper output)
{
    public sealed record Case(string Sample, string Endpoint, string Instance, Dictionary<string, string> Secrets, Func<IFakeApi> Api, int MaxPages = 4)
    {
        public override string ToString() => $"{Sample} {Endpoint} {Instance}";
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("shopify", "list-products", "uk-test.instance.json", new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken }, () => new ShopifyApi(productCount: 3000)),
        new Case("woocommerce", "list-products", "staging.instance.json", new() { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = WooCommerceApi.ConsumerSecret }, () => new WooCommerceApi(), MaxPages: 10),
        new Case("shopware6", "list-products", "de-live.instance.json", new() { ["shopware-de-live-secret-access-key"] = ShopwareApi.SecretAccessKey }, () => new ShopwareApi()),
        new Case("shopware6", "list-products", "de-staging.instance.json", new() { ["SHOPWARE_DE_STAGING_PASSWORD"] = ShopwareApi.AdminPassword }, () => new ShopwareApi(productCount: 1000)),
        new Case("hubspot", "list-contacts", "sandbox.instance.json", new() { ["HUBSPOT_TEST_PRIVATE_APP_TOKEN"] = HubSpotApi.PrivateAppToken }, () => new HubSpotApi()),
        new Case("netsuite", "list-customers", "sandbox.instance.json", new()
        {
            ["NETSUITE_SB1_CONSUMER_KEY"] = NetSuiteApi.ConsumerKey, ["NETSUITE_SB1_CONSUMER_SECRET"] = NetSuiteApi.ConsumerSecret,
            ["NETSUITE_SB1_TOKEN_ID"] = NetSuiteApi.TokenId, ["NETSUITE_SB1_TOKEN_SECRET"] = NetSuiteApi.TokenSecret,
        }, () => new NetSuiteApi()),
        new Case("peoplevox", "get-item-types", "qa.instance.json", new() { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }, () => new PeoplevoxApi(itemTypeCount: 200)),
        new Case("peoplevox", "get-inventory-report", "qa.instance.json", new() { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = PeoplevoxApi.PasswordBase64 }, () => new PeoplevoxApi(reportRowCount: 1050)),
        new Case("mirakl", "list-offers", "preprod.instance.json", new() { ["MIRAKL_PREPROD_API_KEY"] = MiraklApi.ApiKey }, () => new MiraklApi()),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replays_offline_with_the_same_pages_records_and_stop_and_no_secret_in_the_recording(Case c)
    {
        using var folder = new TempWorkspace();
        var sample = folder.CopySample(c.Sample);
        var (connector, instance) = Runs.Load(Path.Combine(sample, $"{c.Sample}.connector.json"), Path.Combine(sample, c.Instance));
        var testCase = RecordingHarness.Case(connector, c.Endpoint, instance);
        var obtained = new ConcurrentBag<RunSecret>();

        Core.Running.Results.RunResult live;
        await using (var server = await TestApiServer.StartAsync(apis: [c.Api()]))
        {
            var options = Runs.OptionsFor(server, c.Secrets, maxPages: c.MaxPages) with { SecretObserver = obtained.Add };
            (live, var recordFailure) = await RecordingHarness.RunAsync(new RecordTransport(), testCase, options);
            Assert.Null(recordFailure);
        }
        output.WriteLine($"live: {live.Stop}: {live.StopMessage} ({live.Records} records, {live.Pages.Count} pages, {live.Requests} requests)");
        Assert.True(live.Pages.Count > 1, $"{live.Stop}: {live.StopMessage}: the pagination was not exercised");
        Assert.True(live.Stop is StopReason.Completed or StopReason.MaxPages, $"{live.Stop}: {live.StopMessage}");

        var recording = File.ReadAllText(testCase.RecordingPath);
        output.WriteLine(recording.Length > 4000 ? recording[..4000] : recording);
        var secrets = c.Secrets.Values.Concat(obtained.Where(s => s.Kind != SecretKind.Variable).Select(s => s.Value)).Where(v => v.Length >= 6).Distinct().ToList();
        Assert.NotEmpty(secrets);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, recording, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), recording, StringComparison.Ordinal);
        }

        var (replayed, replayFailure) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline(c.MaxPages));
        output.WriteLine($"replay: {replayed.Stop}: {replayed.StopMessage}");
        Assert.Null(replayFailure);
        Assert.Equal(live.Stop, replayed.Stop);
        Assert.Equal(live.Records, replayed.Records);
        Assert.Equal(live.Requests, replayed.Requests);
        Assert.Equal(RecordingHarness.PageSummary(live), RecordingHarness.PageSummary(replayed));
        Assert.Equal(live.Pages.Select(Body), replayed.Pages.Select(Body));
        // Nothing is sent in a replay, so the connector's rate limit is not waited for (Mirakl's 1 a second is, live).
        Assert.Equal(0, replayed.RateLimitWaitMs);
        if (c.Sample == "mirakl")
        {
            Assert.True(live.RateLimitWaitMs > 0, "the live run waited for Mirakl's rate limit");
        }
    }

    /// <summary>A page's body as compared: JSON compact (the recording keeps it indented), other text as it is.</summary>
    private static string Body(PageResult page) =>
        page.Exchange.Response?.Json?.Parse()?.ToJsonString() ?? page.Exchange.Response?.Body ?? "";
}
