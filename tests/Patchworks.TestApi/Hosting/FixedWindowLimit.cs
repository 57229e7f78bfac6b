namespace Patchworks.TestApi.Hosting;

/// <summary>
/// A fixed-window request limit (HubSpot's "110 requests every 10 seconds"): the window opens with its first
/// request, and once it holds <c>max</c> requests every other one is refused until it closes.
/// </summary>
public sealed class FixedWindowLimit(int max, TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _count;

    public int Max => max;

    public TimeSpan Interval => interval;

    /// <summary>Counts a request: whether it is allowed, and how many remain in the window after it.</summary>
    public (bool Allowed, int Remaining) TryTake()
    {
        var (allowed, remaining, _) = TryTakeWithReset();
        return (allowed, remaining);
    }

    /// <summary>
    /// Counts a request: whether it is allowed, how many remain in the window after it, and how long until the
    /// window closes (for APIs that say when to come back: BigCommerce's reset milliseconds, Brightpearl's
    /// throttle period, an HTTP date in Retry-After).
    /// </summary>
    public (bool Allowed, int Remaining, TimeSpan Reset) TryTakeWithReset()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= interval)
            {
                _windowStart = now;
                _count = 0;
            }
            var reset = _windowStart + interval - now;
            if (_count >= max)
            {
                return (false, 0, reset);
            }
            _count++;
            return (true, max - _count, reset);
        }
    }
}
