namespace Patchworks.Core.Running.Auth;

/// <summary>The URL the user is sent to for the authorisation code grant (RFC 6749 section 4.1.1, with RFC 7636's PKCE parameters).</summary>
public static class AuthorizationRequest
{
    private static readonly string[] OwnParameters = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

    /// <summary>
    /// The authorise URL: the endpoint's own query kept (providers put things like <c>prompt=consent</c> there),
    /// followed by response_type=code, client_id, redirect_uri, scope, state and, with a challenge,
    /// code_challenge and code_challenge_method=S256. An endpoint parameter of the same name as one of these is
    /// dropped rather than sent twice, which providers refuse; a fragment is dropped (section 3.1 forbids one).
    /// Use <see cref="Uri.AbsoluteUri"/> of the result, not ToString(), which unescapes.
    /// </summary>
    /// <param name="authorizeEndpoint">The provider's authorise endpoint (the auth method's additionalUrl).</param>
    /// <param name="clientId">The client id.</param>
    /// <param name="redirectUri">The redirect URI exactly as the token request will repeat it.</param>
    /// <param name="scope">Space-separated scopes, or null to send none.</param>
    /// <param name="state">The state from <see cref="OAuthState.Create"/>.</param>
    /// <param name="codeChallenge">The S256 challenge from <see cref="Pkce"/>, or null without PKCE.</param>
    /// <param name="extraParameters">Further parameters to add (audience, prompt, ...), after the standard ones.</param>
    /// <exception cref="ArgumentException">The endpoint is not an absolute http or https URL.</exception>
    public static Uri Build(string authorizeEndpoint, string clientId, string redirectUri, string? scope, string state, string? codeChallenge,
        IEnumerable<KeyValuePair<string, string>>? extraParameters = null)
    {
        ArgumentNullException.ThrowIfNull(authorizeEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        if (!Uri.TryCreate(authorizeEndpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The authorise endpoint \"{authorizeEndpoint}\" is not an absolute http or https URL.", nameof(authorizeEndpoint));
        }

        var ours = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", clientId),
            new("redirect_uri", redirectUri),
        };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            ours.Add(new("scope", scope.Trim()));
        }
        ours.Add(new("state", state));
        if (!string.IsNullOrEmpty(codeChallenge))
        {
            ours.Add(new("code_challenge", codeChallenge));
            ours.Add(new("code_challenge_method", Pkce.Method));
        }
        var extra = extraParameters?.ToList() ?? [];
        var replaced = OwnParameters.Where(name => ours.Any(p => p.Key == name)).Concat(extra.Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);

        // The endpoint's own pairs stay exactly as written (no decode and re-encode) unless replaced.
        var kept = endpoint.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !replaced.Contains(PercentEncoding.Decode(pair.Split('=')[0], plusIsSpace: true)));
        var added = ours.Concat(extra).Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value));
        var withoutQuery = endpoint.GetLeftPart(UriPartial.Path);
        return new Uri(withoutQuery + "?" + string.Join('&', kept.Concat(added)));
    }
}
