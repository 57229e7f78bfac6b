using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// The records of an XML or CSV page as a run result keeps them (<see cref="PageResult.ListedRecords"/>): their
/// fields with every secret redacted, up to <see cref="MaxChars"/> characters of names and values a page, so a
/// viewer lists what the runner counted without parsing the body again, and a huge page cannot swell the result.
/// </summary>
internal static class ListedRecords
{
    public const int MaxChars = 1_000_000;

    public static JsonArray Of(JsonArray records, Redactor redactor)
    {
        var listed = new JsonArray();
        var chars = 0;
        foreach (var record in records)
        {
            JsonNode? copy = record switch
            {
                JsonObject fields => new JsonObject(fields.Select(f => KeyValuePair.Create(redactor.Redact(f.Key), Text(f.Value, redactor)))),
                _ => Text(record, redactor),
            };
            chars += copy is JsonObject o ? o.Sum(f => f.Key.Length + Length(f.Value)) : Length(copy);
            if (chars > MaxChars)
            {
                break;
            }
            listed.Add(copy);
        }
        return listed;
    }

    private static JsonNode? Text(JsonNode? value, Redactor redactor) =>
        value is JsonValue v && Data.ResponseData.ScalarText(v) is { } text ? JsonValue.Create(redactor.Redact(text)) : value?.DeepClone();

    private static int Length(JsonNode? value) => value is JsonValue v && Data.ResponseData.ScalarText(v) is { } text ? text.Length : value?.ToJsonString().Length ?? 0;
}
