namespace Patchworks.Core.Running.Auth;

/// <summary>
/// The user signs in at the provider and the authorisation code comes back (OAuth 2 authorisation code). The host
/// decides how: the CLI opens a browser and listens on a loopback port, tests drive a fake provider.
/// </summary>
public interface IInteractiveSignIn
{
    /// <param name="authorizeUrl">The provider's authorise URL with client_id, scope, state and the PKCE challenge.</param>
    /// <returns>The code, and the redirect URI it was sent to (the token request must repeat it).</returns>
    Task<SignInResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken);
}

/// <summary>What the sign-in needs: the provider's authorise endpoint and the parameters for it.</summary>
public sealed record SignInRequest(string AuthorizeEndpoint, string ClientId, string? Scope, string? RedirectUri, string? CodeChallenge);

public sealed record SignInResult(string Code, string RedirectUri)
{
    /// <summary>Never the code: it is a credential until it is exchanged.</summary>
    public override string ToString() => $"sign-in code for {RedirectUri}";
}
