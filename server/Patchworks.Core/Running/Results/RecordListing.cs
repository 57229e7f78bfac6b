using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Results;

/// <summary>One record of a run, with the number of the page it came from.</summary>
public sealed record ListedRecord(int Page, JsonNode? Record);

/// <summary>
/// A run's records as the editor's response panel lists them (the Records tab), found by the one page rule of a
/// saved run (<see cref="RunRecords.AddPage"/>): an XML or CSV page's listed records, a JSON page's body at the run's
/// data path. Only pages the runner counted records on are read (an error page's body holds none). What the listing
/// cannot show is said: <see cref="NotListed"/> when a counted page's records are missing or fewer than counted (a
/// body too large to keep, a page whose records passed the runner's size bound).
/// </summary>
public sealed record RecordListing(IReadOnlyList<ListedRecord> Records, int Total, bool NotListed, bool Text)
{
    /// <summary>The records of a run (the JSON <see cref="RunResultJson.Write"/> gives, envelope or not), the first <paramref name="max"/> kept.</summary>
    public static RecordListing Of(JsonNode? root, int max)
    {
        var run = root is JsonObject envelope && envelope["run"] is JsonObject inner ? inner : root as JsonObject;
        if (run?["pages"] is not JsonArray pages)
        {
            return new RecordListing([], 0, false, false);
        }
        var dataPath = run["dataPath"] is JsonValue p && p.TryGetValue<string>(out var path) ? path : null;
        var listed = new List<ListedRecord>();
        var total = 0;
        var notListed = false;
        var text = false;
        foreach (var (page, index) in pages.Select((p, i) => (p as JsonObject, i + 1)))
        {
            var response = page?["exchange"]?["response"] as JsonObject;
            if (response is null || page!["records"] is not JsonValue c || !c.TryGetValue<int>(out var counted))
            {
                continue;
            }
            var number = page["number"] is JsonValue n && n.TryGetValue<int>(out var value) ? value : index;
            var texts = page["listedRecords"] as JsonArray;
            var found = new List<JsonNode?>();
            if (!RunRecords.AddPage(found, texts, response["json"], dataPath))
            {
                notListed |= counted > 0;
                continue;
            }
            notListed |= found.Count < counted;
            text |= texts is not null && found.Count > 0;
            total += found.Count;
            listed.AddRange(found.Take(Math.Max(0, max - listed.Count)).Select(r => new ListedRecord(number, r)));
        }
        return new RecordListing(listed, total, notListed, text);
    }
}
