namespace Patchworks.Core.Running.Results;

/// <summary>Why a run stopped.</summary>
public enum StopReason
{
    /// <summary>The pagination method's own stop condition: the last page was read.</summary>
    Completed,
    MaxPages,
    MaxRecords,
    /// <summary>The next request would repeat an earlier one: an endless loop was avoided.</summary>
    RepeatedRequest,
    HttpError,
    NetworkError,
    AuthenticationFailed,
    ScriptFailed,
    Cancelled,
    InvalidRequest,
    /// <summary>A 2xx answer that reports an error in its body (GraphQL errors, a SOAP fault, the endpoint's errorPath or errorWhen).</summary>
    ApiError,

    /// <summary>
    /// The pagination could not prove it reached the end: a total that disagrees with the records seen, a
    /// configured count or total path the response lacks, a page or cursor that repeats an earlier one.
    /// </summary>
    EndNotProven,

    /// <summary>A secret the request or its authentication needs has no value: nothing was sent.</summary>
    MissingSecret,

    /// <summary>The API's answer could not be used: a next link that is no URL, a body past the size cap, a redirect loop, a value the runner cannot read.</summary>
    InvalidResponse,
}

/// <summary>
/// What a run's stop means. <b>Completed</b>: the response proved the end (an empty or short page, no next link or
/// token, the total reached, hasNextPage false). <b>Stopped</b>: the run ended without that proof, by a limit (max
/// pages, max records), a cancel, or because it cannot prove it read everything (<see cref="StopReason.EndNotProven"/>,
/// <see cref="StopReason.RepeatedRequest"/>). <b>Failed</b>: an error (HTTP, network, authentication, script,
/// an invalid request). The CLI exits 0 only for completed, 3 for stopped, 1 for failed.
/// </summary>
public enum RunOutcome
{
    Completed,
    Stopped,
    Failed,
}

/// <summary>A request as it was sent, secrets redacted.</summary>
public sealed record RequestRecord(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body);

/// <summary>
/// A response as it came back, secrets redacted. A JSON body is written as JSON (<see cref="Json"/>), so saved runs
/// diff line by line; other bodies as text. <see cref="BodyFile"/> holds a body too large to keep in memory.
/// </summary>
public sealed record ResponseRecord(
    int Status,
    string Reason,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    JsonBody? Json,
    string? BodyFile,
    long SizeBytes,
    string? ContentType,
    double TimeToHeadersMs,
    double ElapsedMs);

/// <summary>One request and its answer, with the attempts before it (a 429 waited out, a token renewed).</summary>
public sealed record ExchangeRecord(RequestRecord Request, ResponseRecord? Response, string? Error)
{
    /// <summary>Earlier attempts of the same request, in order, each with why it was retried.</summary>
    public IReadOnlyList<RetriedAttempt> Retries { get; init; } = [];
}

public sealed record RetriedAttempt(int Status, string Why, double WaitedMs);

/// <summary>One page of an endpoint's results.</summary>
public sealed record PageResult(int Number, ExchangeRecord Exchange, int? Records, string? NextPage)
{
    /// <summary>
    /// The records of an XML or CSV page as the runner extracted them (<see cref="ListedRecords"/>): CSV rows as
    /// objects keyed by the header, XML elements as their flattened fields. Null for a JSON page, whose records are
    /// the body's at the data path. Fewer than <see cref="Records"/> when the page's records passed the size bound.
    /// </summary>
    public System.Text.Json.Nodes.JsonArray? ListedRecords { get; init; }
}

/// <summary>A side request of the authentication (a token request, a SOAP login), redacted like the rest.</summary>
public sealed record AuthExchange(string Purpose, ExchangeRecord Exchange);

/// <summary>
/// Everything a run produced, ready to show, save as JSON and diff: no secret value anywhere in it. Disposing it
/// deletes the files its large bodies were streamed to (<see cref="Http.SpillFiles"/>): whoever holds a run
/// disposes it when the run is dropped (replaced by a newer one, or no longer shown).
/// </summary>
public sealed record RunResult : IDisposable
{
    public const int FormatVersion = 1;

    public required string Connector { get; init; }
    public required string Endpoint { get; init; }
    public string? Instance { get; init; }
    public string? AuthMethod { get; init; }
    /// <summary>Where the endpoint's records are in a JSON page (its dataPath when it ran), so a saved run is read without the connector.</summary>
    public string? DataPath { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationMs { get; init; }
    public required IReadOnlyList<AuthExchange> Auth { get; init; }
    public required IReadOnlyList<PageResult> Pages { get; init; }
    public required int Records { get; init; }
    public required long Bytes { get; init; }
    public required int Requests { get; init; }
    public required double RateLimitWaitMs { get; init; }
    /// <summary>Time spent waiting before retries: 429 and Retry-After, 5xx back-off, throttling reported in a 200 (the pages' retries' waits).</summary>
    public double RetryWaitMs { get; init; }
    public required StopReason Stop { get; init; }
    public required string StopMessage { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public IReadOnlyList<string> ScriptLog { get; init; } = [];

    /// <summary>Completed, stopped or failed (<see cref="RunOutcome"/>); any reason not named here is a failure.</summary>
    public RunOutcome Outcome => Stop switch
    {
        StopReason.Completed => RunOutcome.Completed,
        StopReason.MaxPages or StopReason.MaxRecords or StopReason.Cancelled or StopReason.RepeatedRequest or StopReason.EndNotProven => RunOutcome.Stopped,
        _ => RunOutcome.Failed,
    };

    /// <summary>The run proved it read every page: only a completed run.</summary>
    public bool Succeeded => Outcome == RunOutcome.Completed;

    /// <summary>The body files of this run's pages and token requests (only files this process made are deleted).</summary>
    public void Dispose()
    {
        foreach (var exchange in Pages.Select(p => p.Exchange).Concat(Auth.Select(a => a.Exchange)))
        {
            Http.SpillFiles.Delete(exchange.Response?.BodyFile);
        }
    }
}
