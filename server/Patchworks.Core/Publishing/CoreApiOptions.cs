using Patchworks.Core.Http;

namespace Patchworks.Core.Publishing;

/// <summary>How to reach the Patchworks Core API: base URL, login URL, credentials, retries, and the HTTP settings the runner uses.</summary>
public sealed class CoreApiOptions
{
    public const string DefaultBaseUrl = "https://core.wearepatchworks.com/api/v1";

    /// <summary>
    /// Whether credentials may be sent to this Core API URL: https, or plain http only to this machine (localhost,
    /// 127.0.0.0/8, ::1), where a stand-in runs. Both the CLI and the language server refuse any other URL.
    /// </summary>
    public static bool IsSecureBaseUrl(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)));

    private static bool IsLoopback(Uri uri) =>
        uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>Where a user name and password are exchanged for a 24-hour bearer token (domain notes, section 10).</summary>
    public const string DefaultLoginUrl = "https://app.wearepatchworks.com/fabric/api/login";

    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>The login URL; null means the documented one for the default base URL, else /fabric/api/login on the base URL's host.</summary>
    public string? LoginUrl { get; init; }

    public required CoreApiCredentials Credentials { get; init; }

    /// <summary>Connection overrides (--connect-to), extra trusted roots (--ca-cert) and the time-out, as for the runner.</summary>
    public HttpSettings Http { get; init; } = new() { UserAgent = $"patchworks-toolkit/{typeof(CoreApiOptions).Assembly.GetName().Version?.ToString(3)} (publish)" };

    /// <summary>Retries of one request after a 429 or a 5xx; then the request fails with the last answer's message.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The longest Retry-After the client waits; a longer one fails the request at once, saying how long the API asked for.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait before retrying a 5xx; it doubles on each retry.</summary>
    public TimeSpan ServerErrorBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Waits between retries (tests pass a recording, instant one).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (wait, token) => Task.Delay(wait, token);

    /// <summary>Retries, logins and waits, as short lines without secrets.</summary>
    public IProgress<string>? Log { get; init; }

    public string ResolvedLoginUrl()
    {
        if (LoginUrl is { } explicitUrl)
        {
            return explicitUrl;
        }
        var baseUri = new Uri(BaseUrl);
        return baseUri.Host.Equals(new Uri(DefaultBaseUrl).Host, StringComparison.OrdinalIgnoreCase)
            ? DefaultLoginUrl
            : new Uri(baseUri, "/fabric/api/login").ToString();
    }
}

/// <summary>Who the client acts as: an API key (sent raw in Authorization), or a user's login for a bearer token.</summary>
public abstract record CoreApiCredentials
{
    public const string ApiKeyVariable = "PATCHWORKS_API_KEY";
    public const string UsernameVariable = "PATCHWORKS_USERNAME";
    public const string PasswordVariable = "PATCHWORKS_PASSWORD";

    private protected CoreApiCredentials()
    {
    }

    /// <summary>The secret strings, so that outputs can be checked and scrubbed of them.</summary>
    public abstract IReadOnlyList<string> Secrets { get; }

    /// <summary>From PATCHWORKS_API_KEY, else PATCHWORKS_USERNAME + PATCHWORKS_PASSWORD; null when neither is set.</summary>
    public static CoreApiCredentials? FromEnvironment(Func<string, string?> read)
    {
        if (read(ApiKeyVariable) is { Length: > 0 } key)
        {
            return new ApiKey(key);
        }
        return read(UsernameVariable) is { Length: > 0 } user && read(PasswordVariable) is { Length: > 0 } password ? new Login(user, password) : null;
    }

    public sealed record ApiKey(string Key) : CoreApiCredentials
    {
        public override IReadOnlyList<string> Secrets => [Key];

        public override string ToString() => "API key";
    }

    public sealed record Login(string Username, string Password) : CoreApiCredentials
    {
        public override IReadOnlyList<string> Secrets => [Password];

        public override string ToString() => "user login";
    }
}
