using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Results;

/// <summary>What one side of a comparison was: the run's own figures.</summary>
public sealed record RunFigures(int Records, int RecordsRead, int Pages, int Requests, double DurationMs, long Bytes, string? Stop, string? StartedAt);

/// <summary>A field whose JSON types differ between the runs (added: none before; removed: none after).</summary>
/// <param name="Path">Dotted, with [] for an array's items: customer.addresses[].zip.</param>
public sealed record FieldChange(string Path, string Change, IReadOnlyList<string> Before, IReadOnlyList<string> After);

/// <summary>
/// Two saved runs of an endpoint side by side: records added and removed (matched by an id field both runs have,
/// or by their whole content), records whose content changed under the same id, fields whose type changed, and
/// the timing and page counts. What cannot be compared (a page whose records were not kept) is said in
/// <see cref="Gaps"/>.
/// </summary>
public sealed record RunComparison(
    RunFigures Previous,
    RunFigures Current,
    string? Key,
    int Added,
    int Removed,
    int Changed,
    int Unchanged,
    IReadOnlyList<JsonNode?> AddedSample,
    IReadOnlyList<JsonNode?> RemovedSample,
    IReadOnlyList<string> ChangedKeys,
    IReadOnlyList<FieldChange> Fields,
    IReadOnlyList<string> Gaps)
{
    /// <summary>How many added, removed or changed records are listed (the counts are always whole).</summary>
    public const int SampleSize = 50;

    /// <summary>Fields looked at per record, and how deep: a hostile record cannot make the comparison slow.</summary>
    public const int MaxFieldsPerRecord = 2_000;

    public const int MaxDepth = 32;

    /// <summary>Field names that identify a record, in the order they are tried.</summary>
    private static readonly string[] KeyNames = ["id", "ID", "Id", "_id", "uuid", "guid", "key", "code", "sku", "node.id"];

    public bool Same => Added == 0 && Removed == 0 && Changed == 0 && Fields.Count == 0;

    public static RunComparison Compare(RunRecords previous, RunRecords current)
    {
        var key = KeyFor(previous.Records, current.Records);
        var before = Index(previous.Records, key);
        var after = Index(current.Records, key);

        int added = 0, removed = 0, changed = 0, unchanged = 0;
        var addedSample = new List<JsonNode?>();
        var removedSample = new List<JsonNode?>();
        var changedKeys = new List<string>();
        foreach (var (id, records) in after)
        {
            before.TryGetValue(id, out var old);
            for (var i = 0; i < records.Count; i++)
            {
                if (old is not null && i < old.Count)
                {
                    if (key is not null && Canonical(old[i]) != Canonical(records[i]))
                    {
                        changed++;
                        if (changedKeys.Count < SampleSize) changedKeys.Add(id);
                    }
                    else
                    {
                        unchanged++;
                    }
                }
                else
                {
                    added++;
                    if (addedSample.Count < SampleSize) addedSample.Add(records[i]?.DeepClone());
                }
            }
        }
        foreach (var (id, records) in before)
        {
            var kept = after.TryGetValue(id, out var now) ? now.Count : 0;
            for (var i = kept; i < records.Count; i++)
            {
                removed++;
                if (removedSample.Count < SampleSize) removedSample.Add(records[i]?.DeepClone());
            }
        }

        var gaps = previous.Gaps.Select(g => $"previous run, {g}").Concat(current.Gaps.Select(g => $"current run, {g}")).ToList();
        return new RunComparison(Figures(previous), Figures(current), key, added, removed, changed, unchanged,
            addedSample, removedSample, changedKeys, FieldChanges(previous.Records, current.Records), gaps);
    }

    private static RunFigures Figures(RunRecords side)
    {
        var run = side.Run;
        static int Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
        static double Double(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
        static string? Text(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        return new RunFigures(
            side.Counted ?? side.Records.Count,
            side.Records.Count,
            (run["pages"] as JsonArray)?.Count ?? 0,
            Int(run["requests"]),
            Double(run["durationMs"]),
            run["bytes"] is JsonValue b && b.TryGetValue<long>(out var bytes) ? bytes : 0,
            Text(run["stop"]),
            Text(run["startedAt"]));
    }

    /// <summary>The first key name whose value is a scalar in every record of both runs and unique within each run.</summary>
    private static string? KeyFor(IReadOnlyList<JsonNode?> previous, IReadOnlyList<JsonNode?> current)
    {
        if (previous.Count + current.Count == 0)
        {
            return null;
        }
        foreach (var name in KeyNames)
        {
            if (UniqueScalars(previous, name) && UniqueScalars(current, name))
            {
                return name;
            }
        }
        return null;
    }

    private static bool UniqueScalars(IReadOnlyList<JsonNode?> records, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (KeyOf(record, name) is not { } value || !seen.Add(value))
            {
                return false;
            }
        }
        return true;
    }

    private static string? KeyOf(JsonNode? record, string name)
    {
        JsonNode? node = record;
        foreach (var part in name.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToJsonString() : null;
    }

    /// <summary>Records by their key (or their whole content); equal keys keep their order (several identical records).</summary>
    private static Dictionary<string, List<JsonNode?>> Index(IReadOnlyList<JsonNode?> records, string? key)
    {
        var index = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var id = key is null ? Canonical(record) : KeyOf(record, key)!;
            if (!index.TryGetValue(id, out var list))
            {
                index[id] = list = [];
            }
            list.Add(record);
        }
        return index;
    }

    /// <summary>The record's JSON with object members sorted by name, so member order does not make records differ.</summary>
    internal static string Canonical(JsonNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, 0);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject o when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject or JsonArray:
                writer.WriteStringValue("…"); // deeper than MaxDepth: not compared further
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>Each field's JSON types over all records of each run; a field whose set differs is a change.</summary>
    private static List<FieldChange> FieldChanges(IReadOnlyList<JsonNode?> previous, IReadOnlyList<JsonNode?> current)
    {
        var before = FieldTypes(previous);
        var after = FieldTypes(current);
        var changes = new List<FieldChange>();
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.TryGetValue(path, out var b) ? b : [];
            var now = after.TryGetValue(path, out var a) ? a : [];
            if (was.SetEquals(now))
            {
                continue;
            }
            var change = was.Count == 0 ? "added" : now.Count == 0 ? "removed" : "typeChanged";
            changes.Add(new FieldChange(path, change, [.. was.Order(StringComparer.Ordinal)], [.. now.Order(StringComparer.Ordinal)]));
        }
        // A removed object's every member is removed too: list only the topmost change of a subtree that came or went.
        return [.. changes.Where(c => c.Change == "typeChanged" || !changes.Any(o => o.Change == c.Change && o != c && IsUnder(c.Path, o.Path)))];
    }

    private static bool IsUnder(string path, string parent) =>
        path.Length > parent.Length && path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[';

    private static Dictionary<string, HashSet<string>> FieldTypes(IReadOnlyList<JsonNode?> records)
    {
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var budget = MaxFieldsPerRecord;
            Walk(record, "", 0, types, ref budget);
        }
        return types;
    }

    private static void Walk(JsonNode? node, string path, int depth, Dictionary<string, HashSet<string>> types, ref int budget)
    {
        if (budget-- <= 0)
        {
            return;
        }
        if (path.Length > 0)
        {
            if (!types.TryGetValue(path, out var set))
            {
                types[path] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(TypeOf(node));
        }
        if (depth >= MaxDepth)
        {
            return;
        }
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Walk(value, path.Length == 0 ? name : $"{path}.{name}", depth + 1, types, ref budget);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Walk(item, $"{path}[]", depth + 1, types, ref budget);
                }
                break;
        }
    }

    private static string TypeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            // 10 in one run and 10.5 in the next is not a change of type: integers are numbers here.
            JsonValueKind.Number => "number",
            JsonValueKind.Null => "null",
            _ => "unknown",
        },
        _ => "unknown",
    };
}
