namespace Patchworks.Runner.Tests.Auth;

/// <summary>A clock stopped at one instant, for oauth_timestamp.</summary>
internal sealed class FixedTime(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
