using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The test server itself: real HTTPS on 127.0.0.1 under the real host names, trusted only through its root.</summary>
public sealed class TestApiServerTests
{
    [Fact]
    public async Task Serves_a_sample_host_over_https_with_a_certificate_for_that_name()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = TestApiClient.For(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://www.acme-outdoor.co.uk/wp-json/wc/v3/products?per_page=100&page=3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WooCommerceApi.ConsumerKey}:{WooCommerceApi.ConsumerSecret}")));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("X-WP-TotalPages").Single());
        Assert.Contains("\"id\":201", await response.Content.ReadAsStringAsync());
        Assert.Equal("/wp-json/wc/v3/products?per_page=100&page=3", server.Log.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task The_sample_instances_woocommerce_keys_are_accepted()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi()]);
        using var client = TestApiClient.For(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://staging.acme-outdoor.co.uk/wp-json/wc/v3/customers?per_page=100");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WooCommerceApi.StagingConsumerKey}:{SampleSecrets.EnvironmentVariables["WOOCOMMERCE_STAGING_CONSUMER_SECRET"]}")));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("75", response.Headers.GetValues("X-WP-Total").Single());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_root_is_refused()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = TestApiClient.For(server, trustRoot: false);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://www.acme-outdoor.co.uk/wp-json/wc/v3/products"));

        Assert.Contains("SSL", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_credentials_get_woocommerce_s_401()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = TestApiClient.For(server);

        using var response = await client.GetAsync("https://www.acme-outdoor.co.uk/wp-json/wc/v3/products");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("woocommerce_rest_cannot_view", await response.Content.ReadAsStringAsync());
    }
}
