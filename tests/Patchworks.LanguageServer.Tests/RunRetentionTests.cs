using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.LanguageServer.Handlers;

namespace Patchworks.LanguageServer.Tests;

/// <summary>
/// The server keeps the latest run of each endpoint (the extension shows one per endpoint): a new run of the
/// same endpoint drops the previous one and deletes its spill files; another endpoint's run is left alone.
/// </summary>
public sealed class RunRetentionTests : IDisposable
{
    private readonly string _spill = Path.Combine(Path.GetTempPath(), $"pw-ls-spill-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_spill, recursive: true);

    private RunResult RunWithSpill(out string file)
    {
        using (SpillFiles.Create(_spill, out file))
        {
        }
        var response = new ResponseRecord(200, "OK", [], "{", null, file, 10_000_000, "application/json", 1, 2);
        var exchange = new ExchangeRecord(new RequestRecord("GET", "https://api.test/items", [], null), response, null);
        return new RunResult
        {
            Connector = "Test",
            Endpoint = "list",
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationMs = 1,
            Auth = [],
            Pages = [new PageResult(1, exchange, 0, null)],
            Records = 0,
            Bytes = 10_000_000,
            Requests = 1,
            RateLimitWaitMs = 0,
            Stop = StopReason.Completed,
            StopMessage = "Last page.",
            Warnings = [],
        };
    }

    [Fact]
    public void A_new_run_of_the_same_endpoint_deletes_the_previous_runs_files()
    {
        var handler = new RunHandler(null!);
        var first = RunWithSpill(out var firstFile);
        var other = RunWithSpill(out var otherFile);
        var second = RunWithSpill(out var secondFile);

        handler.Keep("/w/a.connector.json#list", first);
        handler.Keep("/w/a.connector.json#get", other);
        Assert.True(File.Exists(firstFile));
        handler.Keep("/w/a.connector.json#list", second);

        Assert.False(File.Exists(firstFile));
        Assert.True(File.Exists(secondFile));
        Assert.True(File.Exists(otherFile));
        second.Dispose();
        other.Dispose();
        Assert.False(File.Exists(secondFile));
    }

    [Fact]
    public void Releasing_an_endpoint_s_run_deletes_its_files_and_no_other_s()
    {
        var handler = new RunHandler(null!);
        var path = Path.Combine(_spill, "a.connector.json");
        var uri = new Uri(path).AbsoluteUri;
        var listed = RunWithSpill(out var listedFile);
        var other = RunWithSpill(out var otherFile);
        handler.Keep($"{path}#list", listed);
        handler.Keep($"{path}#get", other);

        handler.ReleaseRun(new Protocol.ReleaseRunParams(uri, "list"));
        handler.ReleaseRun(new Protocol.ReleaseRunParams(uri, "never-ran"));
        handler.ReleaseRun(new Protocol.ReleaseRunParams("untitled:x", "list"));

        Assert.False(File.Exists(listedFile));
        Assert.True(File.Exists(otherFile));
        other.Dispose();
    }
}
