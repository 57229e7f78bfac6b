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
        if (message.BodyText is not { } text)
        {
            return new([], "the body is not UTF-8 text", [], false);
        }
        // A byte order mark is how some producers start UTF-8, not part of the message.
        var body = text.StartsWith('\uFEFF') ? text[1..] : text;
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
                if (records is null)
                {
                    // not XML, or refused by the reader (an entity expanding past its limit): not "nothing at the data path"
                    return new([], "the body is not XML", [], false);
                }
                if (!found)
                {
                    records = null; // nothing at the data path, said below as for JSON (it was 0 records and no problem)
                }
                break;
            default:
                var root = ResponseData.ParseJson(body);
                if (root is null && body.Trim() is not "null")
                {
                    return new([], NestedTooDeep(body) ? $"the body is not JSON: it is nested deeper than {Syntax.JsonParser.MaxDepth} levels" : "the body is not JSON", [], false);
                }
                // One object with a name twice: JsonObject refuses it when first read (an exception that ended the listen).
                if (root is not null && DuplicateName(body) is { } twice)
                {
                    return new([], $"an object in the body has the name \"{(twice.Length > 60 ? twice[..60] + "…" : twice)}\" twice", [], false);
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

    /// <summary>The first name an object of the body has twice, or null: read one token at a time, a set of names per open object.</summary>
    private static string? DuplicateName(string body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body), new System.Text.Json.JsonReaderOptions
        {
            MaxDepth = Syntax.JsonParser.MaxDepth + 1,
            AllowTrailingCommas = true,
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        });
        var open = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case System.Text.Json.JsonTokenType.StartArray:
                        open.Push(null);
                        break;
                    case System.Text.Json.JsonTokenType.EndObject or System.Text.Json.JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName when open.TryPeek(out var names) && names is not null:
                        var name = reader.GetString()!;
                        if (!names.Add(name))
                        {
                            return name;
                        }
                        break;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // read by ParseJson already: not reached
        }
        return null;
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
