using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Issue 14, item 3: paginators advance by what was received, and a run that cannot prove it reached the end says
/// so (stopped, not completed). The stand-ins behave as real list APIs do: Mirakl's max/offset lists counted by
/// total_count (an API that caps the page size silently: asked for 500, it sends 200), HubSpot's paging tokens.
/// </summary>
public sealed class PaginationTruthTests : IDisposable
{
    private const int Offers = 1203;
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// GET /offers?max&amp;offset: at most <paramref name="cap"/> records whatever max asks, total_count
    /// <paramref name="total"/> (the real count unless a test makes it lie), and, when <paramref name="shortAt"/> is
    /// set, a page starting there that holds only half of what it should (an API's short page in the middle).
    /// </summary>
    internal static InlineApi Capped(string host, int cap = 200, int? total = null, int? shortAt = null, bool count = true) => new(host, routes => MapOffers(routes, cap, total, shortAt, count));

    internal static void MapOffers(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder routes, int cap = 200, int? total = null, int? shortAt = null, bool count = true) =>
        routes.MapGet("/offers", (int? max, int? offset) =>
        {
            var start = offset ?? 0;
            var size = Math.Min(max ?? 10, cap);
            if (start == shortAt)
            {
                size /= 2;
            }
            var ids = Enumerable.Range(start + 1, Math.Max(0, Math.Min(size, Offers - start))).ToArray();
            return count
                ? Results.Json(new { items = ids.Select(id => new { id }), total_count = total ?? Offers })
                : Results.Json(new { items = ids.Select(id => new { id }) });
        });

    private string Connector(string host, string options) =>
        Connectors.Write(_folder, $"https://{host}/offers", $$"""{ "method": "limitOffset", "limitParam": "max", "offsetParam": "offset", {{options}} }""");

