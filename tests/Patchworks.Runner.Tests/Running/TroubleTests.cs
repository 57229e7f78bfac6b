using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Patchworks.Cli.Tests.Infrastructure;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Results;
using Patchworks.Runner.Tests.Infrastructure;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.Running;

/// <summary>The runner under trouble, against real sockets: rate limits, 429s, errors, loops, time-outs, cancellation, TLS, DNS.</summary>
public sealed class TroubleTests : IDisposable
{
    private readonly TempWorkspace _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_429_is_waited_out_as_retry_after_says_and_the_request_sent_again()
    {
        var calls = 0;
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "0.4";
                return Results.Json(new { errors = "Exceeded 2 calls per second for api client." }, statusCode: 429);
            }
            return Results.Json(new { items = new[] { new { id = 1 } } });
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");

        var watch = Stopwatch.StartNew();
        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.Completed, result.Stop);
        Assert.Equal(2, result.Requests);
        var retry = Assert.Single(Assert.Single(result.Pages).Exchange.Retries);
        Assert.Equal(429, retry.Status);
        Assert.Equal(400, retry.WaitedMs, 1);
        Assert.Equal(400, result.RetryWaitMs, 1);
        Assert.Equal(0, result.RateLimitWaitMs);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"waited only {watch.Elapsed}");
        Assert.Equal(1, result.Records);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_runner_waits_ends_the_run_with_a_message()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return Results.StatusCode(429);
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.Equal("The API asked to wait 3600 s (Retry-After), longer than the runner waits (60 s).", result.StopMessage);
        Assert.Equal(1, result.Requests);
    }

    [Fact]
    public async Task A_server_error_is_reported_with_its_body()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes =>
            routes.MapGet("/items", () => Results.Text("upstream database is down", "text/plain", statusCode: 500)))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        Assert.Equal(StopReason.HttpError, result.Stop);
        Assert.Equal("Page 1: 500 Internal Server Error. The response body is in the result.", result.StopMessage);
        Assert.Equal("upstream database is down", Assert.Single(result.Pages).Exchange.Response!.Body);
    }

    [Fact]
    public async Task A_next_link_that_never_moves_on_is_stopped_with_a_clear_message()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes =>
            routes.MapGet("/items", () => Results.Json(new { items = new[] { new { id = 1 } }, next = "https://trouble.test/items?page=2" })))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items", """{ "method": "nextPageUrl", "nextUrlPath": "next" }""");

        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server));

        // Page 2 already repeats page 1's records: that ends it, before page 3 would repeat page 2's request.
        Assert.Equal(StopReason.EndNotProven, result.Stop);
        Assert.Equal(RunOutcome.Stopped, result.Outcome);
        Assert.Equal("Stopped: page 2 has the same 1 records as page 1: the API does not move on; the run cannot prove it read every record.", result.StopMessage);
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task The_instance_rate_limit_spaces_the_requests()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", (int? page) =>
            Results.Json(new { items = new[] { new { id = page ?? 1 } } })))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items",
            """{ "method": "pageNumber", "pageParam": "page", "limit": 1 }""", rateLimit: """{ "requests": 2, "per": "second" }""");

        var watch = Stopwatch.StartNew();
        var result = await Connectors.RunAsync(connector, Runs.OptionsFor(server, maxPages: 5));

        // 5 requests at 2 a second: the 3rd waits for the 1st to age out (1 s), the 5th for the 3rd (2 s).
        Assert.Equal(5, result.Requests);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"5 requests took only {watch.Elapsed}");
        // The waits are 2 s less the time the requests themselves took (a loaded machine answers slower, and the
        // window ages meanwhile): at least one window's worth, never more than the run took.
        Assert.InRange(result.RateLimitWaitMs, 1000, watch.Elapsed.TotalMilliseconds);
    }

    [Fact]
    public async Task A_run_cancelled_while_waiting_for_the_rate_limit_reports_the_time_it_waited_not_the_time_it_planned()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", (int? page) =>
            Results.Json(new { items = new[] { new { id = page ?? 1 } } })))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items",
            """{ "method": "pageNumber", "pageParam": "page", "limit": 1 }""", rateLimit: """{ "requests": 1, "per": "minute" }""");
        using var cancel = new CancellationTokenSource();
        var options = Runs.OptionsFor(server);
        options = new RunOptions
        {
            Http = options.Http,
            Secrets = options.Secrets,
            Progress = new Callback(p => { if (p.Message.StartsWith("Page 2: GET", StringComparison.Ordinal)) cancel.CancelAfter(300); }),
        };

        var result = await Connectors.RunAsync(connector, options, cancel.Token);

        // Page 2 would wait a minute for the limit; the run is cancelled a moment into that wait.
        Assert.Equal(StopReason.Cancelled, result.Stop);
        Assert.Equal(1, result.Requests);
        Assert.True(result.RateLimitWaitMs is > 0 and < 30_000, $"rate limit wait {result.RateLimitWaitMs} ms of a planned 60,000");
    }

    [Fact]
    public async Task A_slow_answer_is_a_time_out_in_plain_words()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Json(new { items = Array.Empty<int>() });
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");
        var options = Runs.OptionsFor(server);
        options = new RunOptions { Http = Runs.HttpFor(server, TimeSpan.FromMilliseconds(500)), Secrets = options.Secrets };

        var result = await Connectors.RunAsync(connector, options);

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.Equal("trouble.test did not answer within 0.5 s (the request time-out).", result.StopMessage);
    }

    [Fact]
    public async Task A_body_that_trickles_in_past_the_time_out_is_cut_off()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", async (HttpContext context, CancellationToken ct) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync("{\"items\":["u8.ToArray(), ct);
            await context.Response.Body.FlushAsync(ct); // the headers and a first part go out at once
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            await context.Response.Body.WriteAsync("]}"u8.ToArray(), ct);
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");
        var options = new RunOptions { Http = Runs.HttpFor(server, TimeSpan.FromMilliseconds(700)) };

        var watch = Stopwatch.StartNew();
        var result = await Connectors.RunAsync(connector, options);

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.Equal("trouble.test did not answer within 0.7 s (the request time-out).", result.StopMessage);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(9), $"took {watch.Elapsed}: the body (10 s) was waited for");
    }

    [Fact]
    public async Task Cancelling_mid_request_stops_at_once_and_keeps_what_was_read()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", async (int? page, CancellationToken ct) =>
        {
            if (page == 2)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), ct);
            }
            return Results.Json(new { items = new[] { new { id = page ?? 1 } } });
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items", """{ "method": "pageNumber", "pageParam": "page", "limit": 1 }""");
        using var cancel = new CancellationTokenSource();
        var options = Runs.OptionsFor(server);
        options = new RunOptions
        {
            Http = options.Http,
            Secrets = options.Secrets,
            Progress = new Callback(p => { if (p.Message.StartsWith("Page 2: GET", StringComparison.Ordinal)) cancel.CancelAfter(200); }),
        };

        var watch = Stopwatch.StartNew();
        var result = await Connectors.RunAsync(connector, options, cancel.Token);

        Assert.Equal(StopReason.Cancelled, result.Stop);
        Assert.Equal("Cancelled after 1 pages.", result.StopMessage);
        Assert.Equal(1, result.Records);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"cancelling took {watch.Elapsed}: the slow page (20 s) was waited for");
    }

    [Fact]
    public async Task A_certificate_the_runner_does_not_trust_is_explained()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", () => Results.Json(new { items = Array.Empty<int>() })))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");
        var options = new RunOptions { Http = new Core.Http.HttpSettings { ConnectTo = Runs.HttpFor(server).ConnectTo } };

        var result = await Connectors.RunAsync(connector, options);

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.Equal("The secure connection to trouble.test failed: its certificate is not trusted or does not name this host. If the server uses a private certificate authority, trust it with --ca-cert.", result.StopMessage);
    }

    [Fact]
    public async Task A_host_that_does_not_exist_is_explained()
    {
        var connector = Connectors.Write(_folder, "https://no-such-host.invalid/items");

        var result = await Connectors.RunAsync(connector, new RunOptions());

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.StartsWith("The host name \"no-such-host.invalid\" could not be found (DNS).", result.StopMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_explained()
    {
        var port = FreePort();
        var connector = Connectors.Write(_folder, $"https://127.0.0.1:{port}/items");

        var result = await Connectors.RunAsync(connector, new RunOptions());

        Assert.Equal(StopReason.NetworkError, result.Stop);
        Assert.Equal($"127.0.0.1:{port} refused the connection: nothing is listening there. Check the host and port.", result.StopMessage);
    }

    [Fact]
    public async Task A_response_too_large_for_memory_is_streamed_to_a_file()
    {
        const int size = 6 * 1024 * 1024;
        await using var server = await TestApiServer.StartAsync(apis: [new InlineApi("trouble.test", routes => routes.MapGet("/items", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            await context.Response.Body.WriteAsync("{\"items\":[]"u8.ToArray());
            for (var written = 11; written < size - 1; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - 1 - written)));
            }
            await context.Response.Body.WriteAsync("}"u8.ToArray());
        }))]);
        var connector = Connectors.Write(_folder, "https://trouble.test/items");
        var options = Runs.OptionsFor(server);
        options = new RunOptions { Http = new Core.Http.HttpSettings { ConnectTo = options.Http.ConnectTo, TrustedRoots = options.Http.TrustedRoots, MaxBodyInMemory = 1024 * 1024, SpillDirectory = _folder.PathOf("spill") } };

        var result = await Connectors.RunAsync(connector, options);

        var response = Assert.Single(result.Pages).Exchange.Response!;
        Assert.Equal(size, response.SizeBytes);
        Assert.NotNull(response.BodyFile);
        Assert.Equal(size, new FileInfo(response.BodyFile).Length);
        // The first part stays in memory for display; the whole body is only in the file.
        Assert.InRange(response.Body!.Length, 512 * 1024, 1024 * 1024);
        Assert.StartsWith("{\"items\":[]", response.Body, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Callback(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
