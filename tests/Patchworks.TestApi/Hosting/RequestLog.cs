using System.Collections.Concurrent;

namespace Patchworks.TestApi.Hosting;

/// <summary>A request as the server received it, for tests that check what the runner really sent.</summary>
public sealed record LoggedRequest(string Method, string Host, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Every request the test server received, in order.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();

    public IReadOnlyList<LoggedRequest> Requests => [.. _requests];

    public void Add(LoggedRequest request) => _requests.Enqueue(request);
}
