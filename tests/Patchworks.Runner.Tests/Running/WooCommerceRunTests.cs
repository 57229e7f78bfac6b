using System.Text;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>The WooCommerce sample, unchanged, against the local WooCommerce: basic auth and page numbers with X-WP-TotalPages.</summary>
public sealed class WooCommerceRunTests
{
    private static readonly Dictionary<string, string> Secrets = new() { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = WooCommerceApi.ConsumerSecret };

    [Fact]
    public async Task Every_product_arrives_once_and_in_order_and_the_total_pages_header_ends_the_run()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 250)]);

        var result = await Runs.SampleAsync("woocommerce", "list-products", "staging.instance.json", Runs.OptionsFor(server, Secrets));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal("Last page: page 3 is the last of 3.", result.StopMessage);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), Runs.Ids(result, ""));
        Assert.Equal([100, 100, 50], result.Pages.Select(p => p.Records ?? -1));
        Assert.Equal(250, result.Records);
        Assert.Equal(3, result.Requests);
        Assert.Equal(["/wp-json/wc/v3/products?page=1&per_page=100", "/wp-json/wc/v3/products?page=2&per_page=100", "/wp-json/wc/v3/products?page=3&per_page=100"],
            server.Log.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Log.Requests, r => Assert.Equal("staging.acme-outdoor.co.uk", r.Host));
    }

    [Fact]
    public async Task The_secret_reaches_the_api_but_appears_nowhere_in_the_saved_run()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 5)]);

        var result = await Runs.SampleAsync("woocommerce", "list-products", "staging.instance.json", Runs.OptionsFor(server, Secrets));
        var saved = RunResultJson.Write(result);

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WooCommerceApi.ConsumerKey}:{WooCommerceApi.ConsumerSecret}"));
        Assert.Equal($"Basic {basic}", server.Log.Requests.Single().Headers["Authorization"]);
        Assert.DoesNotContain(WooCommerceApi.ConsumerSecret, saved, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, saved, StringComparison.Ordinal);
        Assert.Contains("\"value\": \"Basic ••••••\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_ends_the_run_with_the_api_s_401_and_its_body()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi()]);
        var wrong = new Dictionary<string, string> { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = "cs_wrong_0123456789" };

        var result = await Runs.SampleAsync("woocommerce", "list-products", "staging.instance.json", Runs.OptionsFor(server, wrong));

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.False(result.Succeeded);
        Assert.Equal("Page 1: 401 Unauthorized. The response body is in the result.", result.StopMessage);
        var response = Assert.Single(result.Pages).Exchange.Response!;
        Assert.Equal("woocommerce_rest_cannot_view", response.Json!.Parse()!["code"]!.GetValue<string>());
        Assert.DoesNotContain("cs_wrong_0123456789", RunResultJson.Write(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_pages_stops_early_and_says_there_is_more()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 250)]);
        var options = Runs.OptionsFor(server, Secrets, maxPages: 2);

        var result = await Runs.SampleAsync("woocommerce", "list-products", "staging.instance.json", options);

        Assert.Equal(StopReason.MaxPages, result.Stop);
        Assert.Equal(RunOutcome.Stopped, result.Outcome); // a limit is not proof of the end
        Assert.False(result.Succeeded);
        Assert.Equal("Stopped after 2 pages (the limit; there are more: page 3).", result.StopMessage);
        Assert.Equal(200, result.Records);
    }
}
