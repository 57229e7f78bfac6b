using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Publishing.Pull;

/// <summary>JSON as the samples are written (two-space indent), with a "// comment" line before any value that has one.</summary>
public static class JsoncWriter
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode root, IReadOnlyDictionary<JsonNode, string> comments)
    {
        var text = new StringBuilder();
        WriteValue(text, root, 0, comments);
        text.Append('\n');
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonNode? node, int indent, IReadOnlyDictionary<JsonNode, string> comments)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                text.Append("{\n");
                var i = 0;
                foreach (var (name, value) in o)
                {
                    if (value is not null && comments.TryGetValue(value, out var comment))
                    {
                        text.Append(' ', indent + 2).Append("// ").Append(comment.ReplaceLineEndings(" ")).Append('\n');
                    }
                    text.Append(' ', indent + 2).Append(JsonSerializer.Serialize(name, Options)).Append(": ");
                    WriteValue(text, value, indent + 2, comments);
                    text.Append(++i < o.Count ? ",\n" : "\n");
                }
                text.Append(' ', indent).Append('}');
                break;
            case JsonArray a when a.Count > 0 && a.All(v => v is JsonValue or null):
                text.Append('[').AppendJoin(", ", a.Select(v => v?.ToJsonString(Options) ?? "null")).Append(']');
                break;
            case JsonArray a when a.Count > 0:
                text.Append("[\n");
                for (var j = 0; j < a.Count; j++)
                {
                    text.Append(' ', indent + 2);
                    WriteValue(text, a[j], indent + 2, comments);
                    text.Append(j + 1 < a.Count ? ",\n" : "\n");
                }
                text.Append(' ', indent).Append(']');
                break;
            case JsonObject:
                text.Append("{}");
                break;
            case JsonArray:
                text.Append("[]");
                break;
            default:
                text.Append(node?.ToJsonString(Options) ?? "null");
                break;
        }
    }
}
