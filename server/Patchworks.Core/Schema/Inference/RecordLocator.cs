using System.Text.Json.Nodes;
using Patchworks.Core.Importing;

namespace Patchworks.Core.Schema.Inference;

/// <summary>Where the records of a response are: the data path ("" for the root), the records, and why.</summary>
/// <param name="Guessed">Whether the path is a guess the user should confirm (an array property chosen by its name or as the only one).</param>
/// <param name="IsList">Whether the response is a list of records (false: the response is one record).</param>
public sealed record LocatedRecords(string DataPath, IReadOnlyList<JsonNode?> Records, bool IsList, bool Guessed, string Reason);

/// <summary>
/// Finds the records in a JSON response (a saved example, a recorded response, any document handed to
/// <c>patchworks schema infer</c>): a root array; else the array of objects the object holds (data, items, orders...),
/// chosen by its name, or as the only one beside paging fields, or among several by name then size; one level
/// inside data/result/response/payload too. A single object with no such array is one record.
/// </summary>
public static class RecordLocator
{
    /// <summary>Array names that hold records, most telling first.</summary>
    internal static readonly string[] DataNames = ["data", "items", "results", "records", "entries", "elements", "values", "list", "content", "rows", "nodes", "edges", "objects", "resources", "hits"];

    /// <summary>Array names that never hold the records.</summary>
    internal static readonly string[] NotData = ["errors", "warnings", "messages", "links", "_links", "notices", "problems"];

    private static readonly string[] Wrappers = ["data", "result", "response", "payload"];

    public static LocatedRecords Find(JsonNode? root)
    {
        if (root is JsonArray array)
        {
            return new LocatedRecords("", [.. array], true, false, "the response is an array: each item is a record");
        }
        if (root is not JsonObject obj)
        {
            return new LocatedRecords("", [root], false, false, "the response is a single value");
        }
        if (Choose(obj, "") is { } found)
        {
            return found;
        }
        foreach (var wrapper in Wrappers)
        {
            if (obj.FirstOrDefault(p => p.Key.Equals(wrapper, StringComparison.OrdinalIgnoreCase)) is { Value: JsonObject inner } entry
                && Choose(inner, entry.Key + ".") is { } nested)
            {
                return nested;
            }
        }
        return new LocatedRecords("", [obj], false, false, "the response is one object with no array of records: it is one record");
    }

    private static LocatedRecords? Choose(JsonObject obj, string prefix)
    {
        var arrays = obj
            .Where(p => p.Value is JsonArray a && a.All(i => i is JsonObject or null) && !NotData.Contains(p.Key.ToLowerInvariant())
                && p.Key.Length is > 0 and <= 255 && !p.Key.Contains('.', StringComparison.Ordinal))
            .Select(p => (Name: p.Key, Items: (JsonArray)p.Value!))
            .ToList();
        if (arrays.Count == 0)
        {
            return null;
        }
        var named = arrays.Where(a => DataNames.Contains(a.Name.ToLowerInvariant())).OrderBy(a => IndexOf(a.Name)).ToList();
        // Beside the array only paging fields, links and metadata: { "orders": [...], "count": 2, "meta": {...}, "_links": {...} }.
        bool OnlyEnvelope(string chosen) => obj.All(p => p.Key == chosen || Envelope.IsEnvelope(p.Key) || p.Key.StartsWith('_'));
        (string Name, JsonArray Items) pick;
        string reason;
        if (named.Count > 0)
        {
            pick = named[0];
            reason = arrays.Count == 1
                ? $"the array {prefix}{pick.Name}, by its name"
                : $"the array {prefix}{pick.Name} by its name, among {string.Join(", ", arrays.Select(a => prefix + a.Name))}";
        }
        else if (arrays.Count == 1 && OnlyEnvelope(arrays[0].Name))
        {
            pick = arrays[0];
            reason = $"the only array of objects, {prefix}{pick.Name}, beside paging fields";
        }
        else if (arrays.Count > 1 && obj.All(p => arrays.Any(a => a.Name == p.Key) || Envelope.IsEnvelope(p.Key) || p.Key.StartsWith('_')))
        {
            pick = arrays.OrderByDescending(a => a.Items.Count).ThenBy(a => a.Name, StringComparer.Ordinal).First();
            reason = $"the largest array of objects, {prefix}{pick.Name}, among {string.Join(", ", arrays.Select(a => prefix + a.Name))}";
        }
        else
        {
            return null;
        }
        return new LocatedRecords(prefix + pick.Name, [.. pick.Items], true, true, reason);
    }

    private static int IndexOf(string name)
    {
        var i = Array.IndexOf(DataNames, name.ToLowerInvariant());
        return i >= 0 ? i : DataNames.Length;
    }
}
