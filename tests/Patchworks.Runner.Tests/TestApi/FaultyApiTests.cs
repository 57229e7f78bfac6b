using System.Net;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>Injected failures in a real sample API: the planned requests fail, the others are served unchanged.</summary>
public sealed class FaultyApiTests
{
    private const string Offers = "https://acme-preprod.mirakl.net/api/offers?max=100";
    private static readonly (string, string) Key = ("Authorization", MiraklApi.ApiKey);

    [Fact]
    public async Task The_planned_request_fails_with_retry_after_and_the_same_page_then_succeeds()
    {
        var api = new FaultyApi(new MiraklApi(offerCount: 250), new FaultPlan(503, new HashSet<int> { 2 }, RetryAfterSeconds: 1));
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);

        var (first, _) = await client.SendJsonAsync(TestApiClient.Get($"{Offers}&offset=0", Key));
        var (failed, error) = await client.SendJsonAsync(TestApiClient.Get($"{Offers}&offset=100", Key));
        var (retried, page) = await client.SendJsonAsync(TestApiClient.Get($"{Offers}&offset=100", Key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("1", failed.Headers.GetValues("Retry-After").Single());
        Assert.Equal(503, error!["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(101, page!["offers"]![0]!["offer_id"]!.GetValue<int>());
        Assert.Equal(3, api.Requests);
    }

    [Fact]
    public async Task Status_zero_drops_the_connection_without_an_answer()
    {
        var api = new FaultyApi(new MiraklApi(), new FaultPlan(0, new HashSet<int> { 1 }));
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"{Offers}&offset=0"));
        var (again, _) = await client.SendJsonAsync(TestApiClient.Get($"{Offers}&offset=0", Key));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
