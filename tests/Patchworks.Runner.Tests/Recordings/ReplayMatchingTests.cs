using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>
/// A connector of the test's own (an API key in the query, an endpoint variable as a filter, next-URL pagination over
/// the trouble API's five pages) recorded once, then replayed offline as it is and changed: a different query value,
/// fewer pages, a changed request shape, a renamed endpoint.
/// </summary>
public sealed class ReplayMatchingTests : IDisposable
{
    /// <summary>Characters that change when URL-encoded, so the encoded form must be replaced too.</summary>
    private const string ApiKey = "k3y/with+special&chars=7f3a9c";

    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteConnector(string limit = "10", string name = "List")
    {
        var path = Connectors.Write(_folder, "https://trouble.test/pages/relative",
            pagination: """{ "method": "nextPageUrl", "nextUrlPath": "next" }""",
            extra: $$$"""
                "variables": [ { "key": "colour", "displayName": "Colour" } ],
                "query": [ { "key": "colour", "value": "{{colour}}" }, { "key": "limit", "value": "{{{limit}}}", "required": true } ]
                """,
            authMethod: """
                { "id": "key", "name": "Key in the query", "type": "apiKey",
                  "variables": [ { "key": "api_key", "displayName": "API key", "required": true, "secret": true } ],
                  "apiKey": { "in": "query", "name": "api_key", "value": "{{api_key}}" } }
                """);
        _folder.Replace("test.connector.json", "\"name\": \"List\"", $"\"name\": \"{name}\"");
        _folder.Write("test.instance.json", """
            { "name": "Test", "connector": "test.connector.json", "authMethod": "key", "secrets": { "api_key": "env:TROUBLE_API_KEY" } }
            """);
        return path;
    }

    private TestCaseInfo Case()
    {
        var (connector, instance) = Runs.Load(_folder.PathOf("test.connector.json"), _folder.PathOf("test.instance.json"));
        return RecordingHarness.Case(connector, "list", instance, "red things");
    }

    private async Task<RunResult> RecordAsync(string colour = "red")
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi()]);
        var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["TROUBLE_API_KEY"] = ApiKey }) with
        {
            Values = new Dictionary<string, string> { ["colour"] = colour },
        };
        var (result, failure) = await RecordingHarness.RunAsync(new RecordTransport(), Case(), options);
        Assert.Null(failure);
        Assert.Equal(StopReason.Completed, result.Stop);
        return result;
    }

    private Task<(RunResult Result, string? Failure)> ReplayAsync(string colour = "red", int maxPages = 50) =>
        RecordingHarness.RunAsync(new ReplayTransport(), Case(), RecordingHarness.Offline(maxPages, new Dictionary<string, string> { ["colour"] = colour }));

    [Fact]
    public async Task A_key_in_the_query_is_recorded_as_its_stand_in_and_replays_with_no_credentials()
    {
        WriteConnector();
        var live = await RecordAsync();

        var recording = File.ReadAllText(Case().RecordingPath);
        Assert.DoesNotContain(ApiKey, recording, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(ApiKey), recording, StringComparison.Ordinal);
        Assert.Contains("api_key=~secret.api_key~", recording, StringComparison.Ordinal);
        Assert.Equal([Case().RecordingPath], Directory.GetFiles(Path.GetDirectoryName(Case().RecordingPath)!)); // no temporary file left

        var (replayed, failure) = await ReplayAsync();
        Assert.Null(failure);
        Assert.Equal(StopReason.Completed, replayed.Stop);
        Assert.Equal(5, replayed.Pages.Count);
        Assert.Equal(RecordingHarness.PageSummary(live), RecordingHarness.PageSummary(replayed));
        Assert.Equal(Runs.Ids(live, "items"), Runs.Ids(replayed, "items"));
    }

    [Fact]
    public async Task A_changed_query_value_fails_the_case_naming_the_nearest_recorded_request_and_what_differs()
    {
        WriteConnector();
        await RecordAsync("red");

        var (result, failure) = await ReplayAsync("blue");

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.NotNull(failure);
        Assert.Contains("no answer for GET https://trouble.test/pages/relative?", failure, StringComparison.Ordinal);
        Assert.Contains("nearest recorded: GET https://trouble.test/pages/relative?", failure, StringComparison.Ordinal);
        Assert.Contains("query colour: sent blue, recorded red", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("limit:", failure, StringComparison.Ordinal); // only what differs is named
        Assert.DoesNotContain("never asked for", failure, StringComparison.Ordinal); // the rest follows from the stop
        Assert.Contains("replay:", result.StopMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fewer_requests_than_recorded_fail_the_case_naming_what_was_never_asked_for()
    {
        WriteConnector();
        await RecordAsync();

        var (fewer, failure) = await ReplayAsync(maxPages: 2);
        Assert.Equal(StopReason.MaxPages, fewer.Stop);
        Assert.NotNull(failure);
        Assert.Contains("3 recorded exchanges were never asked for", failure, StringComparison.Ordinal);
        Assert.Contains("page=3", failure, StringComparison.Ordinal);

        var (all, none) = await ReplayAsync(maxPages: 5);
        Assert.Null(none);
        Assert.Equal(StopReason.Completed, all.Stop);
    }

    [Fact]
    public async Task A_changed_request_shape_makes_the_recording_stale_and_says_what_changed()
    {
        WriteConnector(limit: "10");
        await RecordAsync();

        _folder.Replace("test.connector.json", "\"value\": \"10\"", "\"value\": \"25\"");
        var (result, failure) = await ReplayAsync();

        Assert.NotNull(failure);
        Assert.Contains("recording is stale: re-record with --record", failure, StringComparison.Ordinal);
        Assert.Contains("endpoint.query", failure, StringComparison.Ordinal);
        Assert.Equal(StopReason.NetworkError, result.Stop);
    }

    [Fact]
    public async Task Names_and_descriptions_do_not_make_a_recording_stale()
    {
        WriteConnector(name: "List");
        await RecordAsync();

        WriteConnector(name: "List every thing");
        _folder.Replace("test.connector.json", "\"displayName\": \"Colour\"", "\"displayName\": \"Colour of the thing\", \"description\": \"Red, blue...\"");
        var (result, failure) = await ReplayAsync();

        Assert.Null(failure);
        Assert.Equal(StopReason.Completed, result.Stop);
    }

    [Fact]
    public async Task Recordings_are_never_written_or_read_through_a_link()
    {
        WriteConnector();
        var elsewhere = Directory.CreateTempSubdirectory("pw-elsewhere-");
        try
        {
            Directory.CreateSymbolicLink(_folder.PathOf("recordings"), elsewhere.FullName);
            await using (var server = await TestApiServer.StartAsync(apis: [new TroubleApi()]))
            {
                var options = Runs.OptionsFor(server, new Dictionary<string, string> { ["TROUBLE_API_KEY"] = ApiKey });
                var (_, failure) = await RecordingHarness.RunAsync(new RecordTransport(), Case(), options);
                Assert.NotNull(failure);
                Assert.Contains("is a link", failure, StringComparison.Ordinal);
            }
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere.FullName));

            Directory.CreateDirectory(Path.Combine(elsewhere.FullName, "list"));
            File.WriteAllText(Path.Combine(elsewhere.FullName, "list", "red things.json"), "{}");
            var (result, replayFailure) = await ReplayAsync();
            Assert.NotNull(replayFailure);
            Assert.Contains("is a link", replayFailure, StringComparison.Ordinal);
            Assert.Equal(StopReason.NetworkError, result.Stop);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
