using System.Collections.Concurrent;
using Patchworks.Core.Running;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// --record: each case runs against the network as usual while a handler under the runner's HTTP layer keeps every
/// exchange (token requests, logins and signed requests included), in order; when the case ends its recording is
/// written to <see cref="TestCaseInfo.RecordingPath"/> with every secret the run registered replaced by its stand-in
/// (<see cref="SecretPlaceholders"/>). A recording that would still hold a secret is not written: the case fails.
/// </summary>
public sealed class RecordTransport : ICaseTransport
{
    private readonly ConcurrentDictionary<string, CaseRecorder> _cases = new(StringComparer.Ordinal);

    public RunOptions Prepare(TestCaseInfo testCase, RunOptions options)
    {
        var recorder = new CaseRecorder(options.Http.MaxBodyBytes, options.Http.UserAgent);
        _cases[testCase.RecordingPath] = recorder;
        var wrapped = options.Http.Transport;
        var observer = options.SecretObserver;
        return options with
        {
            Http = options.Http with { Transport = socket => new RecordingHandler(recorder, wrapped?.Invoke(socket) ?? socket) },
            SecretObserver = secret =>
            {
                recorder.Secrets.Observe(secret);
                observer?.Invoke(secret);
            },
            // A token another case obtained would leave this case's recording without its token request, and a
            // refresh token another case (or an earlier run) kept would record a refresh where the replay, which
            // starts with an empty store, signs in: each recorded case starts from no token, as its replay does.
            ShareTokens = false,
            TokenStore = new MemoryTokenStore(),
        };
    }

    public Task<string?> CompleteAsync(TestCaseInfo testCase, RunResult result, CancellationToken cancellationToken)
    {
        if (!_cases.TryRemove(testCase.RecordingPath, out var recorder))
        {
            return Task.FromResult<string?>($"{testCase.RecordingPath}: the case was not prepared for recording.");
        }
        try
        {
            var recording = recorder.ToRecording(testCase);
            var bytes = RecordingFile.ToBytes(recording);
            if (Leaked(bytes, recorder.Secrets) is { } leak)
            {
                return Task.FromResult<string?>($"{testCase.RecordingPath}: not written: the recording would hold a secret ({leak}) in a form the recorder cannot replace.");
            }
            RecordingFile.Write(recording, testCase.RecordingPath, testCase.Connector.Model.Directory);
            return Task.FromResult<string?>(null);
        }
        catch (RecordingException e)
        {
            return Task.FromResult<string?>(e.Message);
        }
        finally
        {
            recorder.Clear();
        }
    }

    /// <summary>How a secret left in the file is described (never the value): its length and stand-in kind.</summary>
    private static string? Leaked(byte[] bytes, SecretPlaceholders secrets)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        foreach (var value in secrets.Values)
        {
            // Very short values (a one-letter password) would be found in any text; they are replaced, not checked.
            if (value.Length >= 6 && (text.Contains(value, StringComparison.Ordinal) || text.Contains(Uri.EscapeDataString(value), StringComparison.Ordinal)))
            {
                return $"a value of {value.Length} characters";
            }
        }
        return null;
    }
}

/// <summary>What one case's run sent and received, kept raw until the case ends (the tokens are known only then).</summary>
internal sealed class CaseRecorder(long maxBodyBytes, string userAgent)
{
    private readonly Lock _gate = new();
    private readonly List<RecordedExchange> _raw = [];

    public SecretPlaceholders Secrets { get; } = new();

    public long MaxBodyBytes { get; } = maxBodyBytes;

    public void Add(RecordedExchange exchange)
    {
        lock (_gate)
        {
            _raw.Add(exchange);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _raw.Clear();
        }
    }

