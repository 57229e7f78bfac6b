using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// Receives the authorisation code on a loopback redirect URI (RFC 8252 section 7.3). Start it before the browser
/// opens (the redirect URI, with its port, goes into the authorise URL), then wait for the code. Connections are
/// served concurrently, because browsers open speculative connections that never send anything; anything but the
/// redirect (favicon requests, garbage, a stale tab's wrong state) is answered and the wait goes on. The port is
/// released when the wait ends, however it ends, and on Dispose.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>The path used when no redirect URI is configured.</summary>
    public const string DefaultPath = "/callback";

    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);
    private const int MaxProviderTextLength = 300;

    private readonly List<TcpListener> _listeners;
    private readonly string _path;
    private readonly CancellationTokenSource _disposed = new();
    private int _used;

    private LoopbackRedirectListener(List<TcpListener> listeners, string redirectUri, string path, int port)
    {
        _listeners = listeners;
        RedirectUri = redirectUri;
        _path = path;
        Port = port;
    }

    /// <summary>The redirect URI to send in the authorise URL and repeat in the token request, exactly as it is.</summary>
    public string RedirectUri { get; }

    /// <summary>The port being listened on.</summary>
    public int Port { get; }

    /// <summary>
    /// True for a redirect URI this listener can serve: http (a loopback listener cannot do TLS) on 127.0.0.1,
    /// [::1] or localhost, with or without a port.
    /// </summary>
    public static bool IsLoopbackRedirect(string? redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && Addresses(uri) is not null && uri.UserInfo.Length == 0;

    /// <summary>
    /// Starts listening. With a configured loopback redirect URI, on its host and port (a free port when it has none,
    /// as RFC 8252 lets the port vary); without one, on a free port of 127.0.0.1 with the path <see cref="DefaultPath"/>.
    /// </summary>
    /// <param name="redirectUri">The configured redirect URI, or null.</param>
    /// <exception cref="ArgumentException">The redirect URI is not a loopback http URI (see <see cref="IsLoopbackRedirect"/>).</exception>
    /// <exception cref="SignInFailedException">The port cannot be opened (<see cref="SignInFailure.CannotListen"/>), e.g. it is in use.</exception>
    public static LoopbackRedirectListener Start(string? redirectUri = null)
    {
        if (redirectUri is null)
        {
            var listener = Listen(IPAddress.Loopback, 0, null);
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            return new LoopbackRedirectListener([listener], $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{DefaultPath}", DefaultPath, port);
        }
        if (!IsLoopbackRedirect(redirectUri))
        {
            throw new ArgumentException($"The redirect URI \"{redirectUri}\" is not a loopback address the toolkit can listen on: use http://127.0.0.1:PORT/path or http://localhost:PORT/path.", nameof(redirectUri));
        }
        var uri = new Uri(redirectUri);
        var addresses = Addresses(uri)!;
        // No port written (Uri then reports the scheme's default): any port will do, so take a free one.
        var wanted = uri.IsDefaultPort ? 0 : uri.Port;
        var first = Listen(addresses[0], wanted, redirectUri);
        var actual = ((IPEndPoint)first.LocalEndpoint).Port;
        var listeners = new List<TcpListener> { first };
        foreach (var other in addresses.Skip(1))
        {
            // "localhost" may resolve to ::1 in the browser; listen there too when the machine has IPv6, but
            // 127.0.0.1 alone is enough, so a failure here is not one.
            try
            {
                listeners.Add(Listen(other, actual, redirectUri));
            }
            catch (SignInFailedException)
            {
            }
        }
        var sent = wanted == 0
            ? $"{uri.Scheme}://{uri.Host}:{actual.ToString(CultureInfo.InvariantCulture)}{uri.PathAndQuery}"
            : redirectUri;
        return new LoopbackRedirectListener(listeners, sent, uri.AbsolutePath, actual);
    }

    /// <summary>
    /// Waits for the redirect and returns its code. Can be called once; the port is released when it returns.
    /// </summary>
    /// <param name="expectedState">The state sent in the authorise URL; a redirect with another state is answered 400 and ignored.</param>
    /// <param name="timeout">How long the user has to sign in.</param>
    /// <param name="cancellationToken">Ends the wait with OperationCanceledException.</param>
    /// <exception cref="SignInFailedException">The provider sent an error, the redirect had no code, or the time ran out.</exception>
    public async Task<string> WaitForCodeAsync(string expectedState, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedState);
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            throw new InvalidOperationException("A loopback redirect listener receives one sign-in; start a new one.");
        }

        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        // Dispose ends a wait in progress too, so an abandoned sign-in does not linger until its time-out.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        stop.CancelAfter(timeout);
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loops = _listeners.Select(l => AcceptAsync(l, expectedState, outcome, stop.Token)).ToList();
        try
        {
            try
            {
                await outcome.Task.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!outcome.Task.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                throw new SignInFailedException(SignInFailure.TimedOut,
                    $"No sign-in arrived at {RedirectUri} within {Describe(timeout)}. Sign in in the browser window that opened, or run again to start over.");
            }
            return await outcome.Task.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            Stop();
            foreach (var handlers in await Task.WhenAll(loops).ConfigureAwait(false))
            {
                await Task.WhenAll(handlers).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the port (also done when the wait ends) and ends a wait in progress with ObjectDisposedException.</summary>
    public void Dispose()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }
        Stop();
        _disposed.Dispose();
    }

    private void Stop()
    {
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }
    }

    /// <summary>Accepts connections until stopped; returns the handlers it started so the caller can wait for them.</summary>
    private async Task<List<Task>> AcceptAsync(TcpListener listener, string expectedState, TaskCompletionSource<string> outcome, CancellationToken stop)
    {
        var handlers = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
                handlers.Add(ServeAsync(client, expectedState, outcome, stop));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped: the wait ended and the listener was closed under the pending accept.
        }
        return handlers;
    }

    /// <summary>Serves one connection: reads a request head, answers it, and settles the outcome if it was the redirect.</summary>
    private async Task ServeAsync(TcpClient client, string expectedState, TaskCompletionSource<string> outcome, CancellationToken stop)
    {
        using (client)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
            deadline.CancelAfter(ConnectionTimeout);
            NetworkStream stream;
            LoopbackHttpRequest.Status status;
            LoopbackHttpRequest? request;
            try
            {
                stream = client.GetStream();
                (status, request) = await LoopbackHttpRequest.ReadAsync(stream, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionEnd(e))
            {
                // A connection that went quiet (browsers open some speculatively), or the wait is over.
                return;
            }
            if (status == LoopbackHttpRequest.Status.Closed)
            {
                return;
            }
            var (page, settle) = request is null ? (SignInPage.BadRequest(), null) : Answer(request, expectedState);
            try
            {
                await stream.WriteAsync(page, deadline.Token).ConfigureAwait(false);
                await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
                // Half-close so the browser sees the end of the page before the socket goes away.
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (IsConnectionEnd(e))
            {
                // The browser left before reading the page; what it brought still counts.
            }
            settle?.Invoke(outcome);
            try
            {
                // Read what the client still sends (the rest of an oversized request) before closing: closing with
                // unread data makes the kernel send a reset, and the client may lose the answer already sent.
                var sink = new byte[4096];
                while (await stream.ReadAsync(sink, deadline.Token).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (IsConnectionEnd(e))
            {
            }
        }
    }

    private static bool IsConnectionEnd(Exception e) => e is OperationCanceledException or IOException or SocketException or ObjectDisposedException;

    /// <summary>The answer to one well-formed request and, for the redirect, what it does to the outcome.</summary>
    private (byte[] Page, Action<TaskCompletionSource<string>>? Settle) Answer(LoopbackHttpRequest request, string expectedState)
    {
        if (!string.Equals(request.Path, _path, StringComparison.Ordinal))
        {
            return (SignInPage.NotFound(), null);
        }
        if (request.Method != "GET")
        {
            return (SignInPage.MethodNotAllowed(), null);
        }
        var query = OAuth1Parameters.ParseForm(request.Query);
        string? Value(string name) => query.FirstOrDefault(p => p.Key == name).Value;
        // A redirect without our state may be a stale tab or a forged request: answer it, but it settles nothing,
        // so neither can end the sign-in in progress.
        if (!OAuthState.Matches(expectedState, Value("state")))
        {
            return (SignInPage.WrongState(), null);
        }
        if (Value("error") is { Length: > 0 } error)
        {
            error = Clean(error);
            var description = Value("error_description") is { Length: > 0 } d ? Clean(d) : null;
            var message = $"The provider refused the sign-in: {error}{(description is null ? "" : " (" + description + ")")}.";
            return (SignInPage.Refused(error, description), o => o.TrySetException(new SignInFailedException(SignInFailure.ProviderError, message, error, description)));
        }
        if (Value("code") is { Length: > 0 } code)
        {
            return (SignInPage.Finished(), o => o.TrySetResult(code));
        }
        return (SignInPage.NoCode(), o => o.TrySetException(new SignInFailedException(SignInFailure.InvalidRedirect,
            $"The provider redirected to {RedirectUri} without a code or an error.")));
    }

    /// <summary>Provider text goes into messages and pages: no control characters, and not unbounded.</summary>
    private static string Clean(string text)
    {
        var cleaned = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return cleaned.Length <= MaxProviderTextLength ? cleaned : cleaned[..MaxProviderTextLength] + "...";
    }

    private static TcpListener Listen(IPAddress address, int port, string? redirectUri)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException e)
        {
            listener.Stop();
            var where = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            var target = redirectUri is null ? "" : $" for the redirect URI {redirectUri}";
            var message = e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"Port {port.ToString(CultureInfo.InvariantCulture)} on {where} is already in use by another program, so the sign-in cannot receive the provider's redirect{target}. Close that program, or set oauth2.redirectUri to another port (registered with the provider)."
                : $"Cannot listen on {where}:{port.ToString(CultureInfo.InvariantCulture)}{target}: {e.Message}";
            throw new SignInFailedException(SignInFailure.CannotListen, message, innerException: e);
        }
    }

    /// <summary>The addresses to listen on for a redirect URI's host, the required one first; null when it is not loopback.</summary>
    private static IPAddress[]? Addresses(Uri uri) => uri.Host.ToLowerInvariant() switch
    {
        "127.0.0.1" => [IPAddress.Loopback],
        "[::1]" => [IPAddress.IPv6Loopback],
        "localhost" => [IPAddress.Loopback, IPAddress.IPv6Loopback],
        _ => null,
    };

    private static string Describe(TimeSpan timeout) => timeout.TotalMinutes >= 1 && timeout.Seconds == 0
        ? $"{timeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minute{(timeout.TotalMinutes == 1 ? "" : "s")}"
        : $"{timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
