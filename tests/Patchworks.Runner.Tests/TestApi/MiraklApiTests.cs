using System.Net;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The Mirakl stand-in: the bare API key, max/offset paging with total_count, shop_id, OR21.</summary>
public sealed class MiraklApiTests
{
    private const string Instance = "https://acme-preprod.mirakl.net";
    private static readonly (string, string) Key = ("Authorization", MiraklApi.ApiKey);

    [Fact]
    public async Task Walking_max_and_offset_yields_every_offer_once_and_in_order()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new MiraklApi(offerCount: 345)]);
        using var client = TestApiClient.For(server);
        var ids = new List<int>();
        int total;
        do
        {
            var (response, json) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/offers?shop_id=&max=100&offset={ids.Count}", Key));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(json!["offers"]!.AsArray().Select(o => o!["offer_id"]!.GetValue<int>()));
            total = json["total_count"]!.GetValue<int>();
        }
        while (ids.Count < total);

        Assert.Equal(Enumerable.Range(1, 345), ids);
    }

    [Fact]
    public async Task Order_states_filter_before_paging_and_the_default_page_is_ten()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new MiraklApi(orderCount: 150)]);
        using var client = TestApiClient.For(server);

        var (_, waiting) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/orders?order_state_codes=WAITING_ACCEPTANCE&max=100&offset=0", Key));
        var (_, defaults) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/orders", Key));

        Assert.Equal(37, waiting!["total_count"]!.GetValue<int>());
        Assert.All(waiting["orders"]!.AsArray(), o => Assert.Equal("WAITING_ACCEPTANCE", o!["order_state"]!.GetValue<string>()));
        Assert.Equal(10, defaults!["orders"]!.AsArray().Count);
        Assert.Equal(150, defaults["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_key_a_bearer_prefix_a_foreign_shop_and_an_oversized_page_are_refused()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new MiraklApi()]);
        using var client = TestApiClient.For(server);

        var (wrong, body) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/account", ("Authorization", "nope")));
        var (bearer, _) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/account", ("Authorization", "Bearer " + MiraklApi.ApiKey)));
        var (foreign, _) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/offers?shop_id=9999", Key));
        var (oversized, _) = await client.SendJsonAsync(TestApiClient.Get($"{Instance}/api/offers?max=101", Key));
        var (account, shop) = await client.SendJsonAsync(TestApiClient.Get("https://acme-prod.mirakl.net/api/account?shop_id=2041", Key));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(401, body!["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Equal(2041, shop!["shop_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Accepting_the_sample_order_answers_204_and_an_unknown_order_404()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new MiraklApi()]);
        using var client = TestApiClient.For(server);
        HttpRequestMessage Accept(string order) => TestApiClient.With(new HttpRequestMessage(HttpMethod.Put, $"{Instance}/api/orders/{order}/accept")
        {
            Content = new StringContent("{\"order_lines\":[{\"accepted\":true,\"id\":\"x\"}]}", Encoding.UTF8, "application/json"),
        }, Key);

        using var accepted = await client.SendAsync(Accept(MiraklApi.SampleOrderId));
        using var unknown = await client.SendAsync(Accept("ACME-9999999-A"));

        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
