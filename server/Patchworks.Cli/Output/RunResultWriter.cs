using System.Globalization;
using Patchworks.Core.Running.Results;

namespace Patchworks.Cli.Output;

/// <summary>A run for people: auth side requests, each page's request and answer in one line, then how it ended.</summary>
public static class RunResultWriter
{
    public static void WriteText(RunResult run, TextWriter output)
    {
        output = new PrintableWriter(output);
        output.WriteLine($"{run.Connector} · {run.Endpoint}{(run.Instance is { } i ? $" · instance {i}" : "")}{(run.AuthMethod is { } a ? $" · auth {a}" : "")}");
        foreach (var auth in run.Auth)
        {
            output.WriteLine($"  auth  {Line(auth.Exchange)}  ({auth.Purpose})");
        }
        foreach (var page in run.Pages)
        {
            var records = page.Records is { } n ? $", {n} records" : "";
            output.WriteLine($"  page {page.Number,-3} {Line(page.Exchange)}{records}");
            foreach (var retry in page.Exchange.Retries)
            {
                output.WriteLine($"           retried: {retry.Why}");
            }
        }
        var last = run.Pages.Count > 0 ? run.Pages[^1].Exchange : null;
        if (last?.Response is { Status: >= 400 } failed)
        {
            output.WriteLine();
            output.WriteLine($"Response body of the failed request ({failed.Status}):");
            foreach (var line in Truncate(failed.Body ?? failed.Json?.Text ?? "", 2000).Split('\n'))
            {
                output.WriteLine($"  {line.TrimEnd('\r')}");
            }
        }
        output.WriteLine();
        output.WriteLine(run.StopMessage);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.Records} records in {run.Pages.Count} pages, {run.Requests} requests, {Size(run.Bytes)}, {run.DurationMs / 1000:0.00} s{Waits(run)}"));
        if (run.Warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Warnings");
            foreach (var warning in run.Warnings)
            {
                output.WriteLine($"  {warning}");
            }
        }
    }

    private static string Line(ExchangeRecord exchange)
    {
        var request = $"{exchange.Request.Method} {exchange.Request.Url}";
        return exchange.Response is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{request} → {r.Status} {r.Reason}, {r.ElapsedMs:0.0} ms, {Size(r.SizeBytes)}{(r.BodyFile is { } f ? $" (body in {f})" : "")}")
            : $"{request} → failed: {exchange.Error}";
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB"),
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + $"… ({text.Length - length} more characters in the saved run)";

    /// <summary>" (1.00 s waiting for the rate limit, 2.00 s waiting to retry)", or nothing when the run never waited.</summary>
    private static string Waits(RunResult run)
    {
        var parts = new List<string>();
        if (run.RateLimitWaitMs > 0)
        {
            parts.Add($"{run.RateLimitWaitMs / 1000:0.00} s waiting for the rate limit");
        }
        if (run.RetryWaitMs > 0)
        {
            parts.Add($"{run.RetryWaitMs / 1000:0.00} s waiting to retry (429, 5xx or throttled)");
        }
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }
}
