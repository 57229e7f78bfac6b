using System.Net;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Http;
using Patchworks.Core.Running.Results;
using Patchworks.Core.Workspace;

namespace Patchworks.Core.Running;

/// <summary>
/// What every step of one run shares: the connector and instance, the HTTP sender, the rate limiter, the
/// redactor, and the journal of side requests and warnings. <see cref="SendAsync"/> is the one way out to the
/// network: rate limit, 429 and Retry-After, errors explained, and a redacted record of it all.
/// </summary>
public sealed class RunContext(ConnectorDocument connector, Instance? instance, RunOptions options, HttpSender sender) : IDisposable
{
    private readonly RateLimiter _rateLimiter = new(options.WaitForRateLimit ? instance?.RateLimit ?? connector.Model.RateLimit : null, options.Time);

    public ConnectorDocument Connector { get; } = connector;
    public Instance? Instance { get; } = instance;
    public RunOptions Options { get; } = options;
    public Redactor Redactor { get; } = new(options.SecretObserver);
    public List<AuthExchange> AuthExchanges { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> ScriptLog { get; } = [];

    /// <summary>Runs the connector's scripts (auth pre/post-request, script pagination) within the default limits.</summary>
    public Scripts.ScriptHost Scripts { get; } = new()
    {
        Meta = Prefixed(options.Values, "meta."),
        Flow = Prefixed(options.Values, "flow."),
    };

    /// <summary>The auth values of the latest request (the token, once taken): scripts see them among their variables.</summary>
    public IReadOnlyDictionary<string, string> AuthValues { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>data.variables</c> for a script: every variable the connector, the auth method, the endpoint and the
    /// instance define, with its value for this run (secrets revealed, as the script runs here), and the auth values.
    /// Variables with no value are left out.
    /// </summary>
    public IReadOnlyDictionary<string, string> ScriptVariables(AuthMethod? auth, Endpoint? endpoint)
    {
        var keys = Connector.Model.Variables.Select(v => v.Key)
            .Concat(auth?.Variables.Select(v => v.Key) ?? [])
            .Concat(endpoint?.Variables.Select(v => v.Key) ?? [])
            .Concat(Instance?.Values.Select(v => v.Key) ?? [])
            .Concat(AuthValues.Keys)
            .Distinct(StringComparer.Ordinal);
        var scope = new TemplateScope(endpoint is null ? TemplateScopeKind.AuthMethod : TemplateScopeKind.Endpoint, auth, endpoint);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var value = RequestResolver.ResolvePlaceholder(Connector, scope, key, Instance, ResolveOptions(AuthValues));
            if (value.Source == ValueSourceKind.Missing)
            {
                continue;
            }
            if (value.IsSecret)
            {
                Redactor.Add(value.DisplayValue, value.Source == ValueSourceKind.Runtime ? SecretKind.Token : SecretKind.Variable, key);
            }
            variables[key] = value.DisplayValue;
        }
        return variables;
    }

    private static Dictionary<string, string> Prefixed(IReadOnlyDictionary<string, string> values, string prefix) =>
        values.Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal) && v.Key.Length > prefix.Length)
            .ToDictionary(v => v.Key[prefix.Length..], v => v.Value, StringComparer.Ordinal);

    /// <summary>A line a script wrote to its console, kept in the run with secrets redacted.</summary>
    public void LogScript(string line) => ScriptLog.Add(Redactor.Redact(line));
    public int Requests { get; private set; }
    public TimeSpan RateLimitWaited => _rateLimiter.Waited;

    /// <summary>Resolve options that reveal secrets (to send them) with these run-time values; every secret used is then redacted.</summary>
    public ResolveOptions ResolveOptions(IReadOnlyDictionary<string, string> runtime) => new()
    {
        AdHocValues = Options.Values,
        RuntimeValues = runtime,
        Secrets = Options.Secrets,
        RevealSecrets = true,
    };

    /// <summary>A resolved request as it goes on the wire, its secrets registered for redaction first.</summary>
    public OutgoingRequest ToOutgoing(ResolvedRequest resolved)
    {
        Redactor.AddAll(resolved.Placeholders);
        foreach (var parameter in resolved.Headers.Concat(resolved.Query))
        {
            if (parameter.Value.IsSecret)
            {
                Redactor.Add(parameter.Value.Text);
            }
        }
        foreach (var warning in resolved.Warnings)
        {
            Warn(warning);
        }
        var headers = resolved.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value.Text)).ToList();
        return new OutgoingRequest(resolved.Method, resolved.Url, headers, resolved.Body?.Content.Text, resolved.Body?.ContentType)
        {
            CredentialHeaders = [.. resolved.Headers.Where(IsCredential).Select(h => h.Name)],
            CredentialQuery = [.. resolved.Query.Where(IsCredential).Select(q => q.Name)],
        };
    }

    /// <summary>A header or query parameter the auth method put there, or whose value is or holds a secret (a token).</summary>
    private bool IsCredential(ResolvedParameter parameter) =>
        parameter.Value.IsSecret
        || parameter.Origin.Contains(" auth method '", StringComparison.Ordinal)
        || Redactor.Holds(parameter.Value.Text);

    public void Warn(string warning)
    {
        var redacted = Redactor.Redact(warning);
        if (!Warnings.Contains(redacted))
        {
            Warnings.Add(redacted);
        }
    }

    public void Report(int page, int records, string message) => Options.Progress?.Report(new RunProgress(page, records, Redactor.Redact(message)));

    /// <summary>
    /// Sends a request, waiting for the rate limit, and waits out 429s (and 503s that say when to come back) up
    /// to <see cref="RunOptions.MaxRetries"/> times. Network failures come back as an exchange with an error.
    /// The record holds the request; when there is a response, the caller adds it with <see cref="RecordOf(HttpExchange, System.Text.Json.Nodes.JsonNode?)"/>.
    /// </summary>
    public async Task<(HttpExchange? Response, ExchangeRecord Record)> SendAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        var retries = new List<RetriedAttempt>();
        while (true)
        {
            await _rateLimiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            Requests++;
            HttpExchange response;
            try
            {
                response = await sender.SendAsync(request, cancellationToken, Redactor.Holds).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return (null, new ExchangeRecord(RecordOf(request), null, Redactor.Redact(e.Message)) { Retries = retries });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A request the client refuses to build (a malformed header, a method it cannot send): the run says so.
                return (null, new ExchangeRecord(RecordOf(request), null, Redactor.Redact($"The request could not be sent: {e.Message}")) { Retries = retries });
            }

            foreach (var hop in response.Redirects.Where(h => h.Dropped.Count > 0))
            {
                Warn($"{hop.Status} redirect from {Origin.Of(hop.From)} to {Origin.Of(hop.To)}, another origin: the request was sent there without its credentials ({string.Join(", ", hop.Dropped)}).");
            }
            if (response.RedirectRefused is { } refused)
            {
                Warn($"{new Uri(request.Url).GetLeftPart(UriPartial.Path)}: {refused}.");
            }
            var retryable = response.Status == HttpStatusCode.TooManyRequests
                || (response.Status == HttpStatusCode.ServiceUnavailable && response.Header("Retry-After") is not null);
            if (!retryable || retries.Count >= Options.MaxRetries)
            {
                // The record's response is the caller's to fill (RecordOf) once it knows what the response holds: a
                // token to register for redaction first, JSON it has already parsed.
                return (response, new ExchangeRecord(RecordOf(request), null, null) { Retries = retries });
            }
            var wait = RetryAfter.Parse(response.Header("Retry-After"), Options.Time.GetUtcNow()) ?? TimeSpan.FromSeconds(Math.Pow(2, retries.Count));
            if (wait > Options.MaxRetryWait)
            {
                var record = new ExchangeRecord(RecordOf(request), null,
                    $"The API asked to wait {wait.TotalSeconds:0.#} s (Retry-After), longer than the runner waits ({Options.MaxRetryWait.TotalSeconds:0} s).") { Retries = retries };
                return (response, record);
            }
            SpillFiles.Delete(response.BodyFile); // the answer that is retried is not kept
            retries.Add(new RetriedAttempt(response.StatusCode, $"{response.StatusCode} {response.ReasonPhrase}: waited {wait.TotalSeconds:0.###} s as Retry-After asks", wait.TotalMilliseconds));
            Report(0, 0, $"{response.StatusCode} from {new Uri(request.Url).Host}: waiting {wait.TotalSeconds:0.#} s before retrying");
            await Task.Delay(wait, Options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    public RequestRecord RecordOf(OutgoingRequest request) => new(
        request.Method,
        Redactor.Redact(request.Url),
        [.. request.Headers.Select(Redactor.RedactHeader)],
        request.Body is null ? null : Redactor.Redact(request.Body));

    /// <param name="parsed">The body already parsed as JSON by the caller: then it need not be parsed again when no
    /// secret had to be taken out of it.</param>
    public ResponseRecord RecordOf(HttpExchange response, System.Text.Json.Nodes.JsonNode? parsed = null)
    {
        if (response.BodyFile is { } file)
        {
            Redactor.RedactFile(file);
        }
        var body = Redactor.Redact(response.Body);
        var isJson = !response.BodyTruncated && response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var json = isJson && ((parsed is not null && ReferenceEquals(body, response.Body)) || Data.ResponseData.ParseJson(body) is not null)
            ? new JsonBody(body)
            : null;
        return new ResponseRecord(
            response.StatusCode,
            response.ReasonPhrase,
            [.. response.Headers.Select(Redactor.RedactHeader)],
            json is null ? body : null,
            json,
            response.BodyFile,
            response.SizeBytes,
            response.ContentType,
            Math.Round(response.TimeToHeaders.TotalMilliseconds, 2),
            Math.Round(response.Elapsed.TotalMilliseconds, 2));
    }

    public void Dispose() => _rateLimiter.Dispose();
}
