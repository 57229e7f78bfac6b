using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// Finds the records of a JSON page when neither the caller nor the run names a data path (a guess, such as
/// <c>RecordLocator</c>'s), with a note saying where it found them.
/// </summary>
public delegate (IReadOnlyList<JsonNode?> Records, string Note) RecordFinder(JsonNode body);

/// <summary>
/// The records of a saved run (the JSON `patchworks run --out` and the editor write), page by page: an XML or CSV
/// page's listed records, a JSON page's body at the run's data path. What cannot be read back is said, not
/// guessed: a body that was too large to keep, a page whose data path finds nothing. The one reader of a saved
/// run's records: compare, the editor's compare and schema update, and <c>patchworks schema infer</c> all use it,
/// and a test case's records (<see cref="Testing.CaseRecords"/>) are read by the same page rule.
/// </summary>
public sealed class RunRecords
{
    private RunRecords(JsonObject run, string? dataPath, IReadOnlyList<JsonNode?> records, IReadOnlyList<string> gaps, int pageCount, IReadOnlyList<string> skipped, IReadOnlyList<string> located, bool text)
    {
        Run = run;
        DataPath = dataPath;
        Records = records;
        Gaps = gaps;
        PageCount = pageCount;
        Skipped = skipped;
        Located = located;
        Text = text;
    }

    /// <summary>The run object (inside the file's {formatVersion, run} envelope).</summary>
    public JsonObject Run { get; }

    /// <summary>The data path the JSON pages were read at: the one given, else the one the run recorded; null for neither.</summary>
    public string? DataPath { get; }

    public IReadOnlyList<JsonNode?> Records { get; }

    /// <summary>Pages whose records could not be read back, each with why; empty when every page's were.</summary>
    public IReadOnlyList<string> Gaps { get; }

    /// <summary>
    /// Some records are an XML or CSV page's (the runner's listedRecords): their values are all text, fields
    /// flattened by path, so Compare Schema reads them in text mode (<see cref="Schema.Inference.SchemaComparison"/>).
    /// </summary>
    public bool Text { get; }

    /// <summary>How many pages the run saved.</summary>
    public int PageCount { get; }

    /// <summary>
    /// The numbers of the pages that gave no records at all: no listed records and no JSON body (a text body, a
    /// failed request, a body saved to a file), or nothing at the data path. Empty pages that counted none are here
    /// too; <see cref="Gaps"/> names only those whose counted records are lost.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The distinct notes of the <see cref="RecordFinder"/> where it was asked, in page order.</summary>
    public IReadOnlyList<string> Located { get; }

    /// <summary>The run's own count (what the runner counted), to set beside <see cref="Records"/>.</summary>
    public int? Counted => Run["records"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>
    /// Whether a document is the envelope <c>patchworks run --out</c> writes ({ "formatVersion", "run": { "pages": [...] } }),
    /// for a reader that takes other JSON too and must tell a saved run from any document with a "run" or "pages".
    /// </summary>
    public static bool IsSavedRun(JsonNode? root) =>
        root is JsonObject obj && obj["formatVersion"] is JsonValue && obj["run"] is JsonObject run && run["pages"] is JsonArray;

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

    /// <param name="locate">Where neither <paramref name="dataPath"/> nor the run names a data path, finds each JSON page's records; without it the body itself is the list (or the one record).</param>
    /// <exception cref="FormatException">The node is not a saved run.</exception>
    public static RunRecords Of(JsonNode? root, string? dataPath = null, RecordFinder? locate = null)
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
        var skipped = new List<string>();
        var located = new List<string>();
        foreach (var (page, index) in pages.Select((p, i) => (p as JsonObject, i + 1)))
        {
            var number = page?["number"] is JsonValue n && n.TryGetValue<int>(out var value) ? value : index;
            var listed = page?["listedRecords"] as JsonArray;
            var response = page?["exchange"]?["response"] as JsonObject;
            var body = response?["json"];
            if (listed is null && body is not null && dataPath is null && locate is not null)
            {
                var (found, note) = locate(body);
                records.AddRange(found.Select(r => r?.DeepClone()));
                if (!located.Contains(note, StringComparer.Ordinal))
                {
                    located.Add(note);
                }
                continue;
            }
            text |= listed is { Count: > 0 };
            if (AddPage(records, listed, body, dataPath))
            {
                continue;
            }
            skipped.Add(number.ToString(CultureInfo.InvariantCulture));
            var counted = page?["records"] is JsonValue c && c.TryGetValue<int>(out var count) ? count : 0;
            if (body is not null)
            {
                if (counted > 0)
                {
                    gaps.Add($"page {number}: {(dataPath is null ? "the body is not a list of records and the run names no data path" : $"nothing at the data path {dataPath}")}");
                }
            }
            else if (response?["bodyFile"] is not null)
            {
                gaps.Add($"page {number}: its body was too large to keep in the run");
            }
            else if (counted > 0)
            {
                gaps.Add($"page {number}: {counted} records counted but the body is not JSON and none were listed");
            }
        }
        return new RunRecords(run, dataPath, records, gaps, pages.Count, skipped, located, text);
    }

    /// <summary>
    /// One page's records, copied into <paramref name="records"/>: its listed records (an XML or CSV page, as the
    /// runner extracted them), else its JSON body's at the data path (an array, or one object as one record).
    /// False when neither gives any: the one page rule of a saved run and of a test case's run.
    /// </summary>
    internal static bool AddPage(List<JsonNode?> records, JsonArray? listed, JsonNode? json, string? dataPath)
    {
        if (listed is not null)
        {
            records.AddRange(listed.Select(r => r?.DeepClone()));
            return true;
        }
        if (json is not null && ResponseData.Records(json, dataPath, out _) is { } found)
        {
            records.AddRange(found.Select(r => r?.DeepClone()));
            return true;
        }
        return false;
    }
}
