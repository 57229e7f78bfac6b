namespace Patchworks.Core.Running.Auth;

/// <summary>Why an interactive sign-in ended without a code.</summary>
public enum SignInFailure
{
    /// <summary>The redirect port could not be opened (most often: another program uses it).</summary>
    CannotListen,

    /// <summary>The provider redirected back with an error (access_denied when the user refused).</summary>
    ProviderError,

    /// <summary>No redirect arrived in time.</summary>
    TimedOut,

    /// <summary>The redirect carried the right state but neither a code nor an error.</summary>
    InvalidRedirect,
}

/// <summary>
/// An interactive sign-in failed. The message is meant for the user and never holds a secret (no code, no
/// verifier); the provider's error and description are kept apart for callers that want them.
/// </summary>
public sealed class SignInFailedException : Exception
{
    /// <param name="reason">What went wrong.</param>
    /// <param name="message">A message for the user, without secrets.</param>
    /// <param name="providerError">The provider's error code, with <see cref="SignInFailure.ProviderError"/>.</param>
    /// <param name="providerErrorDescription">The provider's error_description, when it sent one.</param>
    /// <param name="innerException">The socket error behind <see cref="SignInFailure.CannotListen"/>.</param>
    public SignInFailedException(SignInFailure reason, string message, string? providerError = null, string? providerErrorDescription = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ProviderError = providerError;
        ProviderErrorDescription = providerErrorDescription;
    }

    /// <summary>What went wrong.</summary>
    public SignInFailure Reason { get; }

    /// <summary>The provider's <c>error</c> parameter (RFC 6749 section 4.1.2.1), such as access_denied.</summary>
    public string? ProviderError { get; }

    /// <summary>The provider's <c>error_description</c>, if any.</summary>
    public string? ProviderErrorDescription { get; }
}
