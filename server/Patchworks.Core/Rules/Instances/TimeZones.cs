namespace Patchworks.Core.Rules.Instances;

/// <summary>The IANA time zones this machine knows (from tzdata). Without tzdata the check is skipped, not failed.</summary>
internal static class TimeZones
{
    private static readonly Lazy<HashSet<string>> Known = new(() =>
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { "UTC", "Etc/UTC" };
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            ids.Add(zone.Id);
        }
        return ids;
    });

    public static bool Available => Known.Value.Count > 2;

    public static IEnumerable<string> Ids => Known.Value;

    /// <summary>Links such as US/Eastern are valid IANA names even when the zone list leaves them out; Windows ids are not.</summary>
    public static bool Exists(string id) => Known.Value.Contains(id) || TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
