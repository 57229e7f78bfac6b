using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Resolution;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>
/// Secrets are what the user or the auth flow supplied, never what an API answered as an error; a secret with no
/// value stops the run before anything is sent, with a message that names it and where to set it, unmasked.
/// </summary>
public sealed class SecretClassificationTests : IDisposable
{
    private const string Mask = RequestResolver.Mask;
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_refused_peoplevox_login_shows_the_api_s_reason_and_masks_only_the_password()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        var wrong = Convert.ToBase64String("Not-The-Password-9"u8.ToArray());

        var result = await Runs.SampleAsync("peoplevox", "get-item-types", "qa.instance.json",
            Runs.OptionsFor(server, new Dictionary<string, string> { ["PEOPLEVOX_QA_PASSWORD_BASE64"] = wrong }));
        var saved = RunResultJson.Write(result);

        Assert.Equal(StopReason.AuthenticationFailed, result.Stop);
        Assert.Equal("Auth method 'session' failed in its post-request script: Peoplevox authentication failed (ResponseId -1): " +
            "Authentication failed: invalid client id, user name or password.", result.StopMessage);
        Assert.Contains("<Detail>Authentication failed: invalid client id, user name or password.</Detail>", result.Auth.Single().Exchange.Response!.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, saved, StringComparison.Ordinal);
        Assert.Contains($"<password>{Mask}</password>", result.Auth.Single().Exchange.Request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unset_environment_variable_stops_the_run_before_anything_is_sent()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);

        var result = await Runs.SampleAsync("peoplevox", "get-item-types", "qa.instance.json", Runs.OptionsFor(server));

        Assert.Equal(StopReason.MissingSecret, result.Stop);
        Assert.Equal("Nothing was sent: the secret \"password\" (Password (Base64-encoded)) of auth method 'session' (soap) has no value: " +
            "the instance reads it from the environment variable PEOPLEVOX_QA_PASSWORD_BASE64 (env:PEOPLEVOX_QA_PASSWORD_BASE64), which is not set. " +
            "Set the environment variable PEOPLEVOX_QA_PASSWORD_BASE64 and run again.", result.StopMessage);
        Assert.Equal(RunOutcome.Failed, result.Outcome);
        Assert.Equal(0, result.Requests);
        Assert.Empty(result.Auth);
        Assert.Empty(result.Pages);
        Assert.Empty(server.Log.Requests);
    }

    [Fact]
    public async Task A_secret_missing_from_vs_code_s_storage_says_where_to_store_it()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);

        var result = await Runs.SampleAsync("peoplevox", "get-item-types", "live.instance.json", Runs.OptionsFor(server));

        Assert.Equal(StopReason.MissingSecret, result.Stop);
        Assert.Contains("the instance reads it from the secret peoplevox-live-password-base64 (secret:peoplevox-live-password-base64), which is not stored. " +
            "Store it in VS Code's secret storage under the name peoplevox-live-password-base64", result.StopMessage, StringComparison.Ordinal);
        Assert.Contains("outside VS Code, set the environment variable PATCHWORKS_SECRET_PEOPLEVOX_LIVE_PASSWORD_BASE64.", result.StopMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Mask, result.StopMessage, StringComparison.Ordinal);
        Assert.Empty(server.Log.Requests);
    }

    [Fact]
    public async Task A_required_oauth_secret_with_no_value_is_named_with_its_placeholder_unmasked()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("auth.test", _ => { })]);
        var connector = Connectors.Write(_folder, "https://auth.test/items", authMethod: """
            { "id": "oauth", "name": "OAuth", "type": "oauth2ClientCredentials", "url": "https://auth.test/token",
              "variables": [ { "key": "client_secret", "displayName": "Client secret", "secret": true, "required": true } ],
              "oauth2": { "clientId": "client-1", "clientSecret": "{{client_secret}}" } }
            """);

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.MissingSecret, result.Stop);
        Assert.Equal("Nothing was sent: the secret \"client_secret\" (Client secret) of auth method 'oauth' (oauth2ClientCredentials) has no value: " +
            "no instance was given. Run with --instance, or give the value for this run with --var client_secret=VALUE.", result.StopMessage);
        Assert.Empty(server.Log.Requests);
        Assert.DoesNotContain(result.Warnings, w => w.Contains(Mask, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_with_an_unset_secret_sends_nothing_and_says_what_to_set()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        var folder = Repository.Sample("peoplevox");
        var (connector, instance) = Runs.Load(Path.Combine(folder, "peoplevox.connector.json"), Path.Combine(folder, "qa.instance.json"));

        var result = await Core.Running.Auth.InstanceSignIn.RunAsync(connector, instance!, Runs.OptionsFor(server));

        Assert.False(result.SignedIn);
        Assert.Contains("Set the environment variable PEOPLEVOX_QA_PASSWORD_BASE64 and run again.", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Exchanges);
        Assert.Empty(server.Log.Requests);
    }

    [Fact]
    public async Task A_secret_given_for_the_run_is_not_missing()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new PeoplevoxApi()]);
        var options = Runs.OptionsFor(server, maxPages: 1);

        var result = await Runs.SampleAsync("peoplevox", "get-item-types", "qa.instance.json",
            new RunOptions { Http = options.Http, MaxPages = 1, Values = new Dictionary<string, string> { ["password"] = PeoplevoxApi.PasswordBase64 } });

        Assert.True(result.Stop == StopReason.MaxPages, $"{result.Stop}: {result.StopMessage}");
        Assert.Equal(500, result.Records);
    }
}
