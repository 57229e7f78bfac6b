using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Patchworks.Core.Importing;

/// <summary>What an entry of the report says: mapped as is, guessed (the user must confirm), dropped, a conflict with an existing connector, a secret to set, an error.</summary>
public enum ReportKind
{
    Mapped,
    Guessed,
    Dropped,
    Conflict,
    Secret,
    Error,
}

/// <summary>One line of the report: what happened to the source at <see cref="Location"/> (a JSON path such as item[2].request.header[1], or line:column).</summary>
public sealed record ReportEntry(ReportKind Kind, string Location, string Message)
{
    /// <summary>A guess's id, the same in every run over the same source (from its location and message): what the editor's preview sends back to reject it. Null for other kinds.</summary>
    public string? Id { get; init; }

    /// <summary>What a guess produced that can be left out without breaking the connector (endpoints[id].pagination, a schema file...); empty when it cannot be.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];
}

/// <summary>The import report: mapped, guessed, dropped, conflicts, secrets to set; printed as text or JSON.</summary>
public sealed class ImportReport
{
    private readonly List<ReportEntry> _entries = [];
    private readonly HashSet<string> _guessIds = new(StringComparer.Ordinal);

    public IReadOnlyList<ReportEntry> Entries => _entries;

    public void Add(ReportKind kind, string location, string message) =>
        _entries.Add(new ReportEntry(kind, location, message) { Id = kind == ReportKind.Guessed ? GuessId(location, message) : null });

    /// <summary>Records what a guess produced (see <see cref="ReportEntry.Outputs"/>).</summary>
    internal void SetOutputs(ReportEntry entry, IReadOnlyList<string> outputs)
    {
        var index = _entries.IndexOf(entry);
        if (index >= 0)
        {
            _entries[index] = entry with { Outputs = outputs };
        }
    }

    private string GuessId(string location, string message)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(location + "\n" + message));
        var id = "guess-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
        // The same guess twice at one place (rare): the second keeps its order.
        var first = id;
        for (var n = 2; !_guessIds.Add(id); n++)
        {
            id = first + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return id;
    }

    public void Mapped(string location, string message) => Add(ReportKind.Mapped, location, message);

    public void Guessed(string location, string message) => Add(ReportKind.Guessed, location, message);

    public void Dropped(string location, string message) => Add(ReportKind.Dropped, location, message);

    public void Conflict(string location, string message) => Add(ReportKind.Conflict, location, message);

    public void Error(string location, string message) => Add(ReportKind.Error, location, message);

    public IEnumerable<ReportEntry> Of(ReportKind kind) => _entries.Where(e => e.Kind == kind);

    public bool HasErrors => _entries.Any(e => e.Kind == ReportKind.Error);

    /// <summary>Text: one line per entry, grouped by kind, "kind  location: message".</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            var entries = Of(kind).ToList();
            if (entries.Count == 0)
            {
                continue;
            }
            text.Append(kind.ToString().ToLowerInvariant()).Append(" (").Append(entries.Count).Append("):\n");
            foreach (var entry in entries)
            {
                text.Append("  ").Append(entry.Location.Length > 0 ? entry.Location + ": " : "").Append(entry.Message).Append('\n');
            }
        }
        return text.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON: { "entries": [ { "kind", "location", "message" } ], "counts": { kind: n } }.</summary>
    public string ToJson(IReadOnlyDictionary<string, object?>? extra = null)
    {
        var document = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            document[key] = value;
        }
        document["counts"] = Enum.GetValues<ReportKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), k => Of(k).Count());
        document["entries"] = _entries.Select(e =>
        {
            var entry = new Dictionary<string, object>
            {
                ["kind"] = e.Kind.ToString().ToLowerInvariant(),
                ["location"] = e.Location,
                ["message"] = e.Message,
            };
            if (e.Id is { } id)
            {
                entry["id"] = id;
                entry["outputs"] = e.Outputs;
            }
            return entry;
        }).ToList();
        return JsonSerializer.Serialize(document, JsonOptions);
    }
}

/// <summary>The source cannot be read at all (malformed JSON, not a collection): the message names the location.</summary>
public sealed class ImportFailedException(string location, string message) : Exception(message)
{
    public string Location { get; } = location;
}
