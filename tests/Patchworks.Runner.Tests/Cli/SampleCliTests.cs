using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Resolution;
using Patchworks.Runner.Tests.Samples;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>
/// Every auth type and pagination method of the samples through the real `patchworks run` process: secrets from
/// the environment as a CI job gives them, the run saved with --out, and no secret in stdout, stderr or the file.
/// </summary>
public sealed class SampleCliTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<SampleRunTests.Case> Cases => SampleRunTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Runs_every_sample_through_the_command_line(SampleRunTests.Case c)
    {
        await using var server = await TestApiServer.StartAsync(apis: [c.Api()]);
        var saved = _folder.PathOf("run.json");

        var result = CliProcess.Run(_folder.Root, Environment(c.Secrets), Arguments(server, c.Sample, c.Endpoint, c.Instance, "--out", saved, "--max-pages", "100"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = JsonNode.Parse(File.ReadAllText(saved))!["run"]!;
        Assert.Equal("completed", run["stop"]!.GetValue<string>());
        Assert.Equal(c.Records, run["records"]!.GetValue<int>());
        var everything = result.AllOutput + File.ReadAllText(saved);
        foreach (var secret in c.Secrets.Values)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signs_in_with_the_authorisation_code_through_the_browser_command()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi(contactCount: 42)]);
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var saved = _folder.PathOf("run.json");
        var environment = Environment(new() { ["hubspot-app-client-secret"] = HubSpotApi.ClientSecret });
        // $BROWSER, as a person's desktop sets it; curl plays the browser: HubSpot's consent page redirects to the runner's listener.
        environment["BROWSER"] = $"curl -s -o /dev/null -L --connect-to app.hubspot.com:443:127.0.0.1:{server.Port} --cacert {ca} %s";

        var result = CliProcess.Run(_folder.Root, environment, Arguments(server, "hubspot", "list-contacts", "production.instance.json", "--out", saved));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StderrLines, l => l.StartsWith("patchworks: sign in at https://app.hubspot.com/oauth/authorize?", StringComparison.Ordinal));
        Assert.Equal(42, JsonNode.Parse(File.ReadAllText(saved))!["run"]!["records"]!.GetValue<int>());
        Assert.DoesNotContain(HubSpotApi.ClientSecret, result.AllOutput + File.ReadAllText(saved), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_browser_the_authorisation_code_fails_with_advice()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new HubSpotApi()]);

        var result = CliProcess.Run(_folder.Root, Environment(new() { ["hubspot-app-client-secret"] = HubSpotApi.ClientSecret }),
            Arguments(server, "hubspot", "list-contacts", "production.instance.json", "--no-browser"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Auth method 'oauth' needs a user to sign in at the provider", StringComparison.Ordinal));
    }

    private string[] Arguments(TestApiServer server, string sample, string endpoint, string instance, params string[] extra)
    {
        var folder = Repository.Sample(sample);
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        return
        [
            "run", Path.Combine(folder, $"{sample}.connector.json"), endpoint, "--instance", Path.Combine(folder, instance),
            "--connect-to", $"*:443:127.0.0.1:{server.Port}", "--ca-cert", ca, .. extra,
        ];
    }

    /// <summary>Each secret as env:NAME reads it and as secret:NAME reads it outside VS Code (PATCHWORKS_SECRET_NAME).</summary>
    private static Dictionary<string, string> Environment(Dictionary<string, string> secrets)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in secrets)
        {
            environment[name] = value;
            environment[EnvironmentSecretProvider.EnvironmentNameFor(name)] = value;
        }
        return environment;
    }
}
