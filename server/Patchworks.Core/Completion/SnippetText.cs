using System.Text;
using Patchworks.Core.Schema;

namespace Patchworks.Core.Completion;

/// <summary>
/// Builds snippet text (LSP/TextMate syntax: $1, ${1:default}, ${1|a,b|}) for JSON values and objects, the value
/// shape chosen from the schema: "" for strings, [] arrays, {} objects, true for booleans, a choice for enums.
/// </summary>
public sealed class SnippetText
{
    private int _tabStop;

    /// <summary>Escapes text so a snippet inserts it literally.</summary>
    public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("$", "\\$").Replace("}", "\\}");

    private static string EscapeChoice(string text) => Escape(text).Replace(",", "\\,").Replace("|", "\\|");

    /// <summary>A JSON value for the schema with the next tab stop in it; <paramref name="sample"/> is the default a string offers.</summary>
    public string Value(SchemaNode? schema, string? sample = null)
    {
        var n = ++_tabStop;
        var choices = SchemaFacts.EnumOf(schema);
        if (choices.Count > 0)
        {
            return $"\"${{{n}|{string.Join(",", choices.Select(c => EscapeChoice(c.Value)))}|}}\"";
        }
        var types = SchemaFacts.TypesOf(schema);
        if (types.HasFlag(SchemaTypes.String) || types == SchemaTypes.None && sample is not null)
        {
            return sample is null ? $"\"${n}\"" : $"\"${{{n}:{Escape(sample)}}}\"";
        }
        return types switch
        {
            SchemaTypes.Boolean => $"${{{n}:true}}",
            SchemaTypes.Integer or SchemaTypes.Number => $"${{{n}:{(int)(schema?.Resolved.Minimum ?? 0)}}}",
            SchemaTypes.Array => $"[${n}]",
            SchemaTypes.Object => $"{{${n}}}",
            _ => $"${n}",
        };
    }

    /// <summary>"name": value, for a property completion.</summary>
    public string Property(string name, SchemaNode? schema) => $"\"{Escape(name)}\": {Value(schema)}";

    /// <summary>A multi-line object, one field a line; each field is a name and its already-built value text.</summary>
    public static string Object(IEnumerable<(string Name, string Value)> fields)
    {
        var text = new StringBuilder("{\n");
        var list = fields.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            text.Append('\t').Append('"').Append(Escape(list[i].Name)).Append("\": ").Append(list[i].Value);
            text.Append(i < list.Count - 1 ? ",\n" : "\n");
        }
        return text.Append('}').ToString();
    }

    /// <summary>A one-line object, for a nested settings block.</summary>
    public static string InlineObject(IEnumerable<(string Name, string Value)> fields) =>
        "{ " + string.Join(", ", fields.Select(f => $"\"{Escape(f.Name)}\": {f.Value}")) + " }";

    /// <summary>A literal JSON string, escaped for both JSON and the snippet.</summary>
    public static string Literal(string value) => "\"" + Escape(value.Replace("\\", "\\\\").Replace("\"", "\\\"")) + "\"";
}
