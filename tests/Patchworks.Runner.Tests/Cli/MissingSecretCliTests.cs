using System.Text.Json.Nodes;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Resolution;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Cli;

/// <summary>patchworks run and resolve, the real command in its own process, with the Peoplevox QA instance's password unset.</summary>
public sealed class MissingSecretCliTests : IDisposable
{
    private const string Variable = "PEOPLEVOX_QA_PASSWORD_BASE64";
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private static (string Connector, string Instance) Sample()
    {
        var sample = Repository.Sample("peoplevox");
        return (Path.Combine(sample, "peoplevox.connector.json"), Path.Combine(sample, "qa.instance.json"));
    }

    [Fact]
    public async Task Run_exits_1_naming_the_environment_variable_and_sends_nothing()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        var ca = _folder.Write("ca.pem", server.RootCertificatePem);
        var (connector, instance) = Sample();
        var saved = _folder.PathOf("run.json");

        // CliProcess passes no environment variable but the ones a test sets: PEOPLEVOX_QA_PASSWORD_BASE64 is unset.
        var result = CliProcess.Run(_folder.Root, ["run", connector, "get-item-types", "--instance", instance,
            "--connect-to", $"*:443:127.0.0.1:{server.Port}", "--ca-cert", ca, "--out", saved]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"Set the environment variable {Variable} and run again.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the secret \"password\" (Password (Base64-encoded)) of auth method 'session' (soap) has no value", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestResolver.Mask, result.AllOutput, StringComparison.Ordinal);
        Assert.Empty(server.Log.Requests);
        var run = JsonNode.Parse(File.ReadAllText(saved))!["run"]!;
        Assert.Equal("missingSecret", run["stop"]!.GetValue<string>());
        Assert.Equal(0, run["requests"]!.GetValue<int>());
    }

    [Fact]
    public void Resolve_still_shows_the_request_and_names_the_missing_secret_unmasked()
    {
        var (connector, instance) = Sample();

        var text = CliProcess.Run(_folder.Root, ["resolve", connector, "get-item-types", "--instance", instance]);
        var json = CliProcess.Run(_folder.Root, ["resolve", connector, "get-item-types", "--instance", instance, "--format", "json"]);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("POST https://qa1.peoplevox.net/acme1234Qa/resources/integrationservicev4.asmx", text.StdoutLines);
        Assert.Contains("Missing secrets (a run would stop before sending)", text.StdoutLines);
        Assert.Contains(text.StdoutLines, l => l.Contains($"the environment variable {Variable} (env:{Variable}), which is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(RequestResolver.Mask, text.AllOutput, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.NotNull(JsonNode.Parse(json.Stdout));
        Assert.Contains(json.StderrLines, l => l.StartsWith("patchworks: warning: a run would stop before sending: the secret \"password\"", StringComparison.Ordinal) && l.Contains(Variable, StringComparison.Ordinal));
    }
}
