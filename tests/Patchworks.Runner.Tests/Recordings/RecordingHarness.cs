using Patchworks.Core.Model;
using Patchworks.Core.Running;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing;
using Patchworks.Core.Workspace;
using Patchworks.Runner.Tests.Infrastructure;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>Runs one test case through a transport as `patchworks test` does: prepare, run, complete.</summary>
public static class RecordingHarness
{
    public static TestCaseInfo Case(ConnectorDocument connector, string endpoint, Instance? instance, string caseName = "default") =>
        new(connector, endpoint, caseName, instance, Path.Combine(connector.Model.Directory, "recordings", endpoint, caseName + ".json"));

    public static async Task<(RunResult Result, string? Failure)> RunAsync(ICaseTransport transport, TestCaseInfo testCase, RunOptions options)
    {
        var prepared = transport.Prepare(testCase, options);
        var result = await EndpointRunner.RunAsync(testCase.Connector, testCase.EndpointId, testCase.Instance, prepared);
        var failure = await transport.CompleteAsync(testCase, result, CancellationToken.None);
        return (result, failure);
    }

    /// <summary>
    /// Options with no credentials and no way to the network: every host goes to port 1 of 127.0.0.1, where nothing
    /// listens, so a request that reached a socket would fail the run.
    /// </summary>
    public static RunOptions Offline(int maxPages = 50, IReadOnlyDictionary<string, string>? values = null) => new()
    {
        Secrets = new DictionarySecrets(new Dictionary<string, string>()),
        MaxPages = maxPages,
        Values = values ?? new Dictionary<string, string>(),
        Http = new HttpSettings { ConnectTo = [new ConnectTo(null, null, "127.0.0.1", 1)], Timeout = TimeSpan.FromSeconds(5) },
    };

    /// <summary>The run's pages as compared between a live run and its replay: status, record count, next page.</summary>
    public static IReadOnlyList<string> PageSummary(RunResult result) =>
        [.. result.Pages.Select(p => $"{p.Number}: {p.Exchange.Response?.Status} {p.Records} records, next {p.NextPage ?? "-"}")];
}
