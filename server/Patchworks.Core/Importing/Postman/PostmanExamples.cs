using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Schema.Inference;

namespace Patchworks.Core.Importing.Postman;

/// <summary>
/// A request's saved example responses (<c>item.response[]</c>): the first 2xx example with a JSON body gives the
/// endpoint's data path (found by <see cref="RecordLocator"/>) and its record schema (inferred from the example's
/// records by <see cref="SchemaInferrer"/>, written under <c>schemas/</c> as OpenAPI's are), and its fields and Link
/// header are evidence for the pagination guess. The other examples are counted, not used.
/// </summary>
internal static class PostmanExamples
{
    /// <summary>What the chosen example tells the pagination guess.</summary>
    /// <param name="ResponseSchema">The schema of the whole example body (null for a root array).</param>
    public sealed record Example(JsonObject? ResponseSchema, bool LinkHeader);

    private static readonly InferenceOptions NoEnums = new() { EnumMaxValues = 0 };

    private static readonly JsonDocumentOptions BodyOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static Example? Read(JsonElement responses, string location, ApiRequest request, ImportReport report, ref int unused)
    {
        (string At, JsonNode Body, JsonElement Response)? chosen = null;
        var i = 0;
        foreach (var response in responses.EnumerateArray())
        {
            var at = $"{location}[{i++}]";
            if (chosen is not null || response.ValueKind != JsonValueKind.Object)
            {
                unused++;
                continue;
            }
            if (response.TryGetProperty("code", out var code) && !(code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var status) && status is >= 200 and < 300))
            {
                unused++;
                continue;
            }
            if (PostmanImporter.String(response, "body") is not { } text || text.TrimStart() is not ['{' or '[', ..])
            {
                unused++;
                continue;
            }
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text, documentOptions: BodyOptions);
            }
            catch (JsonException e)
            {
                report.Dropped(at + ".body", $"the example body is not valid JSON (line {(e.LineNumber ?? 0) + 1}): not used");
                unused++;
                continue;
            }
            if (body is JsonObject or JsonArray)
            {
                chosen = (at, body, response);
            }
            else
            {
                unused++;
            }
        }
        if (chosen is not { } example)
        {
            if (i > 0)
            {
                report.Dropped(location, $"request \"{request.Name}\" has no 2xx example with a JSON body: no record schema or data path");
            }
            return null;
        }

        var name = PostmanImporter.String(example.Response, "name") ?? "";
        var bodyAt = example.At + ".body";
        var located = RecordLocator.Find(example.Body);
        if (located.IsList && located.DataPath.Length > 0)
        {
            request.DataPath = located.DataPath;
            report.Add(located.Guessed ? ReportKind.Guessed : ReportKind.Mapped, bodyAt, $"dataPath {located.DataPath}: {located.Reason}, in the example \"{name}\"");
        }
        else
        {
            report.Mapped(bodyAt, located.IsList ? $"the example \"{name}\" is an array: each item is a record (no dataPath)" : $"the example \"{name}\" is one record (no dataPath)");
        }
        var records = located.Records.OfType<JsonObject>().ToList();
        if (records.Count == 0)
        {
            report.Dropped(bodyAt, $"the example \"{name}\" holds no record object: no record schema");
        }
        else
        {
            // No enums: an example's few made-up values are no evidence of a closed list.
            var inferred = SchemaInferrer.Infer(records, NoEnums).Schema;
            inferred.Insert(1, "description", $"Inferred from {records.Count} record{(records.Count == 1 ? "" : "s")} of the saved example \"{Truncate(name, 120)}\": check the types.");
            request.Schema = inferred;
            report.Guessed(bodyAt, $"the record schema was inferred from {records.Count} record{(records.Count == 1 ? "" : "s")} of the example (types, required and formats; never its values)");
        }

        var linkHeader = example.Response.TryGetProperty("header", out var headers) && headers.ValueKind == JsonValueKind.Array
            && headers.EnumerateArray().Any(h => PostmanImporter.String(h, "key") is { } key && key.Equals("Link", StringComparison.OrdinalIgnoreCase));
        var responseSchema = example.Body is JsonObject ? SchemaInferrer.Infer([example.Body]).Schema : null;
        return new Example(responseSchema, linkHeader);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
