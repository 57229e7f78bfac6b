using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Testing;

/// <summary>
/// The case runner in the core over a real run: the transport is asked before and after each case, a case's values
/// and limits reach the request, records come from the pages' bodies, and a transport's complaint fails the case.
/// </summary>
public sealed class TestSuiteRunnerTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<TestApiServer> StartAsync() => TestApiServer.StartAsync(apis: [new InlineApi("items.test", routes => routes.MapGet("/items", (HttpRequest request) =>
        Results.Json(new { items = new[] { new { id = 1, status = request.Query["status"].ToString() }, new { id = 2, status = request.Query["status"].ToString() } } })))]);

    private async Task<IReadOnlyList<CaseResult>> RunAsync(TestApiServer server, string cases, ICaseTransport transport)
    {
        var connectorPath = Connectors.Write(_folder, "https://items.test/items",
            extra: """ "variables": [ { "key": "status" } ], "query": [ { "key": "status", "value": "{{status}}" } ] """);
        var path = _folder.Write("test.tests.json", $$"""{ "endpoints": { "list": { {{cases}} } } }""");
        var file = TestsFileReader.Read(path, File.ReadAllText(path));
        var (connector, _) = Runs.Load(connectorPath, null);
        return await TestSuiteRunner.RunAsync(file, connector, _ => null, null, Runs.OptionsFor(server), transport, _ => true, CancellationToken.None);
    }

    [Fact]
    public async Task The_transport_sees_each_case_and_its_options_in_order()
    {
        await using var server = await StartAsync();
        var transport = new WatchingTransport(null);

        var results = await RunAsync(server, """
            "open": { "variables": { "status": "open" }, "maxPages": 3, "expect": { "assertions": [ { "path": "status", "equals": "open" } ], "records": 2 } },
            "closed / old": { "variables": { "status": "closed" }, "expect": { "assertions": [ { "path": "status", "equals": "open", "any": true } ] } }
            """, transport);

        Assert.Equal(["open", "closed / old"], transport.Prepared.Select(p => p.Info.CaseName));
        Assert.Equal(["open", "closed / old"], transport.Completed);
        Assert.Equal((3, "open"), (transport.Prepared[0].Options.MaxPages, transport.Prepared[0].Options.Values["status"]));
        Assert.Equal(_folder.PathOf(Path.Combine("recordings", "list", "closed---old.json")), transport.Prepared[1].Info.RecordingPath);
        Assert.Equal(CaseOutcome.Passed, results[0].Outcome);
        Assert.Equal(CaseOutcome.Failed, results[1].Outcome);
        Assert.Equal("assertions[0]", Assert.Single(results[1].Failures).Expectation);
        Assert.Equal(2, server.Log.Requests.Count);
    }

    [Fact]
    public async Task A_transports_complaint_fails_the_case()
    {
        await using var server = await StartAsync();

        var results = await RunAsync(server, """ "open": { "variables": { "status": "open" } } """, new WatchingTransport("GET https://items.test/items is not in the recording"));

        var failure = Assert.Single(Assert.Single(results).Failures);
        Assert.Equal(("transport", "GET https://items.test/items is not in the recording"), (failure.Expectation, failure.Actual));
    }

    private sealed class WatchingTransport(string? complaint) : ICaseTransport
    {
        public List<(TestCaseInfo Info, RunOptions Options)> Prepared { get; } = [];

        public List<string> Completed { get; } = [];

        public RunOptions Prepare(TestCaseInfo testCase, RunOptions options)
        {
            Prepared.Add((testCase, options));
            return options;
        }

        public Task<string?> CompleteAsync(TestCaseInfo testCase, RunResult result, CancellationToken cancellationToken)
        {
            Completed.Add(testCase.CaseName);
            return Task.FromResult(complaint);
        }
    }
}
