namespace Patchworks.Runner.Tests.TestApi;

/// <summary>
/// A clock the test moves by hand, for the APIs' TimeProvider: expiry and rate-limit windows are then exact and
/// instant, whatever the load on the machine.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
