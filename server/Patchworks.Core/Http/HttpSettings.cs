using System.Security.Cryptography.X509Certificates;

namespace Patchworks.Core.Http;

/// <summary>How the runner's HTTP client connects: time-out, connection overrides, extra trusted roots, body limits.</summary>
public sealed record HttpSettings
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<ConnectTo> ConnectTo { get; init; } = [];

    /// <summary>Root certificates trusted besides the system's (--ca-cert): a private CA, or the test APIs' root.</summary>
    public X509Certificate2Collection TrustedRoots { get; init; } = [];

    /// <summary>Bodies up to this size are kept in memory; larger ones are streamed to a file in <see cref="SpillDirectory"/>.</summary>
    public int MaxBodyInMemory { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most of one body that is read, counted after decompression (a gzip, deflate or brotli bomb inflates a
    /// few kilobytes to gigabytes): the rest is cut off and the answer says so (<see cref="HttpExchange.Failure"/>).
    /// </summary>
    public long MaxBodyBytes { get; init; } = 256L * 1024 * 1024;

    /// <remarks>Per user and owner-only (<see cref="SpillFiles"/>); the files go when their run is disposed or the process exits.</remarks>
    public string SpillDirectory { get; init; } = SpillFiles.DefaultDirectory;

    /// <summary>
    /// Wraps or replaces the socket handler under the runner's HTTP layer (redirects, cookies, decompressed body
    /// reading and limits stay above it): a recorder wraps it and keeps every exchange, a replayer answers from a
    /// recording and never calls it. Null: the network, as is.
    /// </summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? Transport { get; init; }

    public string UserAgent { get; init; } = $"patchworks-toolkit/{typeof(HttpSettings).Assembly.GetName().Version?.ToString(3)} (request runner)";
}
