using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Testing;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Testing;

/// <summary>The records a case checks are the ones the runner counted, whatever way the page's body was kept.</summary>
public sealed class CaseRecordsTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Items(int count, int padding) =>
        "{\"items\":[" + string.Join(",", Enumerable.Range(1, count).Select(i => $"{{\"id\":{i},\"pad\":\"{new string('x', padding)}\"}}")) + "]}";

    [Theory]
    [InlineData("application/json", 0)]
    [InlineData("text/plain", 0)]
    [InlineData("application/json", 5000)]
    public async Task Records_are_the_ones_the_runner_counted_from_json_text_and_spilled_bodies(string contentType, int padding)
    {
        var body = Items(300, padding);
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("items.test", routes => routes.MapGet("/items", () => Results.Text(body, contentType)))]);
        var connectorPath = Connectors.Write(_folder, "https://items.test/items");
        var (connector, _) = Runs.Load(connectorPath, null);
        // Padding makes the body about 1.5 MB: over a 1 MB in-memory limit it is streamed to a spill file.
        var options = Runs.OptionsFor(server) with { Http = Runs.HttpFor(server) with { MaxBodyInMemory = 1024 * 1024 } };

        using var run = await Core.Running.EndpointRunner.RunAsync(connector, "list", null, options);
        var records = CaseRecords.Of(run, connector.Model.FindEndpoint("list")!);

        Assert.Equal(padding > 0, run.Pages[0].Exchange.Response!.BodyFile is not null);
        // A spilled body's records are not counted by the runner: the case sees none either, never a different count.
        Assert.Equal(padding > 0 ? 0 : 300, run.Records);
        Assert.Equal(Enumerable.Range(1, run.Records), records.Select(r => (int)r!["id"]!));
    }
}
