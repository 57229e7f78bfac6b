using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patchworks.TestApi.Hosting;

namespace Patchworks.TestApi.Apis;

/// <summary>
/// Misbehaviour for the runner's edge cases, on trouble.test, without authentication. Every list answers
/// { items: [{ id }], next } with ids that increase across pages.
/// <list type="bullet">
/// <item>/loop: a next link (body "next", Link header, next_token, pageInfo) that always points at the same page.</item>
/// <item>/slow: answers after a delay (?delay_ms= or the knob); /slow-body sends the headers at once and the body late.
/// Both count requests the client gave up on in <see cref="AbandonedSlowRequests"/>.</item>
/// <item>/status/{code}: that status with a JSON body (500, 503...).</item>
/// <item>/flaky/{code}?key=: the first <c>failuresBeforeSuccess</c> requests per key answer the status (429, 503)
/// with Retry-After, then a page of items.</item>
/// <item>/huge: a JSON list of about <c>hugeBytes</c> (?bytes= overrides), streamed as it is written.</item>
/// <item>/pages/relative and /pages/absolute: <c>pageCount</c> pages whose next is "?page=N" or a full URL.</item>
/// <item>/bench: <c>benchPages</c> small pages with a relative next, for throughput.</item>
/// <item>/html (200 with an HTML page, as a proxy or maintenance page answers), /truncated (200 JSON cut off
/// mid-record), /redirect (302 to /pages/absolute).</item>
/// </list>
/// </summary>
public sealed class TroubleApi : IFakeApi
{
    public const string Host = "trouble.test";
    private const int HugeRecordPadding = 1000;

    private readonly int _pageSize;
    private readonly int _pageCount;
    private readonly TimeSpan _slowDelay;
    private readonly int _failuresBeforeSuccess;
    private readonly double _retryAfterSeconds;
    private readonly long _hugeBytes;
    private readonly int _benchPages;
    private readonly int _benchPageSize;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private int _abandoned;

    /// <param name="pageSize">Items per page of /loop and /pages.</param>
    /// <param name="pageCount">Pages of /pages/relative and /pages/absolute.</param>
    /// <param name="slowDelay">Delay of /slow and /slow-body (2 s).</param>
    /// <param name="failuresBeforeSuccess">Failed answers per key before /flaky succeeds.</param>
    /// <param name="retryAfterSeconds">Retry-After of /flaky's failures.</param>
    /// <param name="hugeBytes">Approximate size of /huge (50 MB).</param>
    public TroubleApi(int pageSize = 10, int pageCount = 5, TimeSpan? slowDelay = null, int failuresBeforeSuccess = 1, double retryAfterSeconds = 1,
        long hugeBytes = 50L * 1024 * 1024, int benchPages = 1000, int benchPageSize = 10)
    {
        _pageSize = pageSize;
        _pageCount = pageCount;
        _slowDelay = slowDelay ?? TimeSpan.FromSeconds(2);
        _failuresBeforeSuccess = failuresBeforeSuccess;
        _retryAfterSeconds = retryAfterSeconds;
        _hugeBytes = hugeBytes;
        _benchPages = benchPages;
        _benchPageSize = benchPageSize;
    }

    /// <summary>Slow requests whose client went away (timed out or cancelled) before the answer.</summary>
    public int AbandonedSlowRequests => Volatile.Read(ref _abandoned);

