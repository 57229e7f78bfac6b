namespace Patchworks.Core.Importing;

/// <summary>Names of the fields a list response carries beside its records (paging, totals, links, status): an object whose only other array sits among these is an envelope.</summary>
public static class Envelope
{
    private static readonly string[] Words = ["page", "total", "count", "meta", "link", "next", "prev", "cursor", "more", "offset", "limit", "error", "status", "success", "message", "warning", "token", "size", "paging", "pagination", "request_id", "requestid", "took", "timestamp"];

    public static bool IsEnvelope(string name)
    {
        var lower = name.ToLowerInvariant();
        return Words.Any(w => lower.Contains(w, StringComparison.Ordinal));
    }
}
