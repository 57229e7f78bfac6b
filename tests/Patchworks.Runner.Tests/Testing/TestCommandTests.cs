using System.Text.Json.Nodes;
using System.Xml.Linq;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Testing;

/// <summary>
/// The real `patchworks test` process against the Shopify test API over real sockets: the sample's tests pass, a
/// failing expectation fails with its line and column, JUnit XML counts right, a tests file with an error runs
/// nothing, and the access token appears in no output or report.
/// </summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Dictionary<string, string> Secrets = new() { ["SHOPIFY_UK_DEV_ACCESS_TOKEN"] = ShopifyApi.AccessToken };

    private CliResult Test(TestApiServer server, params string[] args) => _folder.Run(Secrets,
        ["test", .. args, "--connect-to", server.ConnectTo, "--ca-cert", _folder.Write("ca.pem", server.RootCertificatePem), "--quiet"]);

    private const string Failing = """
        {
          "connector": "shopify.connector.json",
          "instance": "uk-test.instance.json",
          "endpoints": {
            "list-products": {
              "too few socks": {
                "expect": {
                  "status": 200,
                  "records": { "min": 1000 },
                }
              },
              "any socks": { "expect": { "records": { "min": 1 } } },
            }
          }
        }
        """;

    [Fact]
    public async Task The_shopify_samples_tests_pass()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");

        var result = Test(server, "shopify");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.StdoutLines.Count(l => l.StartsWith("pass ", StringComparison.Ordinal)));
        Assert.Contains("Tests: 3 passed, 0 failed (3 cases", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ShopifyApi.AccessToken, result.AllOutput, StringComparison.Ordinal);
        Assert.NotEmpty(server.Log.Requests);
    }

    [Fact]
    public async Task Recorded_once_the_cases_replay_with_no_network_and_no_credentials_and_the_two_modes_together_are_refused()
    {
        var sample = _folder.CopySample("shopify");
        var recordings = Path.Combine(sample, "recordings");
        Directory.Delete(recordings, recursive: true); // the sample's own, so what replays is what this test recorded
        CliResult recorded;
        await using (var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]))
        {
            recorded = Test(server, "shopify", "--record");
        }

        // No server, every host sent to a closed port, no token in the environment.
        var replayed = _folder.Run(new Dictionary<string, string>(), ["test", "shopify", "--replay", "--quiet", "--connect-to", "*:443:127.0.0.1:1"]);
        var both = _folder.Run(Secrets, ["test", "shopify", "--record", "--replay"]);

        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        var files = Directory.GetFiles(recordings, "*.json", SearchOption.AllDirectories);
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.DoesNotContain(ShopifyApi.AccessToken, File.ReadAllText(f), StringComparison.Ordinal));
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Contains("Tests: 3 passed, 0 failed (3 cases", replayed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--record and --replay exclude each other", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_expectation_exits_1_naming_it_and_where_it_is_written()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        _folder.Write("shopify/failing.tests.json", Failing);
        var (line, column) = _folder.PositionOf("shopify/failing.tests.json", "\"min\": 1000");

        var result = Test(server, "shopify/failing.tests.json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("FAIL    failing/list-products/too few socks", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("pass    failing/list-products/any socks", StringComparison.Ordinal));
        Assert.Contains($"  shopify/failing.tests.json:{line}:{column}: records.min", result.StdoutLines);
        Assert.Contains("    expected: at least 1000", result.StdoutLines);
        Assert.Contains("    actual:   120", result.StdoutLines);
        Assert.Contains("Tests: 1 passed, 1 failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ShopifyApi.AccessToken, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JUnit_xml_parses_and_counts_suites_cases_and_failures()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        _folder.Write("shopify/failing.tests.json", Failing);
        var report = _folder.PathOf("junit.xml");

        var result = Test(server, "shopify", "--reporter", "junit", "--out", report);

        Assert.True(result.ExitCode == 1, result.ToString());
        var xml = XDocument.Load(report);
        var root = xml.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(("5", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!));
        var suites = root.Elements("testsuite").ToDictionary(s => (string)s.Attribute("name")!);
        Assert.Equal(["failing", "shopify"], suites.Keys.Order());
        Assert.Equal(("2", "1"), ((string)suites["failing"].Attribute("tests")!, (string)suites["failing"].Attribute("failures")!));
        Assert.Equal(("3", "0"), ((string)suites["shopify"].Attribute("tests")!, (string)suites["shopify"].Attribute("failures")!));
        var failed = Assert.Single(root.Descendants("testcase"), c => c.Element("failure") is not null);
        Assert.Equal(("failing.list-products", "too few socks"), ((string)failed.Attribute("classname")!, (string)failed.Attribute("name")!));
        Assert.StartsWith("records.min: expected at least 1000, got 120", (string)failed.Element("failure")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal(5, root.Descendants("testcase").Count());
        // The text summary still goes to stdout for the log.
        Assert.Contains("Tests: 4 passed, 1 failed", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ShopifyApi.AccessToken, File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_report_lists_each_case_and_failure_with_its_position()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        _folder.Write("shopify/failing.tests.json", Failing);
        var (line, column) = _folder.PositionOf("shopify/failing.tests.json", "\"min\": 1000");

        var result = Test(server, "shopify/failing.tests.json", "--reporter", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.Equal((1, 1), (report["passed"]!.GetValue<int>(), report["failed"]!.GetValue<int>()));
        var failure = report["cases"]![0]!["failures"]![0]!;
        Assert.Equal("records.min", failure["expectation"]!.GetValue<string>());
        Assert.Equal((line, column), (failure["line"]!.GetValue<int>(), failure["column"]!.GetValue<int>()));
        Assert.Equal(120, report["cases"]![0]!["records"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sarif_locates_each_failure_at_its_expectation()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        _folder.Write("shopify/failing.tests.json", Failing);
        var (line, column) = _folder.PositionOf("shopify/failing.tests.json", "\"min\": 1000");

        var result = Test(server, "shopify/failing.tests.json", "--reporter", "sarif");

        Assert.True(result.ExitCode == 1, result.ToString());
        var sarif = JsonNode.Parse(result.Stdout)!;
        var only = Assert.Single(sarif["runs"]![0]!["results"]!.AsArray());
        var location = only!["locations"]![0]!["physicalLocation"]!;
        Assert.Equal("shopify/failing.tests.json", location["artifactLocation"]!["uri"]!.GetValue<string>());
        Assert.Equal((line, column), (location["region"]!["startLine"]!.GetValue<int>(), location["region"]!["startColumn"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_tests_file_with_an_error_exits_2_and_runs_nothing()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        _folder.Replace("shopify/shopify.tests.json", "\"list-customers-since-id\": {", "\"list-customer-since-id\": {");
        var (line, column) = _folder.PositionOf("shopify/shopify.tests.json", "\"list-customer-since-id\"");

        var result = Test(server, "shopify");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"shopify/shopify.tests.json:{line}:{column}: error PW7002: The connector has no endpoint \"list-customer-since-id\". Did you mean \"list-customers-since-id\"?", result.StderrLines);
        Assert.Empty(server.Log.Requests);
    }

    [Fact]
    public async Task The_filter_runs_only_the_matching_cases()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");

        var result = Test(server, "shopify", "--filter", "shopify/LIST-PRODUCTS/*");
        var none = Test(server, "shopify", "--filter", "*/no-such-endpoint/*");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["pass    shopify/list-products/active socks", "pass    shopify/list-products/boots, any status"],
            result.StdoutLines.Where(l => l.StartsWith("pass", StringComparison.Ordinal)).Select(l => l[..l.IndexOf("  ", 8, StringComparison.Ordinal)]));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no case matches --filter", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_cannot_connect_is_a_failed_case_with_its_stop_message()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);

        // Port 1 on the loopback: nothing listens there, the connection is refused; the case expects "completed".
        var result = _folder.Run(Secrets, "test", "shopify", "--filter", "*/active socks", "--connect-to", "*:443:127.0.0.1:1", "--ca-cert", ca, "--quiet");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("    actual:   networkError (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_instance_option_replaces_every_cases_instance()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new ShopifyApi()]);
        _folder.CopySample("shopify");
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var environment = new Dictionary<string, string> { ["PATCHWORKS_SECRET_SHOPIFY_UK_ACCESS_TOKEN"] = ShopifyApi.AccessToken };

        var result = _folder.Run(environment, "test", "shopify", "--filter", "*/list-customers-since-id/*", "--instance", "shopify/uk-live.instance.json",
            "--connect-to", server.ConnectTo, "--ca-cert", ca, "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(server.Log.Requests, r => Assert.Equal("acme-uk.myshopify.com", r.Host));
        Assert.DoesNotContain(ShopifyApi.AccessToken, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connector_outside_the_workspace_root_is_refused_and_nothing_runs()
    {
        _folder.CopySample("shopify");
        _folder.Write("work/outside.tests.json", Failing.Replace("\"shopify.connector.json\"", "\"../shopify/shopify.connector.json\"", StringComparison.Ordinal));
        var (line, column) = _folder.PositionOf("work/outside.tests.json", "\"../shopify/shopify.connector.json\"");

        var result = _folder.Run("test", "work", "--root", "work");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.StderrLines, l => l.StartsWith($"work/outside.tests.json:{line}:{column}: error PW4008: ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_reporter_is_bad_usage()
    {
        _folder.CopySample("shopify");

        var result = _folder.Run("test", "shopify", "--reporter", "xml");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void No_tests_files_is_bad_usage()
    {
        _folder.Write("empty/readme.txt", "nothing here");

        var result = _folder.Run("test", "empty");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no tests files (*.tests.json) found in empty", result.Stderr, StringComparison.Ordinal);
    }
}
