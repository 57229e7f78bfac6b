using System.Security.Cryptography.X509Certificates;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Publishing;
using Patchworks.Core.Http;
using Patchworks.Core.Workspace;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Publishing.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; the client's waits move it too, so retries are exact and instant.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// The strict Core API stand-in (DocumentedCoreApi: only the documented facts and the contract's assumptions) on
/// 127.0.0.1 and a copy of a sample connector in a temporary folder, with a client set up as the CLI sets it up
/// (--connect-to, --ca-cert). Nothing reaches the real Patchworks host: the base URL is
/// core-documented.patchworks.test, and every connection goes to the local port.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(TestApiServer server, DocumentedCoreApi api, TempWorkspace folder, string connectorPath, ManualClock clock)
    {
        Server = server;
        Api = api;
        Folder = folder;
        ConnectorPath = connectorPath;
        Clock = clock;
    }

    public TestApiServer Server { get; }
    public DocumentedCoreApi Api { get; }
    public TempWorkspace Folder { get; }
    public string ConnectorPath { get; }
    public ManualClock Clock { get; }
    public List<TimeSpan> Waits { get; } = [];
    public List<string> Log { get; } = [];

    public string SidecarPath => PublishSidecar.PathFor(ConnectorPath);

    public static async Task<Harness> StartAsync(Func<ManualClock, DocumentedCoreApi>? api = null, string sample = "shopify")
    {
        var clock = new ManualClock();
        var fake = api?.Invoke(clock) ?? new DocumentedCoreApi(time: clock);
        var server = await TestApiServer.StartAsync(apis: [fake]);
        var folder = new TempWorkspace();
        var (name, file) = SampleConnectors.Split(sample);
        var connector = Path.Combine(folder.CopySample(name), file);
        return new Harness(server, fake, folder, connector, clock);
    }

    public CoreApiClient Client(CoreApiCredentials? credentials = null, int maxRetries = 3) => new(new CoreApiOptions
    {
        BaseUrl = DocumentedCoreApi.BaseUrl,
        Credentials = credentials ?? new CoreApiCredentials.ApiKey(DocumentedCoreApi.ApiKey),
        Http = new HttpSettings
        {
            ConnectTo = [ConnectTo.Parse(Server.ConnectTo)],
            TrustedRoots = [X509Certificate2.CreateFromPem(Server.RootCertificatePem)],
        },
        MaxRetries = maxRetries,
        Time = Clock,
        Delay = (wait, _) =>
        {
            Waits.Add(wait);
            Clock.Advance(wait);
            return Task.CompletedTask;
        },
        Log = new Progress(Log),
    });

    public ConnectorDocument Load()
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        workspace.Add(ConnectorPath);
        return workspace.GetConnector(Path.GetFullPath(ConnectorPath))!;
    }

    public async Task<PublishPlan> PlanAsync(CoreApiClient client, VersionBump bump = VersionBump.Check, CoreApiAssumptions? assumptions = null)
    {
        var document = Load();
        return await PublishPlanner.PlanAsync(document, PhysicalFileSystem.Instance, client, DocumentedCoreApi.BaseUrl, bump, new Progress(Log), CancellationToken.None, assumptions);
    }

    /// <summary>Plans and publishes with a fresh client, as one CLI run does.</summary>
    public async Task<(PublishPlan Plan, PublishResult Result)> PublishAsync(VersionBump bump = VersionBump.Check, CoreApiCredentials? credentials = null, CoreApiAssumptions? assumptions = null)
    {
        using var client = Client(credentials);
        var plan = await PlanAsync(client, bump, assumptions);
        var result = await Publisher.PublishAsync(plan, Load(), client, new Progress(Log), CancellationToken.None);
        return (plan, result);
    }

    /// <summary>Replaces text in the connector file (exactly once, so a stale test fails loudly).</summary>
    public void Edit(string from, string to)
    {
        var text = File.ReadAllText(ConnectorPath);
        Assert.True(text.Split(from).Length == 2, $"expected exactly one \"{from}\" in the connector");
        File.WriteAllText(ConnectorPath, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Writes (POST and PATCH) the stand-in received, from the server's request log.</summary>
    public int LoggedWrites => Server.Log.Requests.Count(r => r.Method is "POST" or "PATCH" && r.PathAndQuery.StartsWith("/api/v1/", StringComparison.Ordinal));

    /// <summary>Every collection the publisher writes, for duplicate checks.</summary>
    public static readonly string[] Collections = ["patchworks/system-templates", "authentication-implementations", "endpoints", "variables", "request-options"];

    /// <summary>No part is there twice: one template, and per owner no two parts of the same name, key, or type + key.</summary>
    public void AssertNoDuplicates()
    {
        Assert.Single(Api.All("patchworks/system-templates"));
        var auths = Api.All("authentication-implementations").Select(a => $"{a["system_template_id"]}/{a["name"]}").ToList();
        Assert.Equal(auths.Count, auths.Distinct().Count());
        var endpoints = Api.All("endpoints").Select(e => $"{e["authentication_implementation_id"]}/{e["name"]}").ToList();
        Assert.Equal(endpoints.Count, endpoints.Distinct().Count());
        var variables = Api.All("variables").Select(v => $"{v["model_type"]}/{v["model_id"]}/{v["key"]}").ToList();
        Assert.Equal(variables.Count, variables.Distinct().Count());
    }

    /// <summary>How many of each collection the stand-in holds.</summary>
    public Dictionary<string, int> Counts() => Collections.ToDictionary(c => c, c => Api.All(c).Count);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Folder.Dispose();
    }

    private sealed class Progress(List<string> into) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
