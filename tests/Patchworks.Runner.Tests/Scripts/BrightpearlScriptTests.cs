using System.Text.Json.Nodes;
using Patchworks.Core.Running.Scripts;

namespace Patchworks.Runner.Tests.Scripts;

/// <summary>The brightpearl sample's search pagination script, run as the runner runs it, on answers shaped like Brightpearl's.</summary>
public sealed class BrightpearlScriptTests
{
    private const string Search = "https://euw1.brightpearlconnect.com/public-api/acmeoutdoorsandbox/order-service/order-search";
    private static readonly KeyValuePair<string, string>[] Headers =
        [new("brightpearl-app-ref", "acmeoutdoorsandbox_patchworks"), new("brightpearl-account-token", "~secret~")];

    private static readonly CompiledScript Paginate = CompiledScript.Compile(
        File.ReadAllText(Path.Combine(Peoplevox.RepositoryRoot, "samples", "brightpearl", "scripts", "paginate-search.js")),
        "pagination script of endpoint 'search-orders'", "scripts/paginate-search.js");

    private readonly ScriptHost _host = new();

    private static ScriptRequest Get(string url) => new(url, "GET", Headers, null);

    /// <summary>A search answer: metaData as Brightpearl sends it, and rows of values.</summary>
    private static string Answer(int available, int first, int returned, bool? more) =>
        new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["metaData"] = new JsonObject
                {
                    ["resultsAvailable"] = available,
                    ["resultsReturned"] = returned,
                    ["firstResult"] = first,
                    ["lastResult"] = first + returned - 1,
                    ["morePagesAvailable"] = more,
                    ["columns"] = new JsonArray(new JsonObject { ["name"] = "orderId" }),
                },
                ["results"] = new JsonArray([.. Enumerable.Range(first, returned).Select(id => (JsonNode)new JsonArray(id))]),
            },
        }.ToJsonString();

    [Fact]
    public void The_next_page_starts_one_past_lastResult_and_keeps_the_rest_of_the_request()
    {
        var request = Get($"{Search}?pageSize=500&firstResult=1&orderTypeId=1&updatedOn=2024-03-01T00%3A00%3A00Z%2F&sort=orderId.ASC");

        var decision = _host.RunPagination(Paginate, new PaginationScriptInput(request, 200, [], Answer(1234, 1, 500, true)));

        Assert.True(decision.HasNextPage);
        Assert.Equal($"{Search}?pageSize=500&firstResult=501&orderTypeId=1&updatedOn=2024-03-01T00%3A00%3A00Z%2F&sort=orderId.ASC", decision.Next!.Url);
        // Left out of the answer, method and headers stay those of the request just sent.
        Assert.True(decision.Next.Method is null or "GET");
    }

    [Fact]
    public void A_shorter_page_still_goes_on_when_brightpearl_says_more_pages_are_available()
    {
        // The page size the API applied can be lower than the one asked for: the flag and lastResult decide, not the count.
        var request = Get($"{Search}?firstResult=201&pageSize=500");

        var decision = _host.RunPagination(Paginate, new PaginationScriptInput(request, 200, [], Answer(1234, 201, 200, true)));

        Assert.True(decision.HasNextPage);
        Assert.Equal($"{Search}?firstResult=401&pageSize=500", decision.Next!.Url);
    }

    [Fact]
    public void A_request_without_firstResult_gets_one()
    {
        var decision = _host.RunPagination(Paginate, new PaginationScriptInput(Get($"{Search}?pageSize=500"), 200, [], Answer(900, 1, 500, true)));
        var bare = _host.RunPagination(Paginate, new PaginationScriptInput(Get(Search), 200, [], Answer(900, 1, 500, true)));

        Assert.Equal($"{Search}?pageSize=500&firstResult=501", decision.Next!.Url);
        Assert.Equal($"{Search}?firstResult=501", bare.Next!.Url);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void The_last_page_or_an_answer_without_the_flag_ends_the_run(bool? more)
    {
        var decision = _host.RunPagination(Paginate, new PaginationScriptInput(Get($"{Search}?firstResult=1001&pageSize=500"), 200, [], Answer(1234, 1001, 234, more)));

        Assert.False(decision.HasNextPage);
        Assert.Null(decision.Next);
    }

    [Theory]
    [InlineData(503, """{"errors": [{"code": "GWYB-001", "message": "Too busy"}]}""")]
    [InlineData(401, """{"errors": [{"code": "GWYC-001", "message": "Not authorised"}]}""")]
    [InlineData(200, """{"response": []}""")]
    public void An_error_or_an_answer_without_metaData_ends_the_run(int status, string body)
    {
        var decision = _host.RunPagination(Paginate, new PaginationScriptInput(Get($"{Search}?firstResult=1"), status, [], body));

        Assert.False(decision.HasNextPage);
    }
}
