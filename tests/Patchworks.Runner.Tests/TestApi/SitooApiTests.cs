using System.Net;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// The Sitoo stand-in, as Sitoo documents REST API v2: Basic credentials of an API user of the account in the path,
/// start/num paging with at most 100 a page and {totalcount, items}, the {statuscode, errortext} error shape, orders
/// newest first unless sorted, and warehouse transactions that move stock, answered with a bare id or a batch envelope.
/// </summary>
public sealed class SitooApiTests
{
    private const string Account = "https://" + SitooApi.TestHost + "/v2/accounts/" + SitooApi.TestAccountNo;
    private static readonly (string, string) Credentials = Basic(SitooApi.TestApiId, SitooApi.TestPassword);

    private static (string, string) Basic(string id, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + password)));

    [Fact]
    public async Task Walking_start_and_num_yields_every_product_once_and_a_start_past_the_end_is_an_empty_page_with_the_total()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi(productCount: 230)]);
        using var client = TestApiClient.For(server);
        var skus = new List<string>();
        for (var start = 0; start < 300; start += 100)
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json?start={start}&num=100", Credentials));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(230, json!["totalcount"]!.GetValue<int>());
            skus.AddRange(json["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()));
        }
        var (_, past) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json?start=230&num=100", Credentials));
        var (_, byDefault) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json", Credentials));
        var (_, fields) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json?num=2&fields=productid,sku", Credentials));

        Assert.Equal(Enumerable.Range(1, 230).Select(SitooApi.Sku), skus);
        Assert.Empty(past!["items"]!.AsArray());
        Assert.Equal(230, past["totalcount"]!.GetValue<int>());
        Assert.Equal(SitooApi.DefaultNum, byDefault!["items"]!.AsArray().Count);
        Assert.Equal(["productid", "sku"], fields!["items"]![0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Wrong_missing_or_foreign_credentials_are_401_and_an_unknown_account_site_or_warehouse_is_404_in_sitoos_error_shape()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        using var client = TestApiClient.For(server);

        var (missing, missingBody) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json"));
        var (wrong, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json", Basic(SitooApi.TestApiId, "nope")));
        // The live account's API user, on the sandbox account's path.
        var (foreign, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json", Basic(SitooApi.LiveApiId, SitooApi.LivePassword)));
        // The live account is on another data centre's host: not found on the sandbox host.
        var (otherHost, _) = await client.SendJsonAsync(TestApiClient.Get($"https://{SitooApi.TestHost}/v2/accounts/{SitooApi.LiveAccountNo}/sites/1/products.json", Basic(SitooApi.LiveApiId, SitooApi.LivePassword)));
        var (site, siteBody) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/9/products.json", Credentials));
        var (warehouse, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/warehouses/77/warehouseitems.json", Credentials));
        var (live, _) = await client.SendJsonAsync(TestApiClient.Get($"https://{SitooApi.LiveHost}/v2/accounts/{SitooApi.LiveAccountNo}/sites/1.json", Basic(SitooApi.LiveApiId, SitooApi.LivePassword)));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(401, missingBody!["statuscode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(missingBody["errortext"]!.GetValue<string>()));
        Assert.Equal("Basic", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherHost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, site.StatusCode);
        Assert.Equal(404, siteBody!["statuscode"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, warehouse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory]
    [InlineData("num=101")]
    [InlineData("num=1000")]
    [InlineData("num=0")]
    [InlineData("num=ten")]
    [InlineData("start=-1")]
    [InlineData("fields=productid,colour")]
    public async Task A_num_over_100_or_a_bad_start_num_or_field_is_400(string query)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        using var client = TestApiClient.For(server);

        var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/sites/1/products.json?{query}", Credentials));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, json!["statuscode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Orders_are_newest_first_unless_sorted_and_filter_by_site_and_unix_order_date()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi(orderCount: 40)]);
        using var client = TestApiClient.For(server);

        var (_, unsorted) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?num=3", Credentials));
        var (_, sorted) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?num=3&sort=orderid", Credentials));
        // Orders 20 to 30 by date; of them the odd ones are on site 1.
        var from = SitooApi.OrderDate(20);
        var to = SitooApi.OrderDate(30);
        var (_, window) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?eshopid=1&orderdatefrom={from}&orderdateto={to}&sort=orderid&num=100", Credentials));
        // Order n is cancelled (20) when n is a multiple of 11, else open (0) when a multiple of 7, else closed (10).
        var (_, openOrCancelled) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?orderstate=0,20&sort=orderid&num=100", Credentials));
        var (badState, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?orderstate=5", Credentials));
        var (badSort, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?sort=colour", Credentials));
        var (badDate, _) = await client.SendJsonAsync(TestApiClient.Get($"{Account}/orders.json?orderdatefrom=2024-03-01", Credentials));

        Assert.Equal([10040, 10039, 10038], unsorted!["items"]!.AsArray().Select(o => o!["orderid"]!.GetValue<int>()));
        Assert.Equal([10001, 10002, 10003], sorted!["items"]!.AsArray().Select(o => o!["orderid"]!.GetValue<int>()));
        Assert.Equal(40, sorted["totalcount"]!.GetValue<int>());
        Assert.Equal([10021, 10023, 10025, 10027, 10029], window!["items"]!.AsArray().Select(o => o!["orderid"]!.GetValue<int>()));
        Assert.Equal(5, window["totalcount"]!.GetValue<int>());
        Assert.Equal([10007, 10011, 10014, 10021, 10022, 10028, 10033, 10035], openOrCancelled!["items"]!.AsArray().Select(o => o!["orderid"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }

    [Fact]
    public async Task Warehouse_items_filter_by_skus_and_by_the_date_their_stock_last_changed()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi(productCount: 100)]);
        using var client = TestApiClient.For(server);
        const string Items = Account + "/sites/1/warehouses/1/warehouseitems.json";

        var (_, bySku) = await client.SendJsonAsync(TestApiClient.Get($"{Items}?sku=SK-00077,SK-00003,NO-SUCH", Credentials));
        // Item n changed at Epoch + n × 10 minutes: from item 95 on.
        var (_, since) = await client.SendJsonAsync(TestApiClient.Get($"{Items}?datelastmodifiedfrom={SitooApi.Epoch + 95 * 600}", Credentials));
        var (bad, _) = await client.SendJsonAsync(TestApiClient.Get($"{Items}?datelastmodifiedfrom=yesterday", Credentials));

        Assert.Equal(["SK-00003", "SK-00077"], bySku!["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Equal(2, bySku["totalcount"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(95, 6).Select(SitooApi.Sku), since!["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Warehouse_transactions_move_stock_and_answer_an_id_for_one_and_a_batch_envelope_for_several()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        using var client = TestApiClient.For(server);
        const string Items = Account + "/sites/1/warehouses/1/warehouseitems.json?start=76&num=1";
        var (_, before) = await client.SendJsonAsync(TestApiClient.Get(Items, Credentials));

        var (one, oneBody) = await client.SendJsonAsync(Post("""[{"warehouseid": 1, "transactiontype": 10, "items": [{"sku": "SK-00077", "decimalquantity": "12.000"}]}]"""));
        var (several, severalBody) = await client.SendJsonAsync(Post("""
            [{"warehouseid": 1, "transactiontype": 20, "items": [{"sku": "SK-00077", "decimalquantity": "-2.000"}]},
             {"warehouseid": 2, "transactiontype": 10, "items": [{"sku": "SK-00077", "decimalquantity": "1"}]}]
            """));
        var (_, after) = await client.SendJsonAsync(TestApiClient.Get(Items, Credentials));

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.True(oneBody!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.OK, several.StatusCode);
        var envelope = severalBody!.AsArray();
        Assert.Equal(2, envelope.Count);
        Assert.All(envelope, e => Assert.Equal(200, e!["statuscode"]!.GetValue<int>()));
        Assert.Equal(2, envelope.Select(e => e!["return"]!.GetValue<int>()).Distinct().Count());
        Assert.Equal("SK-00077", before!["items"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal(decimal.Parse(before["items"]![0]!["decimaltotal"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 10m,
            decimal.Parse(after!["items"]![0]!["decimaltotal"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"warehouseid": 1, "transactiontype": 10, "items": [{"sku": "SK-00077", "decimalquantity": "1"}]}""")] // not an array
    [InlineData("""[]""")]
    [InlineData("""[{"warehouseid": 1, "transactiontype": 50, "items": [{"sku": "SK-00077", "decimalquantity": "1"}]}]""")] // stocktaking: the POS's own
    [InlineData("""[{"warehouseid": 9, "transactiontype": 10, "items": [{"sku": "SK-00077", "decimalquantity": "1"}]}]""")]
    [InlineData("""[{"warehouseid": 1, "transactiontype": 10, "items": [{"sku": "NO-SUCH", "decimalquantity": "1"}]}]""")]
    [InlineData("""[{"warehouseid": 1, "transactiontype": 10, "items": [{"sku": "SK-00077", "decimalquantity": "-1"}]}]""")] // in with a negative quantity
    [InlineData("""[{"warehouseid": 1, "transactiontype": 10, "items": []}]""")]
    public async Task A_bad_warehouse_transaction_is_400_and_writes_nothing(string body)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        using var client = TestApiClient.For(server);
        const string Items = Account + "/sites/1/warehouses/1/warehouseitems.json?start=76&num=1";
        var (_, before) = await client.SendJsonAsync(TestApiClient.Get(Items, Credentials));

        var (response, json) = await client.SendJsonAsync(Post(body));
        var (_, after) = await client.SendJsonAsync(TestApiClient.Get(Items, Credentials));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, json!["statuscode"]!.GetValue<int>());
        Assert.Equal(before!["items"]![0]!["decimaltotal"]!.ToJsonString(), after!["items"]![0]!["decimaltotal"]!.ToJsonString());
    }

    [Fact]
    public async Task More_than_1000_items_in_one_request_are_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi()]);
        using var client = TestApiClient.For(server);
        var items = string.Join(",", Enumerable.Range(1, SitooApi.MaxTransactionItems + 1).Select(n => $$"""{"sku": "{{SitooApi.Sku(n % 200 + 1)}}", "decimalquantity": "1"}"""));

        var (response, json) = await client.SendJsonAsync(Post($$"""[{"warehouseid": 1, "transactiontype": 10, "items": [{{items}}]}]"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1000", json!["errortext"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_requests_in_a_second_are_429_until_the_second_is_over()
    {
        var clock = new ManualClock();
        await using var server = await TestApiServer.StartAsync(apis: [new SitooApi(requestsPerSecond: 3, time: clock)]);
        using var client = TestApiClient.For(server);
        var url = $"{Account}/sites/1.json";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.SendJsonAsync(TestApiClient.Get(url, Credentials))).Response.StatusCode);
        }
        var (limited, body) = await client.SendJsonAsync(TestApiClient.Get(url, Credentials));
        clock.Advance(TimeSpan.FromSeconds(1));
        var (again, _) = await client.SendJsonAsync(TestApiClient.Get(url, Credentials));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(429, body!["statuscode"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static HttpRequestMessage Post(string json) =>
        TestApiClient.With(new HttpRequestMessage(HttpMethod.Post, $"{Account}/sites/1/warehousetransactions.json")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        }, Credentials);
}
