using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.Runner.Tests.Running;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>patchworks run exits 0 only when the run proved its end: 3 when it stopped without that proof.</summary>
public sealed class RunStopExitCodeTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Connector(PlainHttpOrigin api) => Connectors.Write(_folder, $"{api.Url}/offers",
        """{ "method": "limitOffset", "limitParam": "max", "offsetParam": "offset", "limit": 500, "totalPath": "total_count" }""");

    [Fact]
    public async Task A_capped_page_size_reads_every_record_and_exits_0()
    {
        await using var api = await PlainHttpOrigin.StartAsync(routes => PaginationTruthTests.MapOffers(routes));

        var result = CliProcess.Run(_folder.Root, new Dictionary<string, string>(), "run", Connector(api), "list", "--quiet", "--format", "json", "--max-pages", "20");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = JsonNode.Parse(result.Stdout)!["run"]!;
        Assert.Equal(1203, run["records"]!.GetValue<int>());
        Assert.Equal("completed", run["stop"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_total_that_disagrees_exits_3_and_says_stopped()
    {
        await using var api = await PlainHttpOrigin.StartAsync(routes => PaginationTruthTests.MapOffers(routes, total: 1500));

        var result = CliProcess.Run(_folder.Root, new Dictionary<string, string>(), "run", Connector(api), "list", "--quiet", "--max-pages", "20");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Stopped: the page at offset 1203 is empty, but the total (totalPath \"total_count\") is 1500 and 1203 records arrived; the run cannot prove it read every record.", result.StdoutLines);
    }
}