    public IReadOnlyList<string> Hosts { get; } = [Host];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/loop", Loop);
        routes.MapGet("/slow", AsyncHandler.Of(Slow));
        routes.MapGet("/slow-body", SlowBody);
        routes.MapGet("/status/{code:int}", (int code) => Results.Json(new { error = $"Simulated {code}", status = code }, statusCode: code));
        routes.MapGet("/flaky/{code:int}", Flaky);
        routes.MapGet("/huge", Huge);
        routes.MapGet("/pages/relative", (HttpContext context) => Paged(context, _pageCount, _pageSize, absolute: false));
        routes.MapGet("/pages/absolute", (HttpContext context) => Paged(context, _pageCount, _pageSize, absolute: true));
        routes.MapGet("/bench", (HttpContext context) => Paged(context, _benchPages, _benchPageSize, absolute: false));
        routes.MapGet("/html", () => Results.Content("<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We'll be back soon</h1></body></html>", "text/html; charset=utf-8"));
        routes.MapGet("/truncated", () => Results.Text("{\"items\":[{\"id\":1},{\"id\":2},{\"id\":", "application/json"));
        routes.MapGet("/redirect", () => Results.Redirect($"https://{Host}/pages/absolute"));
    }

    private static JsonArray Items(int first, int count) => new([.. Enumerable.Range(first, count).Select(id => (JsonNode)new JsonObject { ["id"] = id })]);

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(JsonText.Options), "application/json");

    /// <summary>The same page forever, with every kind of "there is more" a pagination method might follow.</summary>
    private IResult Loop(HttpContext context)
    {
        var self = $"https://{Host}/loop";
        context.Response.Headers.Link = $"<{self}>; rel=\"next\"";
        return Json(new JsonObject
        {
            ["items"] = Items(1, _pageSize),
            ["next"] = self,
            ["next_token"] = "again",
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = true, ["endCursor"] = "again" },
            ["total"] = int.MaxValue,
        });
    }

    private TimeSpan DelayOf(HttpContext context) =>
        int.TryParse(context.Request.Query["delay_ms"], out var ms) ? TimeSpan.FromMilliseconds(ms) : _slowDelay;

    private async Task<IResult> Slow(HttpContext context)
    {
        try
        {
            await Task.Delay(DelayOf(context), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
            return Results.Empty;
        }
        return Json(new JsonObject { ["items"] = Items(1, 1) });
    }

    /// <summary>Headers and the first bytes at once, the rest after the delay: a time-out must cover reading the body.</summary>
    private async Task SlowBody(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"items\":[", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await Task.Delay(DelayOf(context), context.RequestAborted);
            await context.Response.WriteAsync("{\"id\":1}]}", context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
        }
    }

    private IResult Flaky(HttpContext context, int code)
    {
        var key = $"{code}|{context.Request.Query["key"]}";
        if (_failures.AddOrUpdate(key, 1, (_, n) => n + 1) <= _failuresBeforeSuccess)
        {
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { error = code == 429 ? "Too many requests" : $"Simulated {code}", status = code }, statusCode: code);
        }
        return Json(new JsonObject { ["items"] = Items(1, _pageSize) });
    }

    /// <summary>About the asked number of bytes of { "items": [ { id, padding } ... ] }, written and flushed in chunks.</summary>
    private IResult Huge(HttpContext context)
    {
        var target = long.TryParse(context.Request.Query["bytes"], out var bytes) ? bytes : _hugeBytes;
        var padding = new string('x', HugeRecordPadding);
        return Results.Stream(async stream =>
        {
            var chunk = new StringBuilder(64 * 1024);
            chunk.Append("{\"items\":[");
            long written = 0;
            for (var id = 1; written + chunk.Length < target || id == 1; id++)
            {
                chunk.Append(id == 1 ? "" : ",").Append("{\"id\":").Append(id).Append(",\"padding\":\"").Append(padding).Append("\"}");
                if (chunk.Length >= 60 * 1024)
                {
                    written += await WriteAsync(stream, chunk, context.RequestAborted);
                }
            }
            chunk.Append("]}");
            await WriteAsync(stream, chunk, context.RequestAborted);
        }, "application/json");
    }

    private static async Task<int> WriteAsync(Stream stream, StringBuilder chunk, CancellationToken cancellationToken)
    {
        var data = Encoding.UTF8.GetBytes(chunk.ToString());
        chunk.Clear();
        await stream.WriteAsync(data, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return data.Length;
    }

    /// <summary>Numbered pages; next is "?page=N" (relative to the previous URL) or the absolute URL, absent on the last.</summary>
    private static IResult Paged(HttpContext context, int pages, int size, bool absolute)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
        if (page < 1 || page > pages)
        {
            return Results.Json(new { error = $"page must be between 1 and {pages}", status = 404 }, statusCode: 404);
        }
        var body = new JsonObject { ["items"] = Items((page - 1) * size + 1, size), ["page"] = page, ["total_pages"] = pages };
        if (page < pages)
        {
            body["next"] = absolute ? $"https://{Host}{context.Request.Path}?page={page + 1}" : $"?page={page + 1}";
        }
        return Json(body);
    }
}
