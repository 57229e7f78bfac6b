using Patchworks.Core.Running.Auth;

namespace Patchworks.Runner.Tests.Auth;

public class LoopbackSignInTests
{
    [Fact]
    public async Task Browser_signs_in_at_the_provider_and_the_code_comes_back()
    {
        using var provider = new FakeProvider();
        var browser = new HttpClientBrowser();
        var pkce = Pkce.Create();

        var result = await new LoopbackSignIn(browser, TimeSpan.FromSeconds(20)).SignInAsync(
            new SignInRequest(provider.AuthorizeEndpoint + "?prompt=consent", "client-1", "crm.read crm.write", null, pkce.Challenge), CancellationToken.None);

        Assert.Equal(provider.Code, result.Code);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback$", result.RedirectUri);
        Assert.Equal(result.RedirectUri, provider.Parameter("redirect_uri"));
        Assert.Equal("code", provider.Parameter("response_type"));
        Assert.Equal("client-1", provider.Parameter("client_id"));
        Assert.Equal("crm.read crm.write", provider.Parameter("scope"));
        Assert.Equal("consent", provider.Parameter("prompt"));
        Assert.Equal(pkce.Challenge, provider.Parameter("code_challenge"));
        Assert.Equal("S256", provider.Parameter("code_challenge_method"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", provider.Parameter("state"));
        Assert.Contains("You can close this tab", browser.FinalPage, StringComparison.Ordinal);
        Assert.True(Loopback.IsFree(Loopback.PortOf(result.RedirectUri)));
    }

    [Fact]
    public async Task A_configured_loopback_redirect_is_used_as_it_is()
    {
        using var provider = new FakeProvider();
        var configured = $"http://localhost:{Loopback.FreePort()}/oauth/done";

        var result = await new LoopbackSignIn(new HttpClientBrowser(), TimeSpan.FromSeconds(20)).SignInAsync(
            new SignInRequest(provider.AuthorizeEndpoint, "c", null, configured, null), CancellationToken.None);

        Assert.Equal(configured, result.RedirectUri);
        Assert.Equal(configured, provider.Parameter("redirect_uri"));
        Assert.DoesNotContain(provider.Received, p => p.Key is "scope" or "code_challenge" or "code_challenge_method");
    }

    [Fact]
    public async Task The_platforms_https_redirect_is_replaced_by_a_loopback_one()
    {
        using var provider = new FakeProvider();

        var result = await new LoopbackSignIn(new HttpClientBrowser(), TimeSpan.FromSeconds(20)).SignInAsync(
            new SignInRequest(provider.AuthorizeEndpoint, "c", null, "https://app.wearepatchworks.com/oauth/authenticate", null), CancellationToken.None);

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/callback$", result.RedirectUri);
        Assert.Equal(provider.Code, result.Code);
    }

    [Fact]
    public async Task A_refusal_at_the_provider_is_an_authentication_failure()
    {
        using var provider = new FakeProvider { DenyWith = "access_denied" };
        var browser = new HttpClientBrowser();

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => new LoopbackSignIn(browser, TimeSpan.FromSeconds(20)).SignInAsync(
            new SignInRequest(provider.AuthorizeEndpoint, "c", null, null, null), CancellationToken.None));

        Assert.Equal("The provider refused the sign-in: access_denied (The user denied access).", error.Message);
        Assert.Contains("Sign-in failed", browser.FinalPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_signing_in_times_out()
    {
        var browser = new RecordingBrowser();

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => new LoopbackSignIn(browser, TimeSpan.FromMilliseconds(300)).SignInAsync(
            new SignInRequest("https://idp.example.com/authorize", "c", null, null, null), CancellationToken.None));

        Assert.StartsWith("No sign-in arrived at http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.NotNull(browser.Opened);
    }

    [Fact]
    public async Task A_browser_that_cannot_open_ends_the_sign_in_at_once_and_frees_the_port()
    {
        var browser = new RecordingBrowser(new InvalidOperationException("no display"));
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new LoopbackSignIn(browser, TimeSpan.FromSeconds(30)).SignInAsync(
            new SignInRequest("https://idp.example.com/authorize", "c", null, null, null), CancellationToken.None));

        Assert.Equal("no display", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        var redirect = System.Web.HttpUtility.ParseQueryString(browser.Opened!.Query)["redirect_uri"]!;
        Assert.True(Loopback.IsFree(Loopback.PortOf(redirect)));
    }

    [Fact]
    public async Task A_relative_authorise_endpoint_is_an_authentication_failure_before_any_browser()
    {
        var browser = new RecordingBrowser();

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => new LoopbackSignIn(browser).SignInAsync(
            new SignInRequest("/oauth/authorize", "c", null, null, null), CancellationToken.None));

        Assert.Equal("The authorise endpoint \"/oauth/authorize\" is not an absolute http or https URL. (Parameter 'authorizeEndpoint')", error.Message);
        Assert.Null(browser.Opened);
    }
}
