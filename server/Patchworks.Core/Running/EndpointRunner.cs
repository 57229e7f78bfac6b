using System.Diagnostics;
using System.Net;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Pagination;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Running;

/// <summary>
/// Sends an endpoint's real request as the platform would build it from the connector and an instance, with
/// its authentication, follows its pagination, and returns every page as sent and received, secrets redacted.
/// A run never throws for what the API or the network does: the result says how and why it stopped.
/// </summary>
public static class EndpointRunner
{
    public static async Task<RunResult> RunAsync(ConnectorDocument connector, string endpointId, Instance? instance, RunOptions options, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var startedAt = options.Time.GetUtcNow();
        using var sender = new HttpSender(options.Http);
        using var run = new RunContext(connector, instance, options, sender);
        var pages = new List<PageResult>();
        var records = 0;
        long bytes = 0;
        string? authMethodId = null;

        RunResult Finish(StopReason stop, string message) => new()
        {
            Connector = connector.Model.Name ?? Path.GetFileName(connector.FilePath),
            Endpoint = endpointId,
            Instance = instance?.Name,
            AuthMethod = authMethodId,
            DataPath = connector.Model.FindEndpoint(endpointId)?.DataPath,
            StartedAt = startedAt,
            DurationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
            Auth = run.AuthExchanges,
            Pages = pages,
            Records = records,
            Bytes = bytes,
            Requests = run.Requests,
            RateLimitWaitMs = Math.Round(run.RateLimitWaited.TotalMilliseconds, 1),
            RetryWaitMs = Math.Round(pages.Sum(p => p.Exchange.Retries.Sum(r => r.WaitedMs)), 1),
            Stop = stop,
            StopMessage = run.Redactor.Redact(message),
            Warnings = run.Warnings,
            ScriptLog = run.ScriptLog,
        };

        Endpoint endpoint;
        IPaginator paginator;
        IAuthSession auth;
        try
        {
            endpoint = connector.Model.FindEndpoint(endpointId) ?? throw new ResolutionException(
                $"The connector has no endpoint \"{endpointId}\". Endpoints: {string.Join(", ", connector.Model.Endpoints.Select(e => e.Id).OfType<string>())}.");
            var probe = RequestResolver.Resolve(connector, endpointId, instance, new ResolveOptions { AdHocValues = options.Values, Secrets = options.Secrets });
            authMethodId = probe.AuthMethodId;
            if (RequestResolver.MissingSecrets(connector, endpointId, instance, new ResolveOptions { AdHocValues = options.Values, Secrets = options.Secrets }) is { Count: > 0 } missing)
            {
                // Sending would only earn a refusal (a 401 from a live API) for a secret that was never given.
                return Finish(StopReason.MissingSecret, MissingSecret.Describe(missing));
            }
            var authMethod = authMethodId is null ? null : connector.Model.FindAuthMethod(authMethodId);
            auth = AuthSessions.Create(authMethod);
            paginator = PaginatorFactory.Create(endpoint, run.Scripts, run.LogScript, () => run.ScriptVariables(authMethod, endpoint));
        }
        catch (Exception e) when (e is ResolutionException or NotSupportedException)
        {
            return Finish(StopReason.InvalidRequest, e.Message);
        }
        catch (Scripts.ScriptException e)
        {
            return Finish(StopReason.ScriptFailed, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return Finish(StopReason.InvalidRequest, $"The run could not start ({e.GetType().Name}): {e.Message}");
        }

        var pageValues = paginator.FirstPage;
        var adjust = paginator.FirstAdjust;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        System.Text.Json.Nodes.JsonArray? previousRecords = null; // a page with the same records as this one stops the run
        try
        {
            for (var number = 1; ; number++)
            {
                var request = await BuildAsync(run, auth, endpointId, number, pageValues, adjust, cancellationToken).ConfigureAwait(false);
                if (!seen.Add(Fingerprint(request)))
                {
                    return Finish(StopReason.RepeatedRequest, $"Page {number} would repeat an earlier request ({run.Redactor.Redact(request.Url)}): stopped to avoid an endless loop. The API's next link or token does not move on.");
                }
                run.Report(number, records, $"Page {number}: {request.Method} {request.Url}");
                var (response, record) = await run.SendAsync(auth.Sign(request), cancellationToken).ConfigureAwait(false);

                if (response?.Status == HttpStatusCode.Unauthorized && CrossOriginHop(request, response) is { } hop)
                {
                    // The credentials were left behind on purpose: renewing a token would not help.
                    record = record with { Response = run.RecordOf(response) };
                    pages.Add(new PageResult(number, record, null, null));
                    return Finish(StopReason.AuthenticationFailed,
                        $"Page {number}: 401 {response.ReasonPhrase} from {hop}, reached without credentials: the runner never sends credentials to another origin " +
                        "than the one they were resolved for (as curl). The API needs them there: point the endpoint's URL at that origin, or have the API give next links on its own.");
                }
                if (response?.Status == HttpStatusCode.Unauthorized && await auth.RenewAsync(run, cancellationToken).ConfigureAwait(false))
                {
                    var first = record;
                    SpillFiles.Delete(response.BodyFile); // the refused answer is not kept
                    request = await BuildAsync(run, auth, endpointId, number, pageValues, adjust, cancellationToken).ConfigureAwait(false);
                    (response, record) = await run.SendAsync(auth.Sign(request), cancellationToken).ConfigureAwait(false);
                    record = record with { Retries = [.. first.Retries, new RetriedAttempt(401, "401 Unauthorized: the token was renewed and the request sent again", 0), .. record.Retries] };
                    if (response?.Status == HttpStatusCode.Unauthorized)
                    {
                        // Renewed once for this request, and refused again: another renewal would loop.
                        pages.Add(new PageResult(number, record with { Response = run.RecordOf(response) }, null, null));
                        return Finish(StopReason.AuthenticationFailed, $"Page {number}: 401 {response.ReasonPhrase} again with a new token from auth method '{authMethodId}': " +
                            "the API refuses the credentials themselves, not an expired token. The response body is in the result.");
                    }
                }

                if (response is null)
                {
                    pages.Add(new PageResult(number, record, null, null));
                    return Finish(StopReason.NetworkError, record.Error ?? "The request failed.");
                }
                var json = Json(endpoint, response);
                // Throttling reported in a 200 (GraphQL THROTTLED) is waited out as a 429 is, as often.
                var waits = 0;
                for (; response.IsSuccess && ApiErrors.Detect(endpoint, json, response.Body, IsXml(endpoint, response)) is { Wait: { } wait }
                    && waits < options.MaxRetries && wait <= options.MaxRetryWait; waits++)
                {
                    var first = record;
                    SpillFiles.Delete(response.BodyFile);
                    run.Report(number, records, $"Page {number}: the API is throttling: waiting {wait.TotalSeconds:0.#} s before retrying");
                    await Task.Delay(wait, options.Time, cancellationToken).ConfigureAwait(false);
                    (var again, record) = await run.SendAsync(auth.Sign(request), cancellationToken).ConfigureAwait(false);
                    record = record with { Retries = [.. first.Retries, new RetriedAttempt(200, $"throttled (in a 200 answer): waited {wait.TotalSeconds:0.###} s", wait.TotalMilliseconds), .. record.Retries] };
                    if (again is null)
                    {
                        pages.Add(new PageResult(number, record, null, null));
                        return Finish(StopReason.NetworkError, record.Error ?? "The request failed.");
                    }
                    response = again;
                    json = Json(endpoint, response);
                }
                bytes += response.SizeBytes;
                if (response.Failure is { } failure)
                {
                    // A body cut off at the size cap, a redirect loop: what came cannot be read as a page.
                    pages.Add(new PageResult(number, record with { Response = run.RecordOf(response) }, null, null));
                    return Finish(StopReason.InvalidResponse, $"Page {number}: {failure}.");
                }
                // Pagination reads the raw body (a next link may carry a key); the record shows it redacted.
                record = record with { Response = run.RecordOf(response, json) };
                if (json is null && response.IsSuccess && !response.BodyTruncated && response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                    && JsonError(response.Body) is { } invalid)
                {
                    // A page that says it is JSON and is not: its records cannot be counted, so the run cannot say it ended.
                    pages.Add(new PageResult(number, record, null, null));
                    return Finish(StopReason.InvalidResponse, $"Page {number}: the body is not valid JSON ({invalid}).");
                }
                var found = false;
                var pageRecords = json is not null || response.BodyTruncated ? ResponseData.Records(json, endpoint.DataPath, out found)
                    : IsXml(endpoint, response) ? ResponseData.XmlRecords(response.Body, endpoint.DataPath ?? "", out found)
                    : null;
                if (!response.IsSuccess || record.Error is not null)
                {
                    pages.Add(new PageResult(number, record, null, null));
                    var fault = record.Error is null && IsXml(endpoint, response) ? ApiErrors.Fault(response.Body) : null;
                    return Finish(StopReason.HttpError, record.Error ?? $"Page {number}: {response.StatusCode} {response.ReasonPhrase}.{(fault is null ? "" : $" SOAP fault: {fault}.")} The response body is in the result.");
                }
                if (ApiErrors.Detect(endpoint, json, response.Body, IsXml(endpoint, response)) is { } apiError)
                {
                    pages.Add(new PageResult(number, record, null, null));
                    return Finish(StopReason.ApiError, $"Page {number}: {response.StatusCode} {response.ReasonPhrase}, but {apiError.Message}" + apiError.Wait switch
                    {
                        null => "",
                        { } wait when wait > options.MaxRetryWait => $" (the API asks to wait {wait.TotalSeconds:0.#} s, longer than the runner waits ({options.MaxRetryWait.TotalSeconds:0} s))",
                        _ => $" (still throttled after {waits} waits)",
                    });
                }
                if (ApiErrors.PartialErrors(json) is { } partial)
                {
                    run.Warn($"Page {number} has data and errors besides (a partial answer; its records are kept): {partial}");
                }
                records += pageRecords?.Count ?? 0;
                var context = new PageContext(number, request, response, json, pageRecords, found, records);
                PageDecision decision;
                try
                {
                    decision = paginator.After(context);
                }
                catch (InvalidResponseException e)
                {
                    pages.Add(new PageResult(number, record, pageRecords?.Count, null));
                    return Finish(StopReason.InvalidResponse, $"Page {number}: {e.Message}.");
                }
                var nextDescription = (decision as PageDecision.Next)?.Description;
                pages.Add(new PageResult(number, record, pageRecords?.Count, nextDescription is null ? null : run.Redactor.Redact(nextDescription))
                {
                    // An XML or CSV page's records, so viewers list them without parsing the body again.
                    ListedRecords = json is null && pageRecords is not null ? ListedRecords.Of(pageRecords, run.Redactor) : null,
                });
                run.Report(number, records, $"Page {number}: {response.StatusCode}, {pageRecords?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} records");

                switch (decision)
                {
                    case PageDecision.Stop { Proven: true } stop:
                        return Finish(StopReason.Completed, $"Last page: {stop.Why}.");
                    case PageDecision.Stop stop:
                        return Finish(StopReason.EndNotProven, $"Stopped: {stop.Why}; the run cannot prove it read every record.");
                    case PageDecision.Next when pageRecords is { Count: > 0 } && previousRecords?.Count == pageRecords.Count && System.Text.Json.Nodes.JsonNode.DeepEquals(pageRecords, previousRecords):
                        return Finish(StopReason.EndNotProven, $"Stopped: page {number} has the same {pageRecords.Count} records as page {number - 1}: the API does not move on; the run cannot prove it read every record.");
                    case PageDecision.Next next when number >= options.MaxPages:
                        return Finish(StopReason.MaxPages, $"Stopped after {number} pages (the limit; there are more: {next.Description}).");
                    case PageDecision.Next when records >= options.MaxRecords:
                        return Finish(StopReason.MaxRecords, $"Stopped after {records} records (the limit of {options.MaxRecords}).");
                    case PageDecision.Next next:
                        previousRecords = pageRecords;
                        pageValues = next.Values;
                        adjust = next.Adjust;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Finish(StopReason.Cancelled, $"Cancelled after {pages.Count} pages.");
        }
        catch (AuthenticationFailedException e)
        {
            return Finish(StopReason.AuthenticationFailed, e.Message);
        }
        catch (Scripts.ScriptException e)
        {
            foreach (var line in e.Log)
            {
                run.LogScript(line);
            }
            return Finish(StopReason.ScriptFailed, e.Message);
        }
        catch (ResolutionException e)
        {
            return Finish(StopReason.InvalidRequest, e.Message);
        }
        catch (InvalidResponseException e)
        {
            return Finish(StopReason.InvalidResponse, $"After {pages.Count} pages: {e.Message}.");
        }
        catch (Exception e)
        {
            // Whatever the API sent, a run ends with a result, never an exception (issue 14): the message names what broke.
            return Finish(StopReason.InvalidResponse, $"The run stopped after {pages.Count} pages on something it could not handle ({e.GetType().Name}): {e.Message}");
        }
    }

    /// <summary>
    /// The endpoint's request for one page: resolved with the auth and pagination values, then adjusted. When the
    /// adjustment (a next link, a Link header, a script) leads to another origin than the resolved URL's, every
    /// credential is dropped first (<see cref="Credentials.Without"/>) and the run's warnings say so.
    /// </summary>
    private static async Task<OutgoingRequest> BuildAsync(RunContext run, IAuthSession auth, string endpointId, int number, IReadOnlyDictionary<string, string> pageValues,
        Func<OutgoingRequest, OutgoingRequest>? adjust, CancellationToken cancellationToken)
    {
        var authValues = await auth.ValuesAsync(run, cancellationToken).ConfigureAwait(false);
        run.AuthValues = authValues;
        var runtime = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in authValues)
        {
            run.Redactor.Add(value, SecretKind.Token, key);
            runtime[key] = value;
        }
        foreach (var (key, value) in pageValues)
        {
            runtime["pagination." + key] = value;
        }
        var resolved = RequestResolver.Resolve(run.Connector, endpointId, run.Instance, run.ResolveOptions(runtime));
        var request = run.ToOutgoing(resolved);
        if (adjust is null)
        {
            return request;
        }
        var adjusted = adjust(request);
        if (adjusted.Url == request.Url || Origin.Same(request.Url, adjusted.Url))
        {
            return adjusted;
        }
        var anonymous = Credentials.Without(adjusted, run.Redactor.Holds, out var dropped);
        run.Warn($"Page {number} is at {Origin.Of(adjusted.Url)?.ToString() ?? adjusted.Url}, another origin than the endpoint's {Origin.Of(request.Url)}: " +
            (dropped.Count > 0 ? $"it was requested without the credentials ({string.Join(", ", dropped)})." : "it was requested without credentials."));
        return anonymous;
    }

    /// <summary>The other origin a request reached without its credentials (by a next link or a redirect), or null.</summary>
    private static string? CrossOriginHop(OutgoingRequest request, HttpExchange response)
    {
        if (response.Redirects.FirstOrDefault(h => h.CrossOrigin) is { } redirect && !request.Anonymous)
        {
            return $"{Origin.Of(redirect.To)} (a {redirect.Status} redirect from {Origin.Of(redirect.From)})";
        }
        return request.Anonymous ? $"{Origin.Of((response.Redirects.Count > 0 ? response.Redirects[^1].To : request.Url))} (the next page's link leads to another origin)" : null;
    }

    private static System.Text.Json.Nodes.JsonNode? Json(Endpoint endpoint, HttpExchange response) =>
        endpoint.DataType == "json" || response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            ? (response.BodyTruncated ? null : ResponseData.ParseJson(response.Body))
            : null;

    private static bool IsXml(Endpoint endpoint, HttpExchange response) =>
        endpoint.DataType == "xml" || response.ContentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Why a non-empty body is not JSON (an error's message names the line and position), or null.</summary>
    private static string? JsonError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body, ResponseData.Lenient);
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return e.Message;
        }
    }

    private static string Fingerprint(OutgoingRequest request) => $"{request.Method} {request.Url}\n{request.Body}";
}
