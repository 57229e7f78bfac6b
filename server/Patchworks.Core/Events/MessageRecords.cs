using System.Text.Json.Nodes;
using Patchworks.Core.Model;
using Patchworks.Core.Running.Data;
using Patchworks.Core.Schema;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Events;

/// <summary>
/// The records of one message at its listener's data path, read as the runner reads a page (JSON, XML elements, or the
/// text as one record), each checked against the message schema. <see cref="Problem"/> says why none could be read.
/// </summary>
public sealed record MessageRecords(IReadOnlyList<JsonNode?> Records, string? Problem, IReadOnlyList<string> Invalid, bool SchemaChecked)
{
    /// <summary>The listener's message schema compiled, or null when it has none that can be read.</summary>
    public static SchemaNode? SchemaOf(Listener listener, Connector connector) =>
        RecordSchemas.Compile(listener.Message.SchemaFile, listener.Message.InlineSchema, connector);

    public static MessageRecords Read(EventMessage message, MessageSettings settings, SchemaNode? schema)
    {
        if (message.BodyText is not { } body)
        {
            return new([], "the body is not UTF-8 text", [], false);
        }
        JsonArray? records;
        string? problem = null;
        bool found;
        switch (settings.Format)
        {
            case "text":
                records = [JsonValue.Create(body)];
                found = true;
                break;
            case "xml":
                records = ResponseData.XmlRecords(body, settings.DataPath ?? "", out found);
                if (records is null && found)
                {
                    problem = "the body is not XML";
                }
                else if (records is null)
                {
                    problem = body.TrimStart().StartsWith('<') ? null : "the body is not XML";
                }
                break;
            default:
                var root = ResponseData.ParseJson(body);
                if (root is null && body.Trim() is not "null")
                {
                    return new([], NestedTooDeep(body) ? $"the body is not JSON: it is nested deeper than {Syntax.JsonParser.MaxDepth} levels" : "the body is not JSON", [], false);
                }
                records = ResponseData.Records(root, settings.DataPath, out found);
                break;
        }
        if (records is null)
        {
            problem ??= found
                ? $"the value at \"{settings.DataPath}\" is not a record or a list of records"
                : $"nothing at the data path \"{settings.DataPath}\"";
            return new([], problem, [], false);
        }
        var list = records.ToList();
        var invalid = new List<string>();
        // XML values are all text: checked against declared numbers they would all fail, so only JSON is checked.
        if (schema is not null && settings.Format == "json")
        {
            for (var i = 0; i < list.Count; i++)
            {
                var tree = JsonParser.Parse(list[i]?.ToJsonString() ?? "null");
                if (tree.Root is not null && SchemaValidator.Validate(tree.Root, schema) is { Count: > 0 } violations)
                {
                    invalid.Add($"record {i + 1}: {violations[0].Message}{(violations.Count > 1 ? $" (and {violations.Count - 1} more)" : "")}");
                }
            }
        }
        return new(list, null, invalid, schema is not null && settings.Format == "json");
    }

    /// <summary>Whether a body the JSON reader refused goes deeper than it reads (<see cref="Syntax.JsonParser.MaxDepth"/>, as the runner's pages): read without a depth limit, one token at a time.</summary>
    private static bool NestedTooDeep(string body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body), new System.Text.Json.JsonReaderOptions
        {
            MaxDepth = int.MaxValue,
            AllowTrailingCommas = true,
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= Syntax.JsonParser.MaxDepth)
                {
                    return true;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON before it got that deep
        }
        return false;
    }
}
