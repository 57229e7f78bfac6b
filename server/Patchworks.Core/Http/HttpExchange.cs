using System.Net;

namespace Patchworks.Core.Http;

/// <summary>
/// What came back for one request. A body larger than the in-memory limit is streamed to <see cref="BodyFile"/>
/// and <see cref="Body"/> holds only its first part.
/// </summary>
public sealed record HttpExchange
{
    public required HttpStatusCode Status { get; init; }
    public required string ReasonPhrase { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required string Body { get; init; }
    public string? BodyFile { get; init; }
    public bool BodyTruncated => BodyFile is not null;
    public required long SizeBytes { get; init; }
    public string? ContentType { get; init; }
    public required TimeSpan TimeToHeaders { get; init; }
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The redirects followed to reach this answer, in order (none for a direct answer).</summary>
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];

    /// <summary>Why the redirect this answer gives was not followed (its body would have taken a secret to another origin).</summary>
    public string? RedirectRefused { get; init; }

    /// <summary>Why this answer cannot be used although it came (a body cut off at the size cap, a redirect loop), or null.</summary>
    public string? Failure { get; init; }

    public int StatusCode => (int)Status;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A header's value (several of the same name joined by ", "), or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>
/// One redirect the sender followed: its status, from and to which URL (as sent, secrets in them), and the
/// credentials left behind because the target is another origin (empty on the same origin).
/// </summary>
public sealed record RedirectHop(int Status, string From, string To, IReadOnlyList<string> Dropped)
{
    public bool CrossOrigin => !Origin.Same(From, To);
}