    [Fact]
    public async Task A_capped_page_size_moves_the_offset_by_the_records_received_and_reads_every_record()
    {
        await using var server = await TestApiServer.StartAsync(apis: [Capped("capped.test")]);
        var connector = Connector("capped.test", """ "limit": 500, "totalPath": "total_count" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("Last page: all 1203 records of the total (totalPath \"total_count\") arrived.", result.StopMessage);
        Assert.Equal(Enumerable.Range(1, Offers).Select(i => (long)i), Runs.Ids(result, "items"));
        Assert.Equal(7, result.Pages.Count);
    }

    [Fact]
    public async Task Without_a_total_a_capped_first_page_is_not_taken_for_the_end()
    {
        await using var server = await TestApiServer.StartAsync(apis: [Capped("capped.test", count: false)]);
        var connector = Connector("capped.test", """ "limit": 500 """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("Last page: the page at offset 1200 has 3 records, fewer than the 200 the API gave per page (it caps the limit of 500).", result.StopMessage);
        Assert.Equal(Enumerable.Range(1, Offers).Select(i => (long)i), Runs.Ids(result, "items"));
    }

    [Fact]
    public async Task A_missing_count_path_is_named_and_the_run_is_stopped_not_completed()
    {
        await using var server = await TestApiServer.StartAsync(apis: [Capped("capped.test", cap: 100)]);
        var connector = Connector("capped.test", """ "limit": 100, "countPath": "meta.count" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal(RunOutcome.Stopped, result.Outcome);
        Assert.Equal("Stopped: the response has no \"meta.count\" (countPath), so the page at offset 0 cannot be counted; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(100, result.Records);
    }

    [Fact]
    public async Task A_total_that_disagrees_with_the_records_seen_stops_the_run()
    {
        // total_count says 1500, but the list ends at 1203.
        await using var server = await TestApiServer.StartAsync(apis: [Capped("capped.test", total: 1500)]);
        var connector = Connector("capped.test", """ "limit": 500, "totalPath": "total_count" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal("Stopped: the page at offset 1203 is empty, but the total (totalPath \"total_count\") is 1500 and 1203 records arrived; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(Offers, result.Records);
    }

    [Fact]
    public async Task A_short_page_in_the_middle_is_not_the_end_when_the_total_says_there_is_more()
    {
        await using var server = await TestApiServer.StartAsync(apis: [Capped("capped.test", cap: 100, shortAt: 300)]);
        var connector = Connector("capped.test", """ "limit": 100, "totalPath": "total_count" """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(Enumerable.Range(1, Offers).Select(i => (long)i), Runs.Ids(result, "items"));
    }

    [Fact]
    public async Task A_paging_token_that_comes_back_is_named_and_the_run_is_stopped()
    {
        // HubSpot's paging.next.after, from an API that goes a → b → a.
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("tokens.test", routes =>
            routes.MapGet("/contacts", (string? after) =>
            {
                var (id, next) = after switch { null or "" => (1, "a"), "a" => (2, "b"), _ => (3, "a") };
                return Results.Json(new { items = new[] { new { id } }, paging = new { next = new { after = next } } });
            }))]);
        var connector = Connectors.Write(_folder, "https://tokens.test/contacts",
            """{ "method": "nextPageToken", "tokenPath": "paging.next.after", "tokenParam": "after" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal("Stopped: page 3 gives the token a that page 1 gave: the API does not move on; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(3, result.Requests);
    }

    [Fact]
    public async Task A_page_number_run_whose_records_disagree_with_the_total_header_is_stopped()
    {
        // WooCommerce's headers: X-WP-TotalPages 3 and X-WP-Total 250, but page 2 holds 50 records, not 100.
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("shop.test", routes =>
            routes.MapGet("/wp-json/wc/v3/products", (HttpContext context, int page, int per_page) =>
            {
                var start = (page - 1) * per_page;
                var size = page == 2 ? per_page / 2 : per_page;
                var ids = Enumerable.Range(start + 1, Math.Max(0, Math.Min(size, 250 - start))).ToArray();
                context.Response.Headers["X-WP-Total"] = "250";
                context.Response.Headers["X-WP-TotalPages"] = "3";
                return Results.Json(new { items = ids.Select(id => new { id }) }); // the test connector's dataPath
            }))]);
        var connector = Connectors.Write(_folder, "https://shop.test/wp-json/wc/v3/products",
            """{ "method": "pageNumber", "pageParam": "page", "limitParam": "per_page", "limit": 100, "totalPagesHeader": "X-WP-TotalPages", "totalHeader": "X-WP-Total" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal("Stopped: page 3 is the last of 3, but 200 records arrived and the total (totalHeader X-WP-Total) is 250; the run cannot prove it read every record.", result.StopMessage);
    }

    [Fact]
    public async Task A_graphql_end_cursor_that_comes_back_is_named_and_the_run_is_stopped()
    {
        // Shopify's Admin GraphQL: the cursor goes into variables.after; this API's cursors go c1 → c2 → c1.
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("graphql.test", routes =>
            routes.MapPost("/graphql.json", async (HttpRequest request) =>
            {
                var body = System.Text.Json.Nodes.JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync());
                var variables = body?["variables"] is System.Text.Json.Nodes.JsonValue text
                    ? System.Text.Json.Nodes.JsonNode.Parse(text.GetValue<string>()) : body?["variables"];
                var (id, cursor) = variables?["after"]?.GetValue<string>() switch { null or "" => (1, "c1"), "c1" => (2, "c2"), _ => (3, "c1") };
                return Results.Json(new { data = new { productVariants = new { nodes = new[] { new { id } }, pageInfo = new { hasNextPage = true, endCursor = cursor } } } });
            }))]);
        var connector = _folder.Write("test.connector.json", """
            {
              "name": "GraphQL", "version": { "number": 1, "name": "1" }, "systemType": "Other", "protocol": "HTTP", "colour": "blue",
              "authMethods": [ { "id": "none", "name": "None", "type": "none" } ],
              "endpoints": [ {
                "id": "list", "name": "List", "entityType": "products", "direction": "receive", "method": "POST",
                "url": "https://graphql.test/graphql.json", "dataType": "json",
                "headers": [ { "key": "Content-Type", "value": "application/json", "required": true } ],
                "body": [
                  { "key": "query", "required": true, "value": "query { productVariants { nodes { id } } }" },
                  { "key": "variables", "required": true, "value": "{\"first\": 1, \"after\": \"[[pagination.cursor]]\"}" }
                ],
                "dataPath": "data.productVariants.nodes",
                "pagination": { "method": "graphqlCursor", "endCursorPath": "data.productVariants.pageInfo.endCursor", "hasNextPagePath": "data.productVariants.pageInfo.hasNextPage" }
              } ]
            }
            """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal("Stopped: page 3 gives the end cursor c1 that page 1 gave: the API does not move on; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(3, result.Requests);
    }

    [Fact]
    public async Task A_page_with_the_same_records_as_the_page_before_stops_the_run()
    {
        // Shopify REST's Link header, from an API that ignores page_info: every page is the first one again.
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("links.test", routes =>
            routes.MapGet("/products.json", (HttpContext context, int? page) =>
            {
                context.Response.Headers.Append("Link", $"<https://links.test/products.json?page={(page ?? 1) + 1}>; rel=\"next\"");
                return Results.Json(new { items = new[] { new { id = 1 }, new { id = 2 } } });
            }))]);
        var connector = Connectors.Write(_folder, "https://links.test/products.json", """{ "method": "linkHeader" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal("Stopped: page 2 has the same 2 records as page 1: the API does not move on; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(2, result.Requests);
    }
}
