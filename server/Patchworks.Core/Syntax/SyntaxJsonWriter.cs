using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Patchworks.Core.Syntax;

/// <summary>Writes a syntax node as standard JSON (comments dropped), optionally transforming every string value.</summary>
public static class SyntaxJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(SyntaxNode node, Func<string, string>? transformString = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            WriteNode(writer, node, transformString ?? (s => s));
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter writer, SyntaxNode? node, Func<string, string> transform)
    {
        switch (node)
        {
            case ObjectSyntax o:
                writer.WriteStartObject();
                foreach (var property in o.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteNode(writer, property.Value, transform);
                }
                writer.WriteEndObject();
                break;
            case ArraySyntax a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteNode(writer, item, transform);
                }
                writer.WriteEndArray();
                break;
            case StringSyntax s:
                writer.WriteStringValue(transform(s.Value));
                break;
            case NumberSyntax n:
                writer.WriteNumberValue(n.Value);
                break;
            case BooleanSyntax b:
                writer.WriteBooleanValue(b.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
