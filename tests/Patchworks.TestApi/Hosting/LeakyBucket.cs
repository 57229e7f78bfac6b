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

    /// <summary>
    /// Tries to add a request costing <paramref name="cost"/> (1 for REST, query points for GraphQL):
    /// (true, level after it) or (false, level, seconds until it would fit).
    /// </summary>
    public (bool Allowed, int Level, double RetryAfterSeconds) TryTake(double cost = 1)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _level = Math.Max(0, _level - (now - _last).TotalSeconds * leakPerSecond);
            _last = now;
            if (_level + cost > size)
            {
                return (false, (int)Math.Ceiling(_level), (_level + cost - size) / leakPerSecond);
            }
            _level += cost;
            return (true, (int)Math.Ceiling(_level), 0);
        }
    }
}
