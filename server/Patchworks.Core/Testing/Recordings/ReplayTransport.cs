using System.Collections.Concurrent;
using System.Net;
using Patchworks.Core.Model;
using Patchworks.Core.Resolution;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// --replay: each case runs through the runner as usual, but a handler in place of the socket handler answers from
/// the case's recording (no connection is ever opened), and every secret variable resolves to its stand-in, so no
/// credentials are needed; tokens come back as the recorded stand-ins and later requests carry them. The case fails
/// when the recording is missing, unreadable or stale (the connector's request shape changed), when the run sent a
/// request the recording does not hold (naming the nearest recorded one), or when a recorded exchange was never asked for.
/// </summary>
/// <param name="maxRecordingBytes">Recordings larger than this are refused unread.</param>
public sealed class ReplayTransport(long maxRecordingBytes = RecordingFile.DefaultMaxBytes) : ICaseTransport
{
    private readonly ConcurrentDictionary<string, ReplayCase> _cases = new(StringComparer.Ordinal);

    public RunOptions Prepare(TestCaseInfo testCase, RunOptions options)
    {
        var replay = ReplayCase.Load(testCase, maxRecordingBytes);
        _cases[testCase.RecordingPath] = replay;
        var observer = options.SecretObserver;
        return options with
        {
            Http = options.Http with { Transport = socket => new ReplayHandler(replay, socket) },
            Secrets = new PlaceholderSecrets(testCase.Instance),
            SecretObserver = secret =>
            {
                replay.Secrets.Observe(secret);
                observer?.Invoke(secret);
            },
            ShareTokens = false,
            // Refresh tokens kept by an earlier live run (real ones) stay out of a replay.
            TokenStore = new MemoryTokenStore(),
            // Nothing is sent: the connector's rate limit has nothing to protect.
            WaitForRateLimit = false,
        };
    }

    public Task<string?> CompleteAsync(TestCaseInfo testCase, RunResult result, CancellationToken cancellationToken)
    {
        if (!_cases.TryRemove(testCase.RecordingPath, out var replay))
        {
            return Task.FromResult<string?>($"{testCase.RecordingPath}: the case was not prepared for replay.");
        }
        if (replay.Refusal is { } refusal)
        {
            return Task.FromResult<string?>(refusal);
        }
        var problems = new List<string>(replay.Unmatched);
        var unserved = replay.Matcher!.Unserved();
        // After a request the recording could not answer, the run stopped: what it did not ask for says nothing more.
        if (problems.Count == 0 && unserved.Count > 0)
        {
            var shown = unserved.Take(3).Select(e => $"{e.Request.Method} {e.Request.Url}");
            problems.Add($"{unserved.Count} recorded exchange{(unserved.Count == 1 ? " was" : "s were")} never asked for (the connector now makes fewer requests): " +
                $"{string.Join(", ", shown)}{(unserved.Count > 3 ? ", …" : "")}");
        }
        return Task.FromResult<string?>(problems.Count == 0 ? null : $"{testCase.RecordingPath}: {string.Join(" ", problems)}");
    }
}

/// <summary>One case's recording as replayed: what it answers, and what it could not.</summary>
internal sealed class ReplayCase
{
    private readonly ConcurrentQueue<string> _unmatched = new();

    private ReplayCase(string? refusal, RequestMatcher? matcher)
    {
        Refusal = refusal;
        Matcher = matcher;
    }

    /// <summary>Why nothing is replayed: the recording is missing, unreadable or stale.</summary>
    public string? Refusal { get; }

    public RequestMatcher? Matcher { get; }

    /// <summary>The replayed run's own secrets (values that are not stand-ins: a secret default, a secret --var), replaced as the recorder did before matching.</summary>
    public SecretPlaceholders Secrets { get; } = new();

    public IEnumerable<string> Unmatched => _unmatched;

    public void AddUnmatched(string message) => _unmatched.Enqueue(message);

    public static ReplayCase Load(TestCaseInfo testCase, long maxBytes)
    {
        Recording recording;
        try
        {
            recording = RecordingFile.Read(testCase.RecordingPath, testCase.Connector.Model.Directory, maxBytes);
        }
        catch (RecordingException e)
        {
            return new ReplayCase(e.Message, null);
        }
        var current = RequestShape.Of(testCase.Connector, testCase.EndpointId, testCase.Instance);
        if (current.Hash != recording.Shape.Hash)
        {
            var changed = recording.Shape.Differences(current);
            return new ReplayCase($"{testCase.RecordingPath}: recording is stale: re-record with --record" +
                (changed.Count > 0 ? $" (changed since it was recorded: {string.Join(", ", changed.Take(8))})." : "."), null);
        }
        if (recording.Endpoint != testCase.EndpointId)
        {
            return new ReplayCase($"{testCase.RecordingPath}: the recording is of endpoint '{recording.Endpoint}', not '{testCase.EndpointId}'.", null);
        }
        return new ReplayCase(null, new RequestMatcher(recording.Exchanges));
    }
}

/// <summary>In place of the socket handler: answers each request from the recording, never from the network.</summary>
internal sealed class ReplayHandler(ReplayCase replay, HttpMessageHandler socket) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (replay.Refusal is { } refusal)
        {
            throw new HttpRequestException($"replay: {refusal}");
        }
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var url = replay.Secrets.Scrub(request.RequestUri!.AbsoluteUri);
        var contentType = request.Content?.Headers.ContentType?.ToString();
        var exchange = replay.Matcher!.Take(request.Method.Method, url, contentType, replay.Secrets.Scrub(body), out var mismatch);
        if (exchange is null)
        {
            var message = $"replay: the recording holds no answer for {request.Method.Method} {url}: {mismatch}.";
            replay.AddUnmatched(message);
            throw new HttpRequestException(message);
        }
        if (exchange.Response is not { } recorded)
        {
            throw new HttpRequestException($"replay: {exchange.Error ?? "the recorded request failed"}");
        }
        var response = new HttpResponseMessage((HttpStatusCode)recorded.Status)
        {
            ReasonPhrase = recorded.Reason,
            RequestMessage = request,
            Content = new ByteArrayContent(recorded.Body.Bytes()),
        };
        foreach (var (name, value) in recorded.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A replay's secrets: each instance secret resolves to the stand-in of the variable that names it, so no credential is needed.</summary>
internal sealed class PlaceholderSecrets(Instance? instance) : ISecretProvider
{
    public string? Get(SecretReference reference)
    {
        var key = instance?.Secrets
            .Where(e => e.Value is { } text && SecretReference.TryParse(text, out var parsed) && parsed == reference)
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return SecretPlaceholders.ForVariable(key ?? reference.Name);
    }
}
