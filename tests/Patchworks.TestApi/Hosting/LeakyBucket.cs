namespace Patchworks.TestApi.Hosting;

/// <summary>
/// A leaky bucket rate limit (Shopify's REST model): each request adds one, the bucket drains at a fixed rate,
/// and a request that would overflow it is refused with the time until one slot is free.
/// </summary>
public sealed class LeakyBucket(int size, double leakPerSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _level;
    private DateTimeOffset _last = time.GetUtcNow();

    public int Size => size;

    /// <summary>Tries to add one request: (true, level after it) or (false, full level, seconds to wait).</summary>
    public (bool Allowed, int Level, double RetryAfterSeconds) TryTake()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _level = Math.Max(0, _level - (now - _last).TotalSeconds * leakPerSecond);
            _last = now;
            if (_level + 1 > size)
            {
                return (false, size, (_level + 1 - size) / leakPerSecond);
            }
            _level += 1;
            return (true, (int)Math.Ceiling(_level), 0);
        }
    }
}
