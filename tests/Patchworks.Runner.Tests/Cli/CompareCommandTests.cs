using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>patchworks compare, the real command in its own process, on runs saved by the real patchworks run.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SavedRun(TestApiServer server, string name)
    {
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var sample = Repository.Sample("woocommerce");
        var saved = _folder.PathOf(name);
        var result = CliProcess.Run(_folder.Root, new Dictionary<string, string> { ["WOOCOMMERCE_STAGING_CONSUMER_SECRET"] = WooCommerceApi.ConsumerSecret },
            "run", Path.Combine(sample, "woocommerce.connector.json"), "list-products", "--instance", Path.Combine(sample, "staging.instance.json"),
            "--connect-to", $"*:443:127.0.0.1:{server.Port}", "--ca-cert", ca, "--out", saved, "--quiet");
        Assert.True(result.ExitCode == 0, result.ToString());
        return saved;
    }

    [Fact]
    public async Task Records_removed_and_a_field_whose_type_changed_are_listed_and_exit_1_while_a_run_against_itself_is_the_same()
    {
        string before, after;
        await using (var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 120)]))
        {
            before = SavedRun(server, "before.json");
        }
        await using (var server = await TestApiServer.StartAsync(apis: [new WooCommerceApi(productCount: 110)]))
        {
            after = SavedRun(server, "after.json");
        }
        // The later run's first product has its price as a number instead of a string.
        var run = JsonNode.Parse(File.ReadAllText(after))!;
        run["run"]!["pages"]![0]!["exchange"]!["response"]!["json"]![0]!["price"] = 1.25;
        File.WriteAllText(after, run.ToJsonString());

        var differ = CliProcess.Run(_folder.Root, "compare", before, after);
        var same = CliProcess.Run(_folder.Root, "compare", before, before);
        var json = CliProcess.Run(_folder.Root, "compare", before, after, "--format", "json");

        Assert.True(differ.ExitCode == 1, differ.ToString());
        Assert.Contains("Records matched by \"id\": 0 added, 10 removed, 1 changed, 109 the same.", differ.StdoutLines);
        Assert.Contains("  ~ price: string → number | string", differ.StdoutLines);
        Assert.Contains(differ.StdoutLines, l => l.StartsWith("  - {\"id\":111,", StringComparison.Ordinal));
        Assert.Contains(differ.StdoutLines, l => l.StartsWith("records             120          110", StringComparison.Ordinal));
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("The runs' records are the same.", same.StdoutLines);
        var comparison = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(10, comparison["removed"]!.GetValue<int>());
        Assert.Equal(2, comparison["previous"]!["pages"]!.GetValue<int>());
    }

    [Fact]
    public void A_file_that_is_not_a_saved_run_or_is_missing_exits_2_naming_it()
    {
        var notRun = _folder.Write("records.json", "[{\"id\": 1}]");
        var broken = _folder.Write("broken.json", "{\"run\": {\"pages\": ");

        var a = CliProcess.Run(_folder.Root, "compare", notRun, notRun);
        var b = CliProcess.Run(_folder.Root, "compare", broken, notRun);
        var c = CliProcess.Run(_folder.Root, "compare", _folder.PathOf("missing.json"), notRun);

        Assert.Equal(2, a.ExitCode);
        Assert.Contains("records.json: not a saved run: it has no \"pages\" array", a.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, b.ExitCode);
        Assert.Contains("broken.json: not JSON", b.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, c.ExitCode);
        Assert.Contains("missing.json: no such file", c.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", a.AllOutput + b.AllOutput + c.AllOutput, StringComparison.Ordinal);
    }
}
