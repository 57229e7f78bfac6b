using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Running.Results;

namespace Patchworks.Core.Testing;

/// <summary>
/// The records of a run as the runner counted them: each JSON page's (redacted) body at the endpoint's data path,
/// or an XML or CSV page's listed records. Bodies are the result's, redacted. A page the runner counted no records
/// of (a body past its in-memory size, streamed to a file) gives none here either. Each page is read as
/// <see cref="RunRecords"/> reads a saved run's.
/// </summary>
public static class CaseRecords
{
    public static List<JsonNode?> Of(RunResult run, Endpoint endpoint)
    {
        var records = new List<JsonNode?>();
        foreach (var page in run.Pages.Where(p => p.Records is > 0))
        {
            // A saved run's page rule (listed records, else the JSON body at the data path), on the result in memory.
            var json = page.ListedRecords is not null ? null : page.Exchange.Response switch
            {
                { Json: { } body } => body.Parse(),
                // JSON under another content type (text/plain): the runner read it as JSON, its record keeps the text.
                { Body: { } text } => ResponseData.ParseJson(text),
                _ => null,
            };
            RunRecords.AddPage(records, page.ListedRecords, json, endpoint.DataPath);
        }
        return records;
    }

    /// <summary>
    /// The value at a path in a record, telling a missing field (false) from a null one (true, null value). A flattened
    /// XML record's field ("Address.PostCode" as one name) is found by its whole path too.
    /// </summary>
    public static bool TryFind(JsonNode? record, string path, out JsonNode? value)
    {
        value = null;
        var segments = ResponseData.Segments(path).ToList();
        if (segments.Count == 0)
        {
            value = record;
            return true;
        }
        if (record is JsonObject flat && segments.Count > 1 && flat.TryGetPropertyValue(string.Join('.', segments), out var whole))
        {
            value = whole;
            return true;
        }
        var node = record;
        foreach (var segment in segments)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return false;
            }
        }
        value = node;
        return true;
    }
}
