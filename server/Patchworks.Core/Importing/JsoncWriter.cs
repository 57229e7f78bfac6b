using System.Text;
using System.Text.Json.Nodes;
using Patchworks.Core.Editing;

namespace Patchworks.Core.Importing;

/// <summary>
/// Writes a JSON tree as JSONC in the samples' style: two-space indentation, objects and arrays of plain values
/// on one line when they fit in 120 columns, // comments above the members they belong to, a blank line before
/// the connector's big sections.
/// </summary>
public sealed class JsoncWriter
{
    private const int MaxLine = 120;
    private readonly Dictionary<JsonNode, List<string>> _comments = new(ReferenceEqualityComparer.Instance);

    /// <summary>Root properties that get a blank line before them.</summary>
    public HashSet<string> SpacedRootProperties { get; } = new(StringComparer.Ordinal) { "variables", "authMethods", "endpoints" };

    /// <summary>Adds comment lines (without //) written above the node.</summary>
    public void Comment(JsonNode node, IEnumerable<string> lines)
    {
        if (!_comments.TryGetValue(node, out var list))
        {
            _comments[node] = list = [];
        }
        list.AddRange(lines);
    }

    /// <summary>The comments of every node, for scrubbing.</summary>
    public IEnumerable<List<string>> AllComments => _comments.Values;

    public string Write(JsonNode root)
    {
        var text = new StringBuilder();
        WriteValue(text, root, "", isRoot: true);
        return text.Append('\n').ToString();
    }

    /// <summary>The node on lines whose continuation lines start with <paramref name="indentation"/>: an item to add to an existing array.</summary>
    public string WriteMember(JsonNode node, string indentation)
    {
        var text = new StringBuilder();
        WriteValue(text, node, indentation, isRoot: false);
        return text.ToString();
    }

    /// <summary>The comments of a node as lines at the indentation, each ending with a newline and the indentation.</summary>
    public string CommentLines(JsonNode node, string indentation)
    {
        if (!_comments.TryGetValue(node, out var lines) || lines.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append("// ").Append(OneLine(line)).Append('\n').Append(indentation);
        }
        return text.ToString();
    }

    /// <summary>A comment line without anything a reader could take for a line break or that a terminal would act on.</summary>
    private static string OneLine(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            text.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        }
        return text.ToString().TrimEnd();
    }

    private void WriteValue(StringBuilder text, JsonNode? node, string indentation, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                if (!isRoot && Inline(obj, indentation.Length) is { } inlineObject)
                {
                    text.Append(inlineObject);
                    return;
                }
                text.Append('{');
                var inner = indentation + "  ";
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    text.Append('\n');
                    if (isRoot && !first && SpacedRootProperties.Contains(name))
                    {
                        text.Append('\n');
                    }
                    first = false;
                    text.Append(inner);
                    if (value is not null)
                    {
                        text.Append(CommentLines(value, inner));
                    }
                    text.Append(JsonEdits.Quote(name)).Append(": ");
                    WriteValue(text, value, inner, false);
                }
                text.Append(obj.Count > 0 ? "\n" + indentation + "}" : "}");
                return;
            case JsonArray array:
                if (Inline(array, indentation.Length) is { } inlineArray)
                {
                    text.Append(inlineArray);
                    return;
                }
                text.Append('[');
                var itemIndentation = indentation + "  ";
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i > 0 ? ",\n" : "\n").Append(itemIndentation);
                    if (array[i] is { } item)
                    {
                        text.Append(CommentLines(item, itemIndentation));
                    }
                    WriteValue(text, array[i], itemIndentation, false);
                }
                text.Append(array.Count > 0 ? "\n" + indentation + "]" : "]");
                return;
            default:
                text.Append(Scalar(node));
                return;
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.TryGetValue<string>(out var s) => JsonEdits.Quote(s),
        _ => node.ToJsonString(),
    };

    /// <summary>The node on one line, when it holds only plain values (and small arrays of them) and fits.</summary>
    private string? Inline(JsonNode node, int column)
    {
        if (_comments.ContainsKey(node) || HasComments(node))
        {
            return null;
        }
        var text = InlineText(node, 0);
        return text is not null && column + text.Length + 24 <= MaxLine ? text : null;
    }

    private bool HasComments(JsonNode node) => node switch
    {
        JsonObject obj => obj.Any(p => p.Value is not null && (_comments.ContainsKey(p.Value) || HasComments(p.Value))),
        JsonArray array => array.Any(i => i is not null && (_comments.ContainsKey(i) || HasComments(i))),
        _ => false,
    };

    private static string? InlineText(JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                if (depth > 1 || obj.Count == 0)
                {
                    return obj.Count == 0 ? "{}" : null;
                }
                var members = new List<string>();
                foreach (var (name, value) in obj)
                {
                    if (InlineText(value, depth + 1) is not { } valueText)
                    {
                        return null;
                    }
                    members.Add(JsonEdits.Quote(name) + ": " + valueText);
                }
                return "{ " + string.Join(", ", members) + " }";
            case JsonArray array:
                if (depth > 1)
                {
                    return array.Count == 0 ? "[]" : null;
                }
                var items = new List<string>();
                foreach (var item in array)
                {
                    if (item is JsonObject or JsonArray && depth > 0 || InlineText(item, depth + 1) is not { } itemText)
                    {
                        return null;
                    }
                    items.Add(itemText);
                }
                return "[" + string.Join(", ", items) + "]";
            default:
                var scalar = Scalar(node);
                return scalar.Contains('\n', StringComparison.Ordinal) ? null : scalar;
        }
    }
}
