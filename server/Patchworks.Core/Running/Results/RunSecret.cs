namespace Patchworks.Core.Running.Results;

/// <summary>What a secret value of a run is, so a recording can name its stand-in by kind and order.</summary>
public enum SecretKind
{
    /// <summary>A secret variable's value (an instance secret, a secret default, a secret --var): named after the variable.</summary>
    Variable,
    /// <summary>An access token an auth method obtained (or reused from the cache).</summary>
    AccessToken,
    RefreshToken,
    /// <summary>A session id a login returned (SOAP).</summary>
    Session,
    /// <summary>Another value an auth method or its script produced and the request carries (a token variable).</summary>
    Token,
    /// <summary>A request signature (OAuth 1): different on every request.</summary>
    Signature,
    /// <summary>Anything else the redactor was told to hide: a composed header value, a PKCE verifier, a Basic credential.</summary>
    Value,
}

/// <summary>A secret value as the run registers it with its redactor, for <see cref="RunOptions.SecretObserver"/>.</summary>
/// <param name="Name">The variable's key for <see cref="SecretKind.Variable"/> and <see cref="SecretKind.Token"/>, else null.</param>
public sealed record RunSecret(string Value, SecretKind Kind, string? Name = null);
