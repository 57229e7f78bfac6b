using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RestSharp;

namespace Patchworks.Core.Http;

/// <summary>
/// Sends requests through RestSharp over one pooled SocketsHttpHandler, which carries the connection overrides
/// (<see cref="ConnectTo"/>) and the extra trusted roots. The body is read by us, not RestSharp, so a large one
/// streams to disk instead of filling memory.
/// </summary>
public sealed class HttpSender : IDisposable
{
    private readonly HttpSettings _settings;
    private readonly RestClient _client;

    /// <summary>Cookies the APIs set, sent back on later requests of this sender; never on a request that goes to another origin.</summary>
    private readonly CookieContainer _cookies = new();

    public HttpSender(HttpSettings settings)
    {
        _settings = settings;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false, // SendAsync follows redirects itself, dropping credentials on another origin
            UseCookies = false, // cookies are ours (_cookies): none go to another origin
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (settings.ConnectTo.Count > 0)
        {
            handler.ConnectCallback = ConnectAsync;
        }
        if (settings.TrustedRoots.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ValidateWithExtraRoots;
        }
        HttpMessageHandler transport = settings.Transport is { } wrap ? wrap(handler) : handler;
        _client = new RestClient(transport, disposeHandler: true, options =>
        {
            options.Timeout = settings.Timeout;
            options.UserAgent = settings.UserAgent;
            options.FollowRedirects = false;
            // DownloadStreamAsync would otherwise swallow a network failure into a null; a 4xx or 5xx is an
            // answer like any other, read by BodyReader.
            options.ThrowOnAnyError = true;
            options.SetErrorExceptionOnUnsuccessfulStatusCode = false;
        });
    }

    /// <summary>Redirects followed for one request at most; the answer after that is the last redirect itself.</summary>
    public const int MaxRedirects = 10;

