using System.Net;

namespace Patchworks.Core.Running.Http;

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

    public int StatusCode => (int)Status;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A header's value (several of the same name joined by ", "), or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}
