using System.Net;
using System.Net.Sockets;
using System.Text;
using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class LoopbackRedirectListenerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Happy_path_returns_the_code_answers_the_browser_and_releases_the_port()
    {
        using var listener = LoopbackRedirectListener.Start();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback$", listener.RedirectUri);
        var wait = listener.WaitForCodeAsync("the-state", Long, CancellationToken.None);

        using var browser = Loopback.Client();
        using var response = await browser.GetAsync(new Uri(listener.RedirectUri + "?code=abc%2Fdef+1&state=the-state&scope=x"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("abc/def 1", await wait);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("Sign-in finished", page, StringComparison.Ordinal);
        Assert.Contains("You can close this tab", page, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", page, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(Loopback.IsFree(listener.Port));
    }

    [Fact]
    public async Task Configured_redirect_uri_is_listened_on_as_it_is()
    {
        var port = Loopback.FreePort();
        var configured = $"http://localhost:{port}/oauth/cb";
        using var listener = LoopbackRedirectListener.Start(configured);
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);

        using var browser = Loopback.Client();
        using var other = await browser.GetAsync(new Uri($"http://127.0.0.1:{port}/oauth/cb2?code=no&state=s"));
        using var right = await browser.GetAsync(new Uri($"http://127.0.0.1:{port}/oauth/cb?code=yes&state=s"));

        Assert.Equal(configured, listener.RedirectUri);
        Assert.Equal(port, listener.Port);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("yes", await wait);
    }

    [Fact]
    public void A_configured_redirect_uri_without_a_port_gets_a_free_one()
    {
        using var listener = LoopbackRedirectListener.Start("http://127.0.0.1/oauth/cb");

        Assert.Equal($"http://127.0.0.1:{listener.Port}/oauth/cb", listener.RedirectUri);
        Assert.NotEqual(80, listener.Port);
        Assert.False(Loopback.IsFree(listener.Port));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8765/callback", true)]
    [InlineData("http://localhost:8765/", true)]
    [InlineData("http://[::1]:8765/cb", true)]
    [InlineData("http://127.0.0.1/cb", true)]
    [InlineData("https://127.0.0.1:8765/cb", false)]
    [InlineData("https://app.wearepatchworks.com/oauth/authenticate", false)]
    [InlineData("http://192.168.1.10:8765/cb", false)]
    [InlineData("/callback", false)]
    [InlineData(null, false)]
    public void Loopback_redirect_uris(string? uri, bool expected) =>
        Assert.Equal(expected, LoopbackRedirectListener.IsLoopbackRedirect(uri));

    [Fact]
    public void A_non_loopback_redirect_uri_is_refused_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => LoopbackRedirectListener.Start("https://app.wearepatchworks.com/oauth/authenticate"));

        Assert.StartsWith("The redirect URI \"https://app.wearepatchworks.com/oauth/authenticate\" is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_state_is_refused_and_the_wait_goes_on()
    {
        using var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("expected", Long, CancellationToken.None);
        using var browser = Loopback.Client();

        using var forged = await browser.GetAsync(new Uri(listener.RedirectUri + "?code=forged&state=other"));
        using var missing = await browser.GetAsync(new Uri(listener.RedirectUri + "?code=forged"));
        var page = await forged.Content.ReadAsStringAsync();
        Assert.False(wait.IsCompleted);
        using var real = await browser.GetAsync(new Uri(listener.RedirectUri + "?code=real&state=expected"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("the state does not match", page, StringComparison.Ordinal);
        Assert.Equal("real", await wait);
    }

    [Fact]
    public async Task A_provider_error_ends_the_wait_with_its_code_and_description()
    {
        using var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);

        using var browser = Loopback.Client();
        using var response = await browser.GetAsync(new Uri(listener.RedirectUri + "?error=access_denied&error_description=The+user+said+%3Cno%3E&state=s"));
        var page = await response.Content.ReadAsStringAsync();
        var error = await Assert.ThrowsAsync<SignInFailedException>(() => wait);

        Assert.Equal(SignInFailure.ProviderError, error.Reason);
        Assert.Equal("The provider refused the sign-in: access_denied (The user said <no>).", error.Message);
        Assert.Equal("access_denied", error.ProviderError);
        Assert.Equal("The user said <no>", error.ProviderErrorDescription);
        Assert.Contains("access_denied (The user said &lt;no&gt;)", page, StringComparison.Ordinal);
        Assert.True(Loopback.IsFree(listener.Port));
    }

    [Fact]
    public async Task A_redirect_with_neither_code_nor_error_fails()
    {
        using var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);

        using var browser = Loopback.Client();
        using var response = await browser.GetAsync(new Uri(listener.RedirectUri + "?state=s"));
        var error = await Assert.ThrowsAsync<SignInFailedException>(() => wait);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SignInFailure.InvalidRedirect, error.Reason);
        Assert.Equal($"The provider redirected to {listener.RedirectUri} without a code or an error.", error.Message);
    }

    [Fact]
    public async Task Time_out_gives_a_clear_message_and_releases_the_port()
    {
        using var listener = LoopbackRedirectListener.Start();

        var error = await Assert.ThrowsAsync<SignInFailedException>(() => listener.WaitForCodeAsync("s", TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(SignInFailure.TimedOut, error.Reason);
        Assert.Equal($"No sign-in arrived at {listener.RedirectUri} within 0.3 s. Sign in in the browser window that opened, or run again to start over.", error.Message);
        Assert.True(Loopback.IsFree(listener.Port));
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_and_releases_the_port()
    {
        using var listener = LoopbackRedirectListener.Start();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener.WaitForCodeAsync("s", Long, cancel.Token));

        Assert.True(Loopback.IsFree(listener.Port));
    }

    [Fact]
    public void A_port_in_use_gives_a_clear_message()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var error = Assert.Throws<SignInFailedException>(() => LoopbackRedirectListener.Start($"http://127.0.0.1:{port}/cb"));

            Assert.Equal(SignInFailure.CannotListen, error.Reason);
            Assert.Equal($"Port {port} on 127.0.0.1 is already in use by another program, so the sign-in cannot receive the provider's redirect for the redirect URI http://127.0.0.1:{port}/cb. Close that program, or set oauth2.redirectUri to another port (registered with the provider).", error.Message);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task Garbage_oversized_and_split_requests_then_the_real_one()
    {
        using var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);
        var port = listener.Port;

        var garbage = await Loopback.RawAsync(port, [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n']);
        var notHttp = await Loopback.RawAsync(port, "hello there\r\n\r\n");
        var oversized = await Loopback.RawAsync(port, "GET /callback?code=x&state=s HTTP/1.1\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n");
        var cutShort = await Loopback.RawAsync(port, "GET /callback?code=x&st");
        Assert.False(wait.IsCompleted);
        // The real redirect, arriving in three pieces.
        var real = await Loopback.RawAsync(port, Encoding.ASCII.GetBytes("GET /callback?co"), Encoding.ASCII.GetBytes("de=split&state=s HTTP/1.1\r\nHost: 127.0.0.1\r"), Encoding.ASCII.GetBytes("\n\r\n"));

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", garbage, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", notHttp, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", oversized, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", cutShort, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", real, StringComparison.Ordinal);
        Assert.Equal("split", await wait);
    }

    [Fact]
    public async Task Favicon_and_an_idle_preconnection_do_not_get_in_the_way()
    {
        using var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);
        // A browser's speculative connection: opened, never used.
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, listener.Port);

        using var browser = Loopback.Client();
        using var favicon = await browser.GetAsync(new Uri($"http://127.0.0.1:{listener.Port}/favicon.ico"));
        using var post = await browser.PostAsync(new Uri(listener.RedirectUri + "?code=x&state=s"), null);
        Assert.False(wait.IsCompleted);
        using var real = await browser.GetAsync(new Uri(listener.RedirectUri + "?code=c&state=s"));

        Assert.Equal(HttpStatusCode.NotFound, favicon.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("c", await wait);
    }

    [Fact]
    public async Task A_listener_serves_one_sign_in()
    {
        using var listener = LoopbackRedirectListener.Start();
        await Assert.ThrowsAsync<SignInFailedException>(() => listener.WaitForCodeAsync("s", TimeSpan.FromMilliseconds(50), CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => listener.WaitForCodeAsync("s", Long, CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_ends_a_wait_in_progress_and_releases_the_port()
    {
        var listener = LoopbackRedirectListener.Start();
        var wait = listener.WaitForCodeAsync("s", Long, CancellationToken.None);

        listener.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Loopback.IsFree(listener.Port));
    }
}