    public Recording ToRecording(TestCaseInfo testCase)
    {
        List<RecordedExchange> raw;
        lock (_gate)
        {
            raw = [.. _raw];
        }
        // Cookies first, in the order they came, so each has its stand-in before any text is scrubbed.
        foreach (var exchange in raw)
        {
            foreach (var header in exchange.Request.Headers.Concat(exchange.Response?.Headers ?? [])
                .Where(h => h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)))
            {
                Secrets.ScrubHeader(header.Key, header.Value);
            }
        }
        return new Recording
        {
            Connector = testCase.Connector.Model.Name ?? Path.GetFileName(testCase.Connector.FilePath),
            Endpoint = testCase.EndpointId,
            Case = testCase.CaseName,
            Shape = RequestShape.Of(testCase.Connector, testCase.EndpointId, testCase.Instance),
            Exchanges = [.. raw.Select(Scrub)],
        };
    }

    private RecordedExchange Scrub(RecordedExchange exchange)
    {
        var request = exchange.Request;
        var scrubbedRequest = new RecordedRequest(request.Method, Secrets.Scrub(request.Url),
            [.. request.Headers.Where(h => !IsOwnUserAgent(h)).Select(ScrubHeader)], Scrub(request.Body));
        var response = exchange.Response is { } r ? new RecordedResponse(r.Status, Secrets.Scrub(r.Reason), [.. r.Headers.Select(ScrubHeader)], Scrub(r.Body)!) : null;
        return new RecordedExchange(scrubbedRequest, response, exchange.Error is null ? null : Secrets.Scrub(exchange.Error));
    }

    /// <summary>The runner's own User-Agent names the toolkit's version: kept out so a new version does not change every recording.</summary>
    private bool IsOwnUserAgent(KeyValuePair<string, string> header) =>
        header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) && header.Value == userAgent;

    private KeyValuePair<string, string> ScrubHeader(KeyValuePair<string, string> header) => new(header.Key, Secrets.ScrubHeader(header.Key, header.Value));

    private RecordedBody? Scrub(RecordedBody? body) => body switch
    {
        null => null,
        { Text: { } text } => new RecordedBody(Secrets.Scrub(text), null),
        _ => body,
    };
}

/// <summary>Under the runner's HTTP layer: passes each request on to the network and keeps it with its answer.</summary>
internal sealed class RecordingHandler(CaseRecorder recorder, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? null : RecordedBody.Of(await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.AbsoluteUri, Headers(request.Headers, request.Content?.Headers), requestBody);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            recorder.Add(new RecordedExchange(recorded, null, e.InnerException?.Message ?? e.Message));
            throw;
        }
        // The whole body is read here (decompressed, up to the runner's cap) and handed on as it came.
        var body = await ReadCappedAsync(response.Content, recorder.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        var headers = Headers(response.Headers, response.Content.Headers);
        var content = new ByteArrayContent(body);
        foreach (var header in response.Content.Headers)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        response.Content.Dispose();
        response.Content = content;
        recorder.Add(new RecordedExchange(recorded, new RecordedResponse((int)response.StatusCode, response.ReasonPhrase ?? "", headers, RecordedBody.Of(body)), null));
        return response;
    }

    /// <summary>Headers as sent: one line per Set-Cookie, other repeated values joined as the header's own separator joins them (User-Agent's products by spaces).</summary>
    internal static List<KeyValuePair<string, string>> Headers(System.Net.Http.Headers.HttpHeaders headers, System.Net.Http.Headers.HttpHeaders? content)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var source in content is null ? [headers] : new[] { headers, content })
        {
            foreach (var (name, values) in source.NonValidated)
            {
                if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    list.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
                }
                else
                {
                    list.Add(new(name, values.ToString()));
                }
            }
        }
        return list;
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long cap, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = cap + 1 - buffer.Length;
            buffer.Write(chunk, 0, (int)Math.Min(read, room));
            if (buffer.Length > cap)
            {
                // One byte past the cap: the runner sees the body is too large and says so.
                break;
            }
        }
        return buffer.ToArray();
    }
}
