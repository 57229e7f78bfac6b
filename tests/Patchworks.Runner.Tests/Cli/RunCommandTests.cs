using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>patchworks run, the real command in its own process, against the test APIs.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private string[] Args(TestApiServer server, params string[] extra)
    {
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var sample = Repository.Sample("woocommerce");
        return
        [
            "run", Path.Combine(sample, "woocommerce.connector.json"), "list-products", "--instance", Path.Combine(sample, "staging.instance.json"),
            "--connect-to", $"*:443:127.0.0.1:{server.Port}", "--ca-cert", ca, .. extra,
        ];
    }

    private static Dictionary<string, string> Secret(string value) => new() { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = value };

    [Fact]
    public async Task Runs_the_sample_prints_each_page_and_saves_the_run_without_the_secret()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 120)]);
        var saved = _folder.PathOf("run.json");

        var result = CliProcess.Run(_folder.Root, Secret(WooCommerceApi.ConsumerSecret), Args(server, "--out", saved));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  page 1   GET https://staging.acme-outdoor.co.uk/wp-json/wc/v3/products?page=1&per_page=100 → 200 OK,", StringComparison.Ordinal) && l.EndsWith(", 100 records", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  page 2 ", StringComparison.Ordinal) && l.EndsWith(", 20 records", StringComparison.Ordinal));
        Assert.Contains("Last page: page 2 is the last of 2.", result.StdoutLines);
        Assert.Contains("patchworks: Page 2: 200, 20 records", result.StderrLines);
        var run = JsonNode.Parse(File.ReadAllText(saved))!["run"]!;
        Assert.Equal(120, run["records"]!.GetValue<int>());
        Assert.Equal("completed", run["stop"]!.GetValue<string>());
        Assert.DoesNotContain(WooCommerceApi.ConsumerSecret, result.AllOutput + File.ReadAllText(saved), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_format_prints_the_run_and_a_refused_secret_exits_1()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi()]);

        var result = CliProcess.Run(_folder.Root, Secret("cs_not_the_right_one"), Args(server, "--format", "json", "--quiet"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var run = JsonNode.Parse(result.Stdout)!["run"]!;
        Assert.Equal("httpError", run["stop"]!.GetValue<string>());
        Assert.Equal(401, run["pages"]![0]!["exchange"]!["response"]!["status"]!.GetValue<int>());
        Assert.DoesNotContain("cs_not_the_right_one", result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_endpoint_or_a_bad_connect_to_is_a_usage_error()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi()]);
        var args = Args(server);
        args[2] = "no-such-endpoint";

        var unknown = CliProcess.Run(_folder.Root, Secret("x"), args);
        var badConnectTo = CliProcess.Run(_folder.Root, Secret("x"), [.. Args(server)[..^4], "--connect-to", "nonsense"]);

        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("patchworks: The connector has no endpoint \"no-such-endpoint\". Endpoints: list-products,", unknown.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(2, badConnectTo.ExitCode);
        Assert.Equal("patchworks: --connect-to: \"nonsense\" is not HOST:PORT:TARGET_HOST:TARGET_PORT (for example *:443:127.0.0.1:8443).", badConnectTo.StderrLines[^1]);
    }

    [Fact]
    public async Task A_graphql_error_in_a_200_exits_1_and_shows_the_api_s_message()
    {
        // Shopify's GraphQL bucket of 300 points, restored at 1 a second: the second page (cost 252) is THROTTLED
        // in a 200 and would need about 200 s, more than the runner waits.
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi(graphQlBucketSize: 300, graphQlRestorePerSecond: 1)]);
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var sample = Repository.Sample("shopify");
        var saved = _folder.PathOf("run.json");

        var result = CliProcess.Run(_folder.Root, new Dictionary<string, string> { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken },
            "run", Path.Combine(sample, "shopify.connector.json"), "list-product-variants-graphql", "--instance", Path.Combine(sample, "uk-test.instance.json"),
            "--connect-to", $"*:443:127.0.0.1:{server.Port}", "--ca-cert", ca, "--out", saved);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Page 2: 200 OK, but the API answered with errors and no data: Throttled (the API asks to wait ", StringComparison.Ordinal));
        var run = JsonNode.Parse(File.ReadAllText(saved))!["run"]!;
        Assert.Equal("apiError", run["stop"]!.GetValue<string>());
        Assert.Equal(250, run["records"]!.GetValue<int>());
        Assert.DoesNotContain(ShopifyApi.AccessToken, result.AllOutput + File.ReadAllText(saved), StringComparison.Ordinal);
    }
}
