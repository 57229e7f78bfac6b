using System.Globalization;

namespace Patchworks.Core.Http;

/// <summary>Reads a Retry-After header: delay-seconds (Shopify sends "2.0", so fractions too) or an HTTP date.</summary>
public static class RetryAfter
{
    /// <summary>Waits at or beyond this many seconds (about 29,000 years) are read as <see cref="TimeSpan.MaxValue"/>.</summary>
    private const double MaxSeconds = 9e11;

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // 1e12 or "Infinity" would overflow a TimeSpan: a wait that long is as good as forever, and callers
            // compare it with the longest wait they accept. NaN and negative values say nothing.
            return double.IsNaN(seconds) || seconds < 0 ? null
                : seconds >= MaxSeconds ? TimeSpan.MaxValue
                : TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
