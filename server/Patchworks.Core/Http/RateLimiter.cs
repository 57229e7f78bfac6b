using Patchworks.Core.Model;

namespace Patchworks.Core.Http;

/// <summary>
/// Spaces requests so that no more than N go out in any period of the instance's rate limit, as the platform
/// queues them. A sliding window of send times: a burst up to N is allowed, then each request waits until the
/// oldest in the window has aged out.
/// </summary>
public sealed class RateLimiter(RateLimit? limit, TimeProvider? time = null) : IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public TimeSpan Period { get; } = limit?.Per switch
    {
        "second" => TimeSpan.FromSeconds(1),
        "minute" => TimeSpan.FromMinutes(1),
        "hour" => TimeSpan.FromHours(1),
        "day" => TimeSpan.FromDays(1),
        _ => TimeSpan.Zero,
    };

    public int Requests { get; } = Math.Max(1, limit?.Requests ?? int.MaxValue);

    /// <summary>Total time spent waiting for the limit, reported in the run's totals.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>Waits until one more request may go out, then counts it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Period == TimeSpan.Zero)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            while (_sent.Count > 0 && now - _sent.Peek() >= Period)
            {
                _sent.Dequeue();
            }
            if (_sent.Count >= Requests)
            {
                var wait = _sent.Peek() + Period - now;
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        // What was waited, not what was planned: a run cancelled mid-wait reports the time it spent.
                        Waited += _time.GetUtcNow() - now;
                    }
                }
                _sent.Dequeue();
            }
            _sent.Enqueue(_time.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
