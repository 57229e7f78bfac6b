using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// The records of a saved run (the JSON `patchworks run --out` and the editor write), page by page: an XML or CSV
/// page's listed records, a JSON page's body at the run's data path. What cannot be read back is said, not
/// guessed: a body that was too large to keep, a page whose data path finds nothing.
/// </summary>
public sealed class RunRecords
{
    private RunRecords(JsonObject run, IReadOnlyList<JsonNode?> records, IReadOnlyList<string> gaps, bool text)
    {
        Run = run;
        Records = records;
        Gaps = gaps;
        Text = text;
    }

    /// <summary>The run object (inside the file's {formatVersion, run} envelope).</summary>
    public JsonObject Run { get; }

    public IReadOnlyList<JsonNode?> Records { get; }

    /// <summary>Pages whose records could not be read back, each with why; empty when every page's were.</summary>
    public IReadOnlyList<string> Gaps { get; }

    /// <summary>
    /// Some records are an XML or CSV page's (the runner's listedRecords): their values are all text, fields
    /// flattened by path, so Compare Schema reads them in text mode (<see cref="Schema.Inference.SchemaComparison"/>).
    /// </summary>
    public bool Text { get; }

    /// <summary>The run's own count (what the runner counted), to set beside <see cref="Records"/>.</summary>
    public int? Counted => Run["records"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>Reads a saved run's text; the data path given wins over the one the run recorded.</summary>
    /// <exception cref="FormatException">The text is not a saved run.</exception>
    public static RunRecords Read(string text, string? dataPath = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}");
        }
        return Of(root, dataPath);
    }

    /// <exception cref="FormatException">The node is not a saved run.</exception>
    public static RunRecords Of(JsonNode? root, string? dataPath = null)
    {
        var run = root is JsonObject envelope && envelope["run"] is JsonObject inner ? inner : root as JsonObject;
        if (run?["pages"] is not JsonArray pages)
        {
            throw new FormatException("not a saved run: it has no \"pages\" array (write one with patchworks run --out, or Save Run in the editor)");
        }
        dataPath ??= run["dataPath"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null;
        var records = new List<JsonNode?>();
        var gaps = new List<string>();
        var text = false;
        foreach (var (page, index) in pages.Select((p, i) => (p as JsonObject, i + 1)))
        {
            var number = page?["number"] is JsonValue n && n.TryGetValue<int>(out var value) ? value : index;
            if (page?["listedRecords"] is JsonArray listed)
            {
                records.AddRange(listed.Select(r => r?.DeepClone()));
                text |= listed.Count > 0;
                continue;
            }
            var response = page?["exchange"]?["response"] as JsonObject;
            if (response?["json"] is { } body)
            {
                var found = ResponseData.Records(body, dataPath, out _);
                if (found is null)
                {
                    if (page?["records"] is JsonValue counted && counted.TryGetValue<int>(out var c) && c > 0)
                    {
                        gaps.Add($"page {number}: {(dataPath is null ? "the body is not a list of records and the run names no data path" : $"nothing at the data path {dataPath}")}");
                    }
                    continue;
                }
                records.AddRange(found.Select(r => r?.DeepClone()));
            }
            else if (response?["bodyFile"] is not null)
            {
                gaps.Add($"page {number}: its body was too large to keep in the run");
            }
            else if (page?["records"] is JsonValue counted && counted.TryGetValue<int>(out var count) && count > 0)
            {
                gaps.Add($"page {number}: {count} records counted but the body is not JSON and none were listed");
            }
        }
        return new RunRecords(run, records, gaps, text);
    }
}
