namespace Patchworks.Core.Running.Auth;

/// <summary>
/// A code verifier (kept, sent only to the token endpoint) and its challenge (sent in the authorise URL).
/// A class rather than a record so that <see cref="ToString"/> cannot print the verifier.
/// </summary>
public sealed class PkcePair
{
    internal PkcePair(string verifier, string challenge)
    {
        Verifier = verifier;
        Challenge = challenge;
    }

    /// <summary>The code_verifier for the token request. A secret until the code is redeemed.</summary>
    public string Verifier { get; }

    /// <summary>The code_challenge for the authorise URL.</summary>
    public string Challenge { get; }

    /// <summary>The code_challenge_method, always S256.</summary>
    public string Method => Pkce.Method;

    /// <inheritdoc/>
    public override string ToString() => $"PKCE S256 challenge {Challenge}";
}
