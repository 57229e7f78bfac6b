using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>The forms of the pagination methods the samples do not use, against the trouble API's paged lists.</summary>
public sealed class PaginationVariantTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("/pages/relative")] // "?page=2": replaces the previous URL's query
    [InlineData("/pages/absolute")]
    [InlineData("/redirect")] // a 302 first, then absolute links
    public async Task Next_page_url_in_every_form_reads_every_record_once(string path)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(pageSize: 7, pageCount: 4)]);
        var connector = Connectors.Write(_folder, $"https://trouble.test{path}", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(Enumerable.Range(1, 28).Select(i => (long)i), Runs.Ids(result, "items"));
        Assert.Equal(4, result.Pages.Count);
    }

    [Fact]
    public async Task Page_number_stops_at_the_total_pages_path()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(pageSize: 5, pageCount: 3)]);
        var connector = Connectors.Write(_folder, "https://trouble.test/pages/relative",
            """{ "method": "pageNumber", "pageParam": "page", "totalPagesPath": "total_pages" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("Last page: page 3 is the last of 3.", result.StopMessage);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), Runs.Ids(result, "items"));
    }

    [Fact]
    public async Task Limit_offset_reads_the_page_size_from_the_count_path()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("count.test", routes =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/items", (int limit, int offset) =>
            {
                var ids = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(limit, 23 - offset))).ToArray();
                // The records sit where dataPath does not look; count says how many this page holds.
                return Microsoft.AspNetCore.Http.Results.Json(new { items = ids.Select(id => new { id }), meta = new { count = ids.Length } });
            }))]);
        var connector = Connectors.Write(_folder, "https://count.test/items",
            """{ "method": "limitOffset", "limitParam": "limit", "offsetParam": "offset", "limit": 10, "countPath": "meta.count" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("Last page: the page at offset 20 has 3 records, fewer than the limit of 10.", result.StopMessage);
        Assert.Equal(Enumerable.Range(1, 23).Select(i => (long)i), Runs.Ids(result, "items"));
    }
}
