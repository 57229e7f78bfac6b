using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Publishing;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Publishing.Tests;

/// <summary>patchworks publish, the real command in its own process (credentials in its environment only), against the strict Core API stand-in.</summary>
public sealed class PublishCommandTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private string[] Args(TestApiServer server, params string[] extra)
    {
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var connector = Path.Combine(_folder.Root, "shopify", "shopify.connector.json");
        if (!File.Exists(connector))
        {
            _folder.CopySample("shopify");
        }
        return ["publish", connector, "--api-url", DocumentedCoreApi.BaseUrl, "--connect-to", server.ConnectTo, "--ca-cert", ca, .. extra];
    }

    private static readonly Dictionary<string, string> Key = new() { [CoreApiCredentials.ApiKeyVariable] = DocumentedCoreApi.ApiKey };
    private static readonly Dictionary<string, string> Login = new() { [CoreApiCredentials.UsernameVariable] = DocumentedCoreApi.Username, [CoreApiCredentials.PasswordVariable] = DocumentedCoreApi.Password };

    private string Sidecar => Path.Combine(_folder.Root, "shopify", "shopify.publish.json");

    [Theory]
    [InlineData("http://core.example.com/api/v1", true)]
    [InlineData("http://10.0.0.5/api/v1", true)]
    [InlineData("http://127.0.0.1:9/api/v1", false)]
    [InlineData("http://localhost:9/api/v1", false)]
    public void Plain_http_is_refused_before_any_credential_is_sent_except_to_this_machine(string apiUrl, bool refused)
    {
        _folder.CopySample("shopify");

        var result = CliProcess.Run(_folder.Root, Key, "publish", Path.Combine("shopify", "shopify.connector.json"), "--plan", "--api-url", apiUrl, "--timeout", "2");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal(refused, result.Stderr.Contains("is plain http; credentials go only over https", StringComparison.Ordinal));
        Assert.DoesNotContain(DocumentedCoreApi.ApiKey, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_prints_what_will_be_created_and_writes_nothing()
    {
        var api = new DocumentedCoreApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);

        var result = CliProcess.Run(_folder.Root, Key, Args(server, "--plan"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Publish plan for 'Shopify' to https://core-documented.patchworks.test/api/v1", result.StdoutLines);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("  icon: uploading icon.svg, ", StringComparison.Ordinal) && l.Contains(" bytes, sha256 ", StringComparison.Ordinal));
        Assert.Contains("  + endpoint 'list-products' under auth method 'admin-token'", result.StdoutLines);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("      endpoint 'list-products': dataPath: ", StringComparison.Ordinal));
        Assert.Equal(0, api.Writes);
        Assert.DoesNotContain(server.Log.Requests, r => r.Method != "GET");
        Assert.False(File.Exists(Sidecar));
    }

    [Fact]
    public async Task Publish_with_yes_then_again_writes_nothing_and_no_secret_shows_anywhere()
    {
        var api = new DocumentedCoreApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);

        var first = CliProcess.Run(_folder.Root, Login, Args(server, "--yes"));
        var writes = api.Writes;
        var second = CliProcess.Run(_folder.Root, Login, Args(server, "--yes", "--format", "json"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("Published version 1 of 'Shopify' (system template ", first.StdoutLines[^1], StringComparison.Ordinal);
        Assert.Contains(first.StderrLines, l => l.StartsWith("patchworks: (2/", StringComparison.Ordinal) && l.Contains("Creating system template 'Shopify'", StringComparison.Ordinal));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(writes, api.Writes);
        var json = JsonNode.Parse(second.Stdout)!;
        Assert.Equal(0, json["result"]!["writes"]!.GetValue<int>());
        Assert.DoesNotContain(json["plan"]!["steps"]!.AsArray(), s => s!["action"]!.GetValue<string>() != "unchanged");
        var everything = first.AllOutput + second.AllOutput + File.ReadAllText(Sidecar);
        Assert.DoesNotContain(DocumentedCoreApi.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(DocumentedCoreApi.Username, File.ReadAllText(Sidecar), StringComparison.Ordinal);
        var token = server.Log.Requests.First(r => r.PathAndQuery.StartsWith("/api/v1/", StringComparison.Ordinal)).Headers["Authorization"]["Bearer ".Length..];
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_yes_and_no_terminal_it_refuses_and_a_wrong_key_exits_1_without_showing_it()
    {
        var api = new DocumentedCoreApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        const string wrong = "pw_wrong_key_abcdef0123456789";

        var unconfirmed = CliProcess.Run(_folder.Root, Key, Args(server));
        var refused = CliProcess.Run(_folder.Root, new Dictionary<string, string> { [CoreApiCredentials.ApiKeyVariable] = wrong }, Args(server, "--yes"));

        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Equal("patchworks: not published: confirm on a terminal, or pass --yes (as CI does)", unconfirmed.StderrLines[^1]);
        Assert.Equal(0, api.Writes);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused the API key (401). Check PATCHWORKS_API_KEY", refused.StderrLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(DocumentedCoreApi.ApiKey, unconfirmed.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_credentials_or_a_bad_option_is_a_usage_error()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new DocumentedCoreApi()]);

        var noCredentials = CliProcess.Run(_folder.Root, new Dictionary<string, string>(), Args(server, "--plan"));
        var badBump = CliProcess.Run(_folder.Root, Key, Args(server, "--bump", "huge"));

        Assert.Equal(2, noCredentials.ExitCode);
        Assert.StartsWith("patchworks: no credentials: set PATCHWORKS_API_KEY", noCredentials.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal(2, badBump.ExitCode);
        Assert.Empty(server.Log.Requests);
    }

    /// <summary>A failure part-way in each output mode: the true count, and that running again finishes the job.</summary>
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("quiet")]
    public async Task A_500_part_way_says_how_many_writes_were_made_and_that_running_again_finishes_in_every_mode(string mode)
    {
        var api = new DocumentedCoreApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        api.FailWrite(5, 500);
        string[] extra = mode switch { "json" => ["--yes", "--format", "json"], "quiet" => ["--yes", "-q"], _ => ["--yes"] };

        var failed = CliProcess.Run(_folder.Root, Key, Args(server, extra));

        Assert.Equal(1, failed.ExitCode);
        var message = failed.StderrLines[^1];
        Assert.StartsWith("patchworks: Publishing stopped at ", message, StringComparison.Ordinal);
        Assert.Contains(" 4 of ", message, StringComparison.Ordinal);
        Assert.Contains("Running the same publish again finishes the job", message, StringComparison.Ordinal);
        Assert.DoesNotContain("-1 of", failed.AllOutput, StringComparison.Ordinal);
        if (mode == "json")
        {
            var json = JsonNode.Parse(failed.Stdout)!;
            Assert.Equal(("failed", 4), (json["reason"]!.GetValue<string>(), json["writes"]!["made"]!.GetValue<int>()));
            Assert.Equal(message["patchworks: ".Length..], json["error"]!.GetValue<string>());
        }
        if (mode == "quiet")
        {
            Assert.Equal([message], failed.StderrLines);
        }

        File.Delete(Sidecar); // a fresh checkout
        var finished = CliProcess.Run(_folder.Root, Key, Args(server, "--yes"));
        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Single(api.All("patchworks/system-templates"));
        var writes = api.Writes;
        var again = CliProcess.Run(_folder.Root, Key, Args(server, "--yes"));
        Assert.StartsWith("Nothing written", again.StdoutLines[^1], StringComparison.Ordinal);
        Assert.Equal(writes, api.Writes);
    }

    /// <summary>A 422 in each output mode: the problems at file:line:col, what to fix, and no promise that running again finishes.</summary>
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("quiet")]
    public async Task A_422_says_what_to_fix_and_not_that_running_again_finishes_in_every_mode(string mode)
    {
        var api = new DocumentedCoreApi();
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        // An assumption overridden (A6) to a type the API refuses: --assumptions changes it without a build.
        var assumptions = _folder.Write("assumptions.json", "{ \"queryRequestOptionType\": \"query\" }");
        string[] extra = mode switch { "json" => ["--yes", "--format", "json"], "quiet" => ["--yes", "-q"], _ => ["--yes"] };

        var refused = CliProcess.Run(_folder.Root, Key, Args(server, [.. extra, "--assumptions", assumptions]));

        Assert.Equal(1, refused.ExitCode);
        var message = refused.StderrLines[^1];
        Assert.Contains("(422)", message, StringComparison.Ordinal);
        Assert.Contains("Fix the file where the problems are shown, then publish again", message, StringComparison.Ordinal);
        Assert.DoesNotContain("finishes the job", refused.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("-1 of", refused.AllOutput, StringComparison.Ordinal);
        Assert.Contains(refused.StderrLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"shopify\.connector\.json:\d+:\d+: error: .*: type: "));
        if (mode == "json")
        {
            var json = JsonNode.Parse(refused.Stdout)!;
            Assert.Equal("connectorErrors", json["reason"]!.GetValue<string>());
            Assert.True(json["problems"]!.AsArray().Count > 0);
            Assert.True(json["writes"]!["made"]!.GetValue<int>() >= 0);
        }
    }

    [Fact]
    public void An_assumptions_file_with_an_unknown_property_is_a_usage_error()
    {
        _folder.CopySample("shopify");
        var assumptions = _folder.Write("assumptions.json", "{ \"queryRequestOptionTyp\": \"url\" }");

        var result = CliProcess.Run(_folder.Root, Key, "publish", Path.Combine("shopify", "shopify.connector.json"), "--plan", "--assumptions", assumptions);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--assumptions: The assumptions file", result.StderrLines[^1], StringComparison.Ordinal);
        Assert.Contains("queryRequestOptionTyp", result.StderrLines[^1], StringComparison.Ordinal);
    }
}
