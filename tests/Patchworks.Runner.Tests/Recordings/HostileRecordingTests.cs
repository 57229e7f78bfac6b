using System.Text;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Testing;
using Patchworks.Core.Testing.Recordings;
using Patchworks.Runner.Tests.Infrastructure;

namespace Patchworks.Runner.Tests.Recordings;

/// <summary>
/// A recording is a file anyone can edit or break: malformed, huge, of the wrong types, of another format. Replaying
/// it fails the case with a message naming the file (and the line and column, or the property), and never throws.
/// </summary>
public sealed class HostileRecordingTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    private TestCaseInfo Case()
    {
        Connectors.Write(_folder, "https://trouble.test/pages/relative", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");
        var (connector, instance) = Runs.Load(_folder.PathOf("test.connector.json"), null);
        return RecordingHarness.Case(connector, "list", instance);
    }

    /// <summary>A recording of one exchange, valid but for what the test replaces.</summary>
    private static string Valid(TestCaseInfo testCase, string status = "200", string headers = "[\"Content-Type: application/json\"]", string url = "\"https://trouble.test/pages/relative\"",
        string body = "\"json\": { \"items\": [ { \"id\": 1 } ] }", string version = "1", string format = "\"patchworks-recording\"")
    {
        var shape = RequestShape.Of(testCase.Connector, testCase.EndpointId, testCase.Instance);
        var recording = new Recording { Connector = "Test API", Endpoint = "list", Case = "default", Shape = shape, Exchanges = [] };
        var text = Encoding.UTF8.GetString(RecordingFile.ToBytes(recording));
        return text.Replace("\"exchanges\": []", $$"""
            "exchanges": [ { "request": { "method": "GET", "url": {{url}}, "headers": [] },
                             "response": { "status": {{status}}, "reason": "OK", "headers": {{headers}}, {{body}} } } ]
            """, StringComparison.Ordinal)
            .Replace("\"version\": 1", $"\"version\": {version}", StringComparison.Ordinal)
            .Replace("\"patchworks-recording\"", format, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "malformed", ":3:" },
        { "not an object", "the recording: expected an object, found an array" },
        { "wrong format", "this is not a recording" },
        { "future version", "format version 99 is not one this toolkit reads" },
        { "status is a string", "exchanges[0].response.status: expected a number, found a string" },
        { "status out of range", "exchanges[0].response.status: 99999 is not an HTTP status" },
        { "headers are an object", "exchanges[0].response.headers: expected an array, found an object" },
        { "header without a colon", "exchanges[0].response.headers[0]: \"no colon here\" is not \"Name: value\"" },
        { "a file URL", "exchanges[0].request.url: \"file:///etc/passwd\" is not an http or https URL" },
        { "bad base64", "exchanges[0].response.base64: not valid Base64" },
        { "no exchanges", "exchanges: missing" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_recording_fails_the_case_with_a_message_naming_the_file_and_the_place(string kind, string expected)
    {
        var testCase = Case();
        var valid = Valid(testCase);
        var text = kind switch
        {
            "malformed" => "{\n  \"format\": \"patchworks-recording\",\n  \"version\": 1,,\n}",
            "not an object" => "[]",
            "wrong format" => Valid(testCase, format: "\"har\""),
            "future version" => Valid(testCase, version: "99"),
            "status is a string" => Valid(testCase, status: "\"200\""),
            "status out of range" => Valid(testCase, status: "99999"),
            "headers are an object" => Valid(testCase, headers: "{}"),
            "header without a colon" => Valid(testCase, headers: "[\"no colon here\"]"),
            "a file URL" => Valid(testCase, url: "\"file:///etc/passwd\""),
            "bad base64" => Valid(testCase, body: "\"base64\": \"@@@\""),
            "no exchanges" => valid[..valid.IndexOf("\"exchanges\"", StringComparison.Ordinal)].TrimEnd().TrimEnd(',') + "}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        _folder.Write("recordings/list/default.json", text);

        var (result, failure) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline());

        Assert.NotNull(failure);
        Assert.StartsWith(testCase.RecordingPath, failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
        Assert.Equal(StopReason.NetworkError, result.Stop);
    }

    [Fact]
    public async Task The_valid_recording_the_broken_ones_come_from_replays()
    {
        var testCase = Case();
        _folder.Write("recordings/list/default.json", Valid(testCase));

        var (result, failure) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline());

        Assert.Null(failure);
        Assert.Equal(1, result.Records);
    }

    [Fact]
    public async Task A_recording_larger_than_the_limit_is_refused_unread_and_a_missing_one_says_to_record()
    {
        var testCase = Case();
        var (_, missing) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline());
        Assert.NotNull(missing);
        Assert.Contains("there is no recording: record the case first (--record)", missing, StringComparison.Ordinal);

        _folder.Write("recordings/list/default.json", Valid(testCase) + new string(' ', 5000));
        var (result, huge) = await RecordingHarness.RunAsync(new ReplayTransport(maxRecordingBytes: 4096), testCase, RecordingHarness.Offline());
        Assert.NotNull(huge);
        Assert.Contains("more than the 4,096 a recording may hold", huge, StringComparison.Ordinal);
        Assert.Equal(StopReason.NetworkError, result.Stop);
    }

    [Fact]
    public async Task Recorded_headers_and_bodies_the_runner_cannot_use_end_the_run_with_a_result_not_an_exception()
    {
        var testCase = Case();
        _folder.Write("recordings/list/default.json", Valid(testCase, status: "200",
            headers: "[\"Content-Type: ;;;\", \"X-Bad: a\\r\\nInjected: yes\", \"Content-Length: -5\"]",
            body: "\"text\": \"\\u0000 not json\""));

        var (result, failure) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline());

        Assert.True(failure is null, failure); // the recording answered what was asked; the run says what it made of it
        Assert.Single(result.Pages);
        Assert.Equal(0, result.Records);
    }

    [Fact]
    public async Task A_request_that_failed_when_recorded_fails_the_same_way_when_replayed()
    {
        var testCase = Case();
        var (live, recordFailure) = await RecordingHarness.RunAsync(new RecordTransport(), testCase, RecordingHarness.Offline());
        Assert.Null(recordFailure);
        Assert.Equal(StopReason.NetworkError, live.Stop);
        Assert.Contains("\"error\":", File.ReadAllText(testCase.RecordingPath), StringComparison.Ordinal);

        var (replayed, replayFailure) = await RecordingHarness.RunAsync(new ReplayTransport(), testCase, RecordingHarness.Offline());

        Assert.Null(replayFailure);
        Assert.Equal(StopReason.NetworkError, replayed.Stop);
        Assert.Contains("replay:", replayed.StopMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_or_corrupted_recordings_only_ever_raise_a_recording_error()
    {
        var testCase = Case();
        var bytes = Encoding.UTF8.GetBytes(Valid(testCase));
        var random = new Random(17);
        var path = _folder.PathOf("recordings/list/default.json");
        for (var i = 0; i < 300; i++)
        {
            var mutated = i % 2 == 0 ? bytes[..random.Next(bytes.Length)] : [.. bytes];
            if (i % 2 == 1)
            {
                for (var flips = 0; flips < 3; flips++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }
            }
            _folder.WriteBytes("recordings/list/default.json", mutated);
            try
            {
                RecordingFile.Read(path, _folder.Root);
            }
            catch (RecordingException e)
            {
                Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
            }
        }
    }
}
