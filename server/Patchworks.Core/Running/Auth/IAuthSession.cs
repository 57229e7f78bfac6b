using Patchworks.Core.Model;
using Patchworks.Core.Http;

namespace Patchworks.Core.Running.Auth;

/// <summary>
/// How one auth method takes part in a run. Static credentials (basic, token, API key) are already in the
/// resolved request; token methods obtain a token first and put it in a run-time value; OAuth 1 signs each request.
/// </summary>
public interface IAuthSession
{
    /// <summary>Run-time values for endpoint requests (the token under its variable), obtained when needed.</summary>
    Task<IReadOnlyDictionary<string, string>> ValuesAsync(RunContext run, CancellationToken cancellationToken);

    /// <summary>The last step before a request goes out.</summary>
    OutgoingRequest Sign(OutgoingRequest request) => request;

    /// <summary>After a 401: obtains a fresh token once. False when the method has nothing to renew.</summary>
    Task<bool> RenewAsync(RunContext run, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>The session for an auth method, by its type.</summary>
public static class AuthSessions
{
    public static IAuthSession Create(AuthMethod? auth) => auth?.Type switch
    {
        "oauth2ClientCredentials" or "oauth2Password" or "oauth2AuthorizationCode" => new OAuth2Session(auth),
        "soap" => new SoapTokenSession(auth),
        "oauth1" => new OAuth1Session(auth),
        _ => new StaticCredentials(),
    };
}

/// <summary>Basic, token, API key and none: the resolver already put the credentials in the request.</summary>
public sealed class StaticCredentials : IAuthSession
{
    public Task<IReadOnlyDictionary<string, string>> ValuesAsync(RunContext run, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}

/// <summary>Authentication failed; the message is safe to show (secrets redacted).</summary>
public sealed class AuthenticationFailedException(string message) : Exception(message);
