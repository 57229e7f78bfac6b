using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Infrastructure;

/// <summary>Runs a connector (a sample, unchanged, or a test's own) against the test server through the core runner.</summary>
public static class Runs
{
    /// <summary>Options that connect every host to the test server and trust its root, as --connect-to and --ca-cert do.</summary>
    public static RunOptions OptionsFor(TestApiServer server, IReadOnlyDictionary<string, string>? secrets = null, int maxPages = 50) => new()
    {
        Secrets = new DictionarySecrets(secrets ?? new Dictionary<string, string>()),
        MaxPages = maxPages,
        Http = HttpFor(server),
    };

    public static HttpSettings HttpFor(TestApiServer server, TimeSpan? timeout = null) => new()
    {
        ConnectTo = [new ConnectTo(null, null, "127.0.0.1", server.Port)],
        TrustedRoots = [X509Certificate2.CreateFromPem(server.RootCertificatePem)],
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    public static (ConnectorDocument Connector, Instance? Instance) Load(string connectorPath, string? instancePath)
    {
        var workspace = new ConnectorWorkspace(PhysicalFileSystem.Instance);
        workspace.Add(connectorPath);
        var connector = workspace.GetConnector(Path.GetFullPath(connectorPath)) ?? throw new InvalidOperationException($"{connectorPath} is not a connector");
        Instance? instance = null;
        if (instancePath is not null)
        {
            workspace.Add(instancePath);
            instance = workspace.GetInstance(Path.GetFullPath(instancePath))?.Model ?? throw new InvalidOperationException($"{instancePath} is not an instance");
        }
        return (connector, instance);
    }

    public static Task<RunResult> SampleAsync(string sample, string endpoint, string instanceFile, RunOptions options, CancellationToken cancellationToken = default) =>
        SampleConnectorAsync(sample, $"{sample}.connector.json", endpoint, instanceFile, options, cancellationToken);

    /// <summary>A sample's connector other than <c>{sample}.connector.json</c> (a second connector in the same folder).</summary>
    public static Task<RunResult> SampleConnectorAsync(string sample, string connectorFile, string endpoint, string instanceFile, RunOptions options, CancellationToken cancellationToken = default)
    {
        var folder = Repository.Sample(sample);
        var (connector, instance) = Load(Path.Combine(folder, connectorFile), Path.Combine(folder, instanceFile));
        return EndpointRunner.RunAsync(connector, endpoint, instance, options, cancellationToken);
    }

    /// <summary>Every record of every page, in order, from the pages' JSON bodies at the endpoint's data path.</summary>
    public static IReadOnlyList<JsonNode> Records(RunResult result, string? dataPath) =>
        [.. result.Pages.SelectMany(p => Core.Running.Data.ResponseData.Records(p.Exchange.Response?.Json?.Parse(), dataPath, out _) ?? []).Select(r => r!)];

    public static IReadOnlyList<long> Ids(RunResult result, string? dataPath, string idKey = "id") =>
        [.. Records(result, dataPath).Select(r => r[idKey]!.GetValue<long>())];
}