    /// <summary>
    /// Sends the request and follows redirects (301, 302, 303, 307, 308) to http and https URLs, up to
    /// <see cref="MaxRedirects"/>. A redirect to another origin (scheme, host or port) drops every credential of
    /// the request first (<see cref="Credentials.Without"/>), as curl does; the answer lists the hops.
    /// </summary>
    /// <param name="holdsSecret">Whether a header or query value holds a secret, so it is dropped too on another origin.</param>
    public async Task<HttpExchange> SendAsync(OutgoingRequest outgoing, CancellationToken cancellationToken, Func<string, bool>? holdsSecret = null)
    {
        var started = Stopwatch.GetTimestamp();
        Origin? credentialOrigin = null; // parsed only when a redirect comes
        List<RedirectHop>? redirects = null;
        var current = outgoing;
        while (true)
        {
            var exchange = await SendOnceAsync(current, started, cancellationToken).ConfigureAwait(false);
            if (RedirectTarget(current, exchange) is not { } target)
            {
                return exchange with { Elapsed = Stopwatch.GetElapsedTime(started), Redirects = (IReadOnlyList<RedirectHop>?)redirects ?? [] };
            }
            if (redirects?.Count >= MaxRedirects)
            {
                return exchange with
                {
                    Elapsed = Stopwatch.GetElapsedTime(started),
                    Redirects = redirects,
                    Failure = $"more than {MaxRedirects} redirects ({string.Join(" → ", redirects.Select(r => r.From).Append(current.Url).Append(target.AbsoluteUri).Distinct().Take(4))}" +
                        $"{(redirects.Select(r => r.To).Distinct().Count() < redirects.Count ? ": a redirect loop" : "")}); the {exchange.StatusCode} to {target.AbsoluteUri} was not followed",
                };
            }
            credentialOrigin ??= Origin.Of(new Uri(outgoing.Url));
            redirects ??= [];
            SpillFiles.Delete(exchange.BodyFile);
            var next = current with { Url = target.AbsoluteUri };
            var status = exchange.StatusCode;
            if ((status is 301 or 302 && current.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
                || (status == 303 && !current.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase)))
            {
                // As browsers and HttpClient do: the redirect is fetched with GET, without the body.
                next = next with
                {
                    Method = "GET",
                    Body = null,
                    ContentType = null,
                    Headers = [.. next.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))],
                };
            }
            IReadOnlyList<string> dropped = [];
            if (!next.Anonymous && Origin.Of(target) != credentialOrigin)
            {
                if (next.Body is { } body && holdsSecret?.Invoke(body) == true)
                {
                    // A body with a secret (a grant's client secret, a password) would go along with a 307 or 308:
                    // the redirect is not followed, and its answer is the answer.
                    return exchange with
                    {
                        Elapsed = Stopwatch.GetElapsedTime(started),
                        Redirects = redirects,
                        RedirectRefused = $"the {status} redirect to {Origin.Of(target)}, another origin, was not followed: the request's body holds a secret",
                    };
                }
                next = Credentials.Without(next, holdsSecret, out dropped);
            }
            redirects.Add(new RedirectHop(status, current.Url, next.Url, dropped));
            current = next;
        }
    }

    /// <summary>Where a redirect answer leads, when it is one the sender follows.</summary>
    private static Uri? RedirectTarget(OutgoingRequest request, HttpExchange exchange) =>
        exchange.StatusCode is 301 or 302 or 303 or 307 or 308
        && exchange.Header("Location") is { Length: > 0 } location
        && Uri.TryCreate(new Uri(request.Url), location.Trim(), out var target)
        && target.Scheme is "http" or "https"
            ? target
            : null;

    private async Task<HttpExchange> SendOnceAsync(OutgoingRequest outgoing, long started, CancellationToken cancellationToken)
    {
        var request = new RestRequest(new Uri(outgoing.Url), ParseMethod(outgoing.Method))
        {
            CompletionOption = HttpCompletionOption.ResponseHeadersRead,
            // The body is ours (BodyReader); the writer keeps RestSharp from copying the emptied content.
            ResponseWriter = _ => null,
        };
        var reader = new BodyReader(this, started, outgoing);
        request.Interceptors = [reader];
        try
        {
            // DownloadStreamAsync, not ExecuteAsync: the answer was read by BodyReader already, and ExecuteAsync
            // would build a RestResponse (headers, cookies) nobody reads, measured at a fifth of the layer's cost.
            await using var emptied = await _client.DownloadStreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not ArgumentException)
        {
            // A network failure, RestSharp's time-out, or our body reader's (TimeoutException).
            throw new HttpRequestException(NetworkErrors.Explain(e, new Uri(outgoing.Url), _settings.Timeout), e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return reader.Exchange ?? throw new HttpRequestException(NetworkErrors.Explain(new HttpRequestException("no response"), new Uri(outgoing.Url), _settings.Timeout));
    }

    private async Task<HttpExchange> ReadAsync(HttpResponseMessage message, TimeSpan timeToHeaders, CancellationToken cancellationToken)
    {
        var headers = message.Headers.Concat(message.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        var contentType = message.Content.Headers.ContentType;
        var encoding = contentType?.CharSet is { } charset ? SafeEncoding(charset) : Encoding.UTF8;
        // The time-out covers the whole answer, not only its headers: a server that trickles its body is cut off too.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (_settings.Timeout - timeToHeaders).Ticks)));
        try
        {
            return await ReadBodyAsync(message, timeToHeaders, headers, contentType, encoding, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("The body did not arrive within the time-out.");
        }
    }

    private async Task<HttpExchange> ReadBodyAsync(HttpResponseMessage message, TimeSpan timeToHeaders, List<KeyValuePair<string, string>> headers,
        System.Net.Http.Headers.MediaTypeHeaderValue? contentType, Encoding encoding, CancellationToken cancellationToken)
    {
        await using var stream = await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        var buffer = new MemoryStream(message.Content.Headers.ContentLength is { } length && length <= _settings.MaxBodyInMemory ? (int)length : 0);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        long size = 0;
        FileStream? spill = null;
        string? spillPath = null;
        string? cutOff = null;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (size + read > _settings.MaxBodyBytes)
                {
                    // Counted after decompression: a small gzip bomb is stopped here, not on the disk.
                    read = (int)(_settings.MaxBodyBytes - size);
                    cutOff = $"the body is larger than {_settings.MaxBodyBytes:N0} bytes (counted after decompression), the most the runner reads: it was cut off there";
                }
                size += read;
                if (spill is null && buffer.Length + read > _settings.MaxBodyInMemory)
                {
                    spill = SpillFiles.Create(_settings.SpillDirectory, out var created);
                    spillPath = created;
                    buffer.Position = 0;
                    await buffer.CopyToAsync(spill, cancellationToken).ConfigureAwait(false);
                }
                if (spill is not null)
                {
                    await spill.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    buffer.Write(chunk, 0, read);
                }
                if (cutOff is not null)
                {
                    break;
                }
            }
        }
        catch when (spillPath is not null)
        {
            // A body cut off (a time-out, a reset) leaves no file behind.
            await spill!.DisposeAsync().ConfigureAwait(false);
            spill = null;
            SpillFiles.Delete(spillPath);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
            if (spill is not null)
            {
                await spill.DisposeAsync().ConfigureAwait(false);
            }
        }

        // A spilled body keeps its first part in memory for display; the whole is in the file.
        var shown = buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, _settings.MaxBodyInMemory));
        return new HttpExchange
        {
            Status = message.StatusCode,
            ReasonPhrase = message.ReasonPhrase ?? "",
            Headers = headers,
            Body = encoding.GetString(shown),
            BodyFile = spillPath,
            SizeBytes = size,
            ContentType = contentType?.ToString(),
            Failure = cutOff,
            TimeToHeaders = timeToHeaders,
            Elapsed = timeToHeaders,
        };
    }

    private static Encoding SafeEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }

    private static Method ParseMethod(string method) => Enum.TryParse<Method>(method, ignoreCase: true, out var parsed)
        ? parsed
        : throw new ArgumentException($"\"{method}\" is not an HTTP method the runner can send.", nameof(method));

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        if (_settings.ConnectTo.FirstOrDefault(c => c.Matches(host, port)) is { } overridden)
        {
            (host, port) = (overridden.TargetHost, overridden.TargetPort);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The system's verdict, except that a chain ending in one of the extra roots is trusted too; a wrong host name never is.</summary>
    private bool ValidateWithExtraRoots(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_settings.TrustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    /// <summary>
    /// A plain HttpClient on the same connection settings (--connect-to, extra trusted roots, time-out) for binary
    /// bodies (the publisher's logo upload and download). It follows no redirect and sends no cookie.
    /// </summary>
    public HttpClient CreateBinaryClient()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = _settings.Timeout };
        if (_settings.ConnectTo.Count > 0)
        {
            handler.ConnectCallback = ConnectAsync;
        }
        if (_settings.TrustedRoots.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ValidateWithExtraRoots;
        }
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = _settings.Timeout };
        client.DefaultRequestHeaders.UserAgent.TryParseAdd(_settings.UserAgent);
        return client;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Puts the headers and body on the message exactly as resolved, and reads the answer's body as soon as the
    /// headers arrive, while we own the stream; RestSharp then sees an empty content.
    /// </summary>
    private sealed class BodyReader(HttpSender sender, long started, OutgoingRequest outgoing) : RestSharp.Interceptors.Interceptor
    {
        public HttpExchange? Exchange { get; private set; }

        /// <summary>
        /// RestSharp's own header parameters cost a culture-aware lookup each (measured), and its string body
        /// refuses a Content-Type with parameters such as SOAP's "text/xml; charset=utf-8".
        /// </summary>
        public override ValueTask BeforeHttpRequest(HttpRequestMessage requestMessage, CancellationToken cancellationToken)
        {
            if (outgoing.Body is not null)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(outgoing.Body));
                content.Headers.TryAddWithoutValidation("Content-Type", outgoing.Header("Content-Type") ?? outgoing.ContentType ?? "application/octet-stream");
                requestMessage.Content = content;
            }
            foreach (var (name, value) in outgoing.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                // The connector's value replaces RestSharp's default (Accept, User-Agent); a content header
                // (Content-Language, say) belongs to the body.
                requestMessage.Headers.Remove(name);
                if (!requestMessage.Headers.TryAddWithoutValidation(name, value) && requestMessage.Content?.Headers.TryAddWithoutValidation(name, value) != true)
                {
                    throw new ArgumentException($"The header \"{name}\" cannot be sent on this request.");
                }
            }
            if (!outgoing.Anonymous && outgoing.Header("Cookie") is null && requestMessage.RequestUri is { } uri
                && sender._cookies.GetCookieHeader(uri) is { Length: > 0 } cookies)
            {
                requestMessage.Headers.TryAddWithoutValidation("Cookie", cookies);
            }
            else if (outgoing.Anonymous)
            {
                requestMessage.Headers.Remove("Cookie");
            }
            return ValueTask.CompletedTask;
        }

        public override async ValueTask AfterHttpRequest(HttpResponseMessage responseMessage, CancellationToken cancellationToken)
        {
            if (!outgoing.Anonymous && responseMessage.RequestMessage?.RequestUri is { } uri && responseMessage.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    try
                    {
                        sender._cookies.SetCookies(uri, setCookie);
                    }
                    catch (CookieException)
                    {
                        // A cookie the container cannot take (a malformed one, or for another domain) is not sent back.
                    }
                }
            }
            Exchange = await sender.ReadAsync(responseMessage, Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            responseMessage.Content = new ByteArrayContent([]);
        }
    }
}
