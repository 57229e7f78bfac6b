using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// What a connector script reads besides its payload: data.variables (the run's variable values), data.meta and
/// data.flow (from the run's meta.x and flow.x values, as a flow would supply them).
/// </summary>
public sealed class ScriptContextTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_pagination_script_reads_endpoint_variables_meta_and_flow_values()
    {
        // The script's next URL is built only from what data carries: it fails the run if any is missing.
        const string script = """
            module.exports = async function handle(data) {
                const { request } = JSON.parse(data.payload);
                const page = Number(/[?&]page=(\d+)/.exec(request.url)[1]);
                if (data.variables.status !== 'open' || data.meta.batch !== '42' || data.flow.region !== 'eu') {
                    throw new Error('missing context: ' + JSON.stringify({ v: data.variables, m: data.meta, f: data.flow }));
                }
                const last = page >= 3;
                return { ...data, payload: JSON.stringify(last ? { has_next_page: false }
                    : { has_next_page: true, url: `https://ctx.test/items?page=${page + 1}&status=${data.variables.status}&batch=${data.meta.batch}&region=${data.flow.region}` }) };
            };
            """;
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("ctx.test", routes =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/items", (int page, string status, string batch, string region) =>
                Microsoft.AspNetCore.Http.Results.Json(new { items = new[] { new { id = page, status, batch, region } } })))]);
        var connector = Connectors.Write(_folder, "https://ctx.test/items?page=1&status={{status}}&batch=[[meta.batch]]&region=eu",
            $$"""{ "method": "script", "script": {{System.Text.Json.JsonSerializer.Serialize(script)}} }""",
            """ "variables": [ { "key": "status", "displayName": "Status", "required": true } ] """);
        var options = new RunOptions
        {
            Http = Runs.HttpFor(server),
            Values = new Dictionary<string, string> { ["status"] = "open", ["meta.batch"] = "42", ["flow.region"] = "eu" },
        };

        var result = await Connectors.RunAsync(connector, options);

        Assert.True(result.Stop == StopReason.Completed, result.StopMessage);
        Assert.Equal([1L, 2L, 3L], Runs.Ids(result, "items"));
        Assert.EndsWith("page=3&status=open&batch=42&region=eu", result.Pages[^1].Exchange.Request.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_values_the_script_sees_empty_meta_and_flow_and_says_so()
    {
        const string script = """
            module.exports = async function handle(data) {
                if (Object.keys(data.meta).length || Object.keys(data.flow).length) throw new Error('unexpected context');
                throw new Error('no flow context');
            };
            """;
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("ctx.test", routes =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/items", () =>
                Microsoft.AspNetCore.Http.Results.Json(new { items = new[] { new { id = 1 } } })))]);
        var connector = Connectors.Write(_folder, "https://ctx.test/items",
            $$"""{ "method": "script", "script": {{System.Text.Json.JsonSerializer.Serialize(script)}} }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.ScriptFailed, result.Stop);
        Assert.Contains("no flow context", result.StopMessage, StringComparison.Ordinal);
    }
}
