using Patchworks.Core.Resolution;
using Patchworks.Core.Running.Auth;
using Patchworks.Core.Http;

namespace Patchworks.Core.Running;

/// <summary>What a run may do and use besides the connector, the endpoint and the instance.</summary>
public sealed record RunOptions
{
    /// <summary>Values for this run only (--var key=value): they win over every other source.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    public ISecretProvider Secrets { get; init; } = EnvironmentSecretProvider.Instance;

    /// <summary>Where refresh tokens are kept between runs (VS Code's SecretStorage in the editor).</summary>
    public ITokenStore TokenStore { get; init; } = new MemoryTokenStore();

    /// <summary>Opens the provider's sign-in page for OAuth 2 authorisation code; null where no one can sign in (CI).</summary>
    public IInteractiveSignIn? SignIn { get; init; }

    public HttpSettings Http { get; init; } = new();

    public int MaxPages { get; init; } = 10;

    public int MaxRecords { get; init; } = 100_000;

    /// <summary>How many times a 429 (or a 503 with Retry-After) is waited out before the run gives up.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The longest Retry-After the runner waits; a longer one ends the run with a message instead.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reports each step (a token obtained, a page read) as it happens: the CLI prints it, the server sends $/progress.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether requests wait for the connector's (or instance's) rate limit. A replay answers from a recording and
    /// sends nothing, so it does not wait; a 429 in the recording is still waited out as recorded.
    /// </summary>
    public bool WaitForRateLimit { get; init; } = true;

    /// <summary>
    /// Told of every secret value the run registers for redaction (instance secrets, tokens obtained, signatures), with
    /// its kind and variable name: a recording replaces each with a stand-in. Null: nobody listens.
    /// </summary>
    public Action<Results.RunSecret>? SecretObserver { get; init; }

    /// <summary>
    /// Whether a token an earlier run of this process obtained is reused, and this run's kept for later runs (the
    /// default). A recorded or replayed test case neither takes nor leaves one, so its recording holds its own token
    /// request whichever case ran first, and a replay's stand-in token never reaches a live run.
    /// </summary>
    public bool ShareTokens { get; init; } = true;
}

/// <summary>One step of a run, for a progress display.</summary>
public sealed record RunProgress(int Page, int Records, string Message);
