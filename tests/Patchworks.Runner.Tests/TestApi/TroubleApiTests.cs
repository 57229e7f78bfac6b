using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.TestApi.Apis;
using Patchworks.TestApi.Hosting;

namespace Patchworks.Runner.Tests.TestApi;

/// <summary>The trouble API: endless next links, slowness the client abandons, errors, Retry-After, a huge body, next URLs.</summary>
public sealed class TroubleApiTests
{
    private const string Trouble = "https://trouble.test";

    [Fact]
    public async Task The_loop_points_at_itself_in_every_form()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi()]);
        using var client = TestApiClient.For(server);

        using var first = await client.GetAsync($"{Trouble}/loop");
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        using var second = await client.GetAsync(body["next"]!.GetValue<string>());

        Assert.Equal($"{Trouble}/loop", body["next"]!.GetValue<string>());
        Assert.Equal($"<{Trouble}/loop>; rel=\"next\"", first.Headers.GetValues("Link").Single());
        Assert.True(body["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_time_out_on_the_slow_endpoints_is_seen_by_the_server()
    {
        var api = new TroubleApi(slowDelay: TimeSpan.FromSeconds(5));
        await using var server = await TestApiServer.StartAsync(apis: [api]);
        using var client = TestApiClient.For(server);
        // Warm the connection and the server up first, so that the time-out below hits the slow answer and not
        // the TLS handshake of a busy machine (the request would then never reach the server).
        using (await client.GetAsync($"{Trouble}/slow?delay_ms=0"))
        {
        }
        var watch = Stopwatch.StartNew();

        using var headersTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync($"{Trouble}/slow", headersTimeout.Token));
        using var headers = await client.GetAsync($"{Trouble}/slow-body", HttpCompletionOption.ResponseHeadersRead);
        using var bodyTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => headers.Content.ReadAsStringAsync(bodyTimeout.Token));
        headers.Dispose();
        using var quick = await client.GetAsync($"{Trouble}/slow?delay_ms=10");
        while (api.AbandonedSlowRequests < 2 && watch.Elapsed < TimeSpan.FromSeconds(10)) // ends as soon as both are seen
        {
            await Task.Delay(20);
        }

        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        Assert.Equal(2, api.AbandonedSlowRequests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Status_answers_that_status_with_a_json_body(int code)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi()]);
        using var client = TestApiClient.For(server);

        var (response, body) = await client.SendJsonAsync(TestApiClient.Get($"{Trouble}/status/{code}"));

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(code, body!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Flaky_fails_with_retry_after_then_succeeds_per_key(int code)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(failuresBeforeSuccess: 2, retryAfterSeconds: 0.2)]);
        using var client = TestApiClient.For(server);

        using var first = await client.GetAsync($"{Trouble}/flaky/{code}?key=a");
        using var second = await client.GetAsync($"{Trouble}/flaky/{code}?key=a");
        using var otherKey = await client.GetAsync($"{Trouble}/flaky/{code}?key=b");
        await Task.Delay(TimeSpan.FromSeconds(double.Parse(second.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture)));
        using var third = await client.GetAsync($"{Trouble}/flaky/{code}?key=a");

        Assert.Equal(code, (int)first.StatusCode);
        Assert.Equal(code, (int)second.StatusCode);
        Assert.Equal(code, (int)otherKey.StatusCode);
        Assert.Equal("0.2", first.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Huge_streams_about_the_asked_size_of_valid_json_with_consecutive_ids()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(hugeBytes: 3_000_000)]);
        using var client = TestApiClient.For(server);

        using var response = await client.GetAsync($"{Trouble}/huge", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var counter = new CountingStream(stream);
        using var document = await JsonDocument.ParseAsync(counter);
        var ids = document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();

        Assert.Null(response.Content.Headers.ContentLength);
        Assert.InRange(counter.Total, 3_000_000, 3_100_000);
        Assert.Equal(Enumerable.Range(1, ids.Count), ids);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("absolute")]
    public async Task Next_urls_relative_or_absolute_walk_every_item_once_and_in_order(string kind)
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(pageSize: 7, pageCount: 6)]);
        using var client = TestApiClient.For(server);

        var (ids, pages) = await WalkAsync(client, new Uri($"{Trouble}/pages/{kind}"));

        Assert.Equal(Enumerable.Range(1, 42), ids);
        Assert.Equal(6, pages);
    }

    [Fact]
    public async Task The_bench_has_a_thousand_pages_by_default_and_walks_quickly()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi(benchPages: 200)]);
        await using var defaults = await TestApiServer.StartAsync(apis: [new TroubleApi()]);
        using var client = TestApiClient.For(server);
        using var defaultClient = TestApiClient.For(defaults);

        var (ids, pages) = await WalkAsync(client, new Uri($"{Trouble}/bench"));
        var (_, last) = await defaultClient.SendJsonAsync(TestApiClient.Get($"{Trouble}/bench?page=1000"));

        Assert.Equal(Enumerable.Range(1, 2000), ids);
        Assert.Equal(200, pages);
        Assert.Equal(1000, last!["total_pages"]!.GetValue<int>());
        Assert.Null(last["next"]);
    }

    [Fact]
    public async Task Html_truncated_json_and_a_redirect_are_served_as_asked()
    {
        await using var server = await TestApiServer.StartAsync(apis: [new TroubleApi()]);
        using var client = TestApiClient.For(server);

        using var html = await client.GetAsync($"{Trouble}/html");
        using var truncated = await client.GetAsync($"{Trouble}/truncated");
        using var redirect = await client.GetAsync($"{Trouble}/redirect");
        var truncatedText = await truncated.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(truncatedText).Dispose());
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"{Trouble}/pages/absolute", redirect.Headers.Location!.ToString());
    }

    /// <summary>Follows "next", resolving "?page=N" against the previous URL as the nextPageUrl method does.</summary>
    private static async Task<(List<int> Ids, int Pages)> WalkAsync(HttpClient client, Uri url)
    {
        var ids = new List<int>();
        var pages = 0;
        Uri? next = url;
        while (next is not null)
        {
            var (response, body) = await client.SendJsonAsync(TestApiClient.Get(next.ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.AddRange(body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()));
            pages++;
            next = body["next"]?.GetValue<string>() is { } link ? new Uri(next, link) : null;
        }
        return (ids, pages);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Total { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Total += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Total += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
