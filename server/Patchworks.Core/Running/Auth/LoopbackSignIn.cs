namespace Patchworks.Core.Running.Auth;

/// <summary>
/// The authorisation code sign-in for a person at this machine: a loopback listener, the provider's authorise page
/// in the browser, the code from the redirect. Failures become <see cref="AuthenticationFailedException"/>, which the
/// runner reports as a failed authentication.
/// </summary>
public sealed class LoopbackSignIn : IInteractiveSignIn
{
    private readonly IBrowser _browser;
    private readonly TimeSpan _timeout;

    /// <param name="browser">Shows the authorise URL to the user.</param>
    /// <param name="timeout">How long the user has to sign in; 5 minutes when null.</param>
    public LoopbackSignIn(IBrowser browser, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        _browser = browser;
        _timeout = timeout ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// Signs in. A configured loopback redirect URI is listened on as it is; a configured non-loopback one (the
    /// platform's https address) cannot be received here, so a free loopback port is used instead, as for none.
    /// The provider must accept that redirect URI (RFC 8252 section 7.3 asks providers to accept any loopback port).
    /// </summary>
    public async Task<SignInResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.ClientId))
        {
            throw new AuthenticationFailedException("The sign-in needs a client id (oauth2.clientId), and it resolved to nothing.");
        }
        try
        {
            using var listener = LoopbackRedirectListener.Start(LoopbackRedirectListener.IsLoopbackRedirect(request.RedirectUri) ? request.RedirectUri : null);
            var state = OAuthState.Create();
            Uri url;
            try
            {
                url = AuthorizationRequest.Build(request.AuthorizeEndpoint, request.ClientId, listener.RedirectUri, request.Scope, state, request.CodeChallenge);
            }
            catch (ArgumentException e)
            {
                // A connector mistake (additionalUrl not an absolute URL), reported as the run's authentication failure.
                throw new AuthenticationFailedException(e.Message);
            }
            // Listening starts before the browser opens, so a fast provider cannot redirect to a closed port.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var code = listener.WaitForCodeAsync(state, _timeout, waiting.Token);
            try
            {
                await _browser.OpenAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // No browser, no sign-in: end the wait now rather than when it times out.
                await waiting.CancelAsync().ConfigureAwait(false);
                await code.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }
            return new SignInResult(await code.ConfigureAwait(false), listener.RedirectUri);
        }
        catch (SignInFailedException e)
        {
            throw new AuthenticationFailedException(e.Message);
        }
    }
}
