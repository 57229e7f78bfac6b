using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Brightpearl stand-in, as Brightpearl documents its API: a private app's two headers, resource searches that
/// answer arrays of column values with metaData (morePagesAvailable, firstResult/lastResult, at most 500 a page),
/// ID sets with 404 for an empty list, the account's request cap answered with 503 and the throttle headers, and
/// sales order creation.
/// </summary>
public sealed class BrightpearlApiTests
{
    private const string Api = "https://" + BrightpearlApi.TestHost + "/public-api/" + BrightpearlApi.TestAccount;
    private static readonly (string, string)[] App = [("brightpearl-app-ref", BrightpearlApi.TestAppRef), ("brightpearl-account-token", BrightpearlApi.TestAccountToken)];

    [Fact]
    public async Task Walking_firstResult_by_lastResult_yields_every_product_once_and_morePagesAvailable_turns_false_on_the_last_page()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(productCount: 1100)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        var first = 1;
        var pages = new List<JsonNode>();
        while (true)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product-search?pageSize=500&firstResult={first}", App));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var meta = json!["response"]!["metaData"]!;
            pages.Add(meta);
            ids.AddRange(json["response"]!["results"]!.AsArray().Select(r => r!.AsArray()[0]!.GetValue<int>()));
            if (!meta["morePagesAvailable"]!.GetValue<bool>())
            {
                break;
            }
            first = meta["lastResult"]!.GetValue<int>() + 1;
        }
        var (_, past) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product-search?firstResult=1101", App));

        Assert.Equal(Enumerable.Range(BrightpearlApi.FirstProductId, 1100), ids);
        Assert.Equal([1, 501, 1001], pages.Select(p => p["firstResult"]!.GetValue<int>()));
        Assert.Equal([500, 1000, 1100], pages.Select(p => p["lastResult"]!.GetValue<int>()));
        Assert.Equal([500, 500, 100], pages.Select(p => p["resultsReturned"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(1100, p["resultsAvailable"]!.GetValue<int>()));
        Assert.Equal(["productId", "SKU", "productName"], pages[0]["columns"]!.AsArray().Take(3).Select(c => c!["name"]!.GetValue<string>()));
        Assert.Empty(past!["response"]!["results"]!.AsArray());
        Assert.False(past["response"]!["metaData"]!["morePagesAvailable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Columns_sort_and_filters_shape_the_search_and_a_date_range_is_from_slash_to()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(orderCount: 100)]);
        using var client = TestApiClient.For(server);

        var (_, picked) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search?columns=customerRef,orderId&pageSize=2", App));
        var (_, sorted) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search?sort=orderId.DESC&pageSize=3&columns=orderId", App));
        // Order n is updated 2n hours after 2024-03-01 09:00 UTC: 2024-03-03 09:00 to 2024-03-04 09:00 is n 24 to 36, sales orders only.
        var (_, range) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search?orderTypeId=1&updatedOn=2024-03-03T09:00:00Z/2024-03-04T09:00:00Z&columns=orderId", App));
        var (_, since) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search?updatedOn=2024-03-09T09:00:00Z/&columns=orderId", App));

        Assert.Equal(["customerRef", "orderId"], picked!["response"]!["metaData"]!["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("WEB-000001", picked["response"]!["results"]![0]![0]!.GetValue<string>());
        Assert.Equal([100, 99, 98], sorted!["response"]!["results"]!.AsArray().Select(r => r![0]!.GetValue<int>()));
        Assert.Equal("DESC", sorted["response"]!["metaData"]!["sorting"]![0]!["direction"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(24, 13).Where(n => n % 5 != 0), range!["response"]!["results"]!.AsArray().Select(r => r![0]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(96, 5), since!["response"]!["results"]!.AsArray().Select(r => r![0]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("pageSize=501")]
    [InlineData("pageSize=0")]
    [InlineData("firstResult=0")]
    [InlineData("firstResult=abc")]
    [InlineData("colour=red")]
    [InlineData("columns=productId,colour")]
    [InlineData("sort=productId")]
    [InlineData("sort=colour.ASC")]
    [InlineData("updatedOn=yesterday/")]
    public async Task A_page_over_500_or_an_unknown_parameter_column_sort_or_date_is_400_in_the_errors_shape(string query)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi()]);
        using var client = TestApiClient.For(server);

        var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product-search?{query}", App));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = json!["errors"]![0]!;
        Assert.False(string.IsNullOrEmpty(error["code"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Missing_wrong_or_foreign_app_headers_are_401_and_an_account_on_another_data_centre_is_404()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi()]);
        using var client = TestApiClient.For(server);
        const string Search = Api + "/product-service/product-search?pageSize=1";

        var (none, noneBody) = await client.SendJsonAsync(TestApiClient.Get(Search));
        var (tokenOnly, _) = await client.SendJsonAsync(TestApiClient.Get(Search, ("brightpearl-account-token", BrightpearlApi.TestAccountToken)));
        var (wrongRef, _) = await client.SendJsonAsync(TestApiClient.Get(Search, ("brightpearl-app-ref", "acmeoutdoorsandbox_other"), ("brightpearl-account-token", BrightpearlApi.TestAccountToken)));
        var (foreign, _) = await client.SendJsonAsync(TestApiClient.Get(Search, ("brightpearl-app-ref", BrightpearlApi.LiveAppRef), ("brightpearl-account-token", BrightpearlApi.LiveAccountToken)));
        var (otherCentre, _) = await client.SendJsonAsync(TestApiClient.Get($"https://use1.brightpearlconnect.com/public-api/{BrightpearlApi.TestAccount}/product-service/product-search", App));
        var (live, _) = await client.SendJsonAsync(TestApiClient.Get($"https://{BrightpearlApi.LiveHost}/public-api/{BrightpearlApi.LiveAccount}/product-service/product-search?pageSize=1",
            ("brightpearl-app-ref", BrightpearlApi.LiveAppRef), ("brightpearl-account-token", BrightpearlApi.LiveAccountToken)));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.NotNull(noneBody!["errors"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRef.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherCentre.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task An_id_set_answers_the_products_that_exist_and_404_when_none_does()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(productCount: 50)]);
        using var client = TestApiClient.For(server);

        var (_, mixed) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product/1001-1003,1049-1060", App));
        var (none, noneBody) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product/2000-2010", App));
        var (descending, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product/1010-1001", App));
        var (tooMany, _) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/product-service/product/1-501", App));

        Assert.Equal([1001, 1002, 1003, 1049, 1050], mixed!["response"]!.AsArray().Select(p => p!["id"]!.GetValue<int>()));
        Assert.Equal("BP-00001", mixed["response"]![0]!["identity"]!["sku"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.NotNull(noneBody!["errors"]);
        Assert.Equal(HttpStatusCode.BadRequest, descending.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_throttle_headers_and_past_the_cap_it_is_503_until_the_period_ends()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(requestsPerMinute: 3, time: clock)]);
        using var client = TestApiClient.For(server);
        const string Search = Api + "/product-service/product-search?pageSize=1";

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await client.SendJsonAsync(TestApiClient.Get(Search, App));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("brightpearl-requests-remaining").Single());
            clock.Advance(TimeSpan.FromSeconds(10));
        }
        var (busy, busyBody) = await client.SendJsonAsync(TestApiClient.Get(Search, App));
        clock.Advance(TimeSpan.FromSeconds(30));
        var (again, _) = await client.SendJsonAsync(TestApiClient.Get(Search, App));

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("0", busy.Headers.GetValues("brightpearl-requests-remaining").Single());
        Assert.Equal("30000", busy.Headers.GetValues("brightpearl-next-throttle-period").Single());
        Assert.Null(busy.Headers.RetryAfter);
        Assert.NotNull(busyBody!["errors"]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("2", again.Headers.GetValues("brightpearl-requests-remaining").Single());
    }

    [Fact]
    public async Task A_sales_order_is_created_with_its_new_id_and_appears_in_the_order_search()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(orderCount: 10)]);
        using var client = TestApiClient.For(server);

        var (created, body) = await client.SendJsonAsync(Post("""
            {"customer": {"id": 207}, "ref": "WEB-100234", "placedOn": "2024-03-01T10:00:00+00:00", "currency": {"code": "GBP"},
             "rows": [{"productId": 1077, "quantity": 2}]}
            """));
        var (_, search) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search?customerRef=WEB-100234&columns=orderId,contactId", App));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(11, body!["response"]!.GetValue<int>());
        Assert.Equal([11, 207], search!["response"]!["results"]![0]!.AsArray().Select(v => v!.GetValue<int>()));
    }

    [Theory]
    [InlineData("""{"ref": "x", "currency": {"code": "GBP"}}""")] // no customer
    [InlineData("""{"customer": {"id": 99}, "currency": {"code": "GBP"}}""")] // not a contact
    [InlineData("""{"customer": {"id": 207}}""")] // no currency
    [InlineData("""{"customer": {"id": 207}, "currency": {"code": "pounds"}}""")]
    [InlineData("""{"customer": {"id": 207}, "currency": {"code": "GBP"}, "placedOn": "01/03/2024"}""")]
    [InlineData("""{"customer": {"id": 207}, "currency": {"code": "GBP"}, "rows": [{"productId": 5, "quantity": 1}]}""")]
    [InlineData("""{"customer": {"id": 207}, "currency": {"code": "GBP"}, "rows": [{"productId": 1077, "quantity": 0}]}""")]
    [InlineData("""[{"customer": {"id": 207}, "currency": {"code": "GBP"}}]""")]
    public async Task A_bad_sales_order_is_400_and_creates_nothing(string json)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new BrightpearlApi(orderCount: 10)]);
        using var client = TestApiClient.For(server);

        var (response, body) = await client.SendJsonAsync(Post(json));
        var (_, search) = await client.SendJsonAsync(TestApiClient.Get($"{Api}/order-service/order-search", App));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![0]!["message"]);
        Assert.Equal(10, search!["response"]!["metaData"]!["resultsAvailable"]!.GetValue<int>());
    }

    private static HttpRequestMessage Post(string json) =>
        TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Api}/order-service/sales-order")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, App);
}
