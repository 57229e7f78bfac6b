using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Editing;

/// <summary>The edits that add an item, where it lands (its index in the section) and the whole text after them.</summary>
public sealed record SectionInsertionResult(IReadOnlyList<TextEdit> Edits, int Index, string NewText);

/// <summary>A connector an item cannot be added to as asked; the message says why.</summary>
public sealed class SectionInsertionException(string message) : Exception(message);

/// <summary>
/// Adds an endpoint or an authentication method to a connector's text without touching anything else (the wizards'
/// Add Endpoint and Add Authentication Method): pure insertions (the new item, and a comma where the JSON needs one),
/// so comments, trailing commas and the person's own layout stay byte for byte. The item is laid out as the samples
/// are (<see cref="JsonLayout"/>), indented like its siblings with the file's indentation unit and line ends. A file
/// with syntax errors is refused, so the item cannot land in the wrong place.
/// </summary>
public static class SectionInsertion
{
    public static readonly IReadOnlySet<string> Sections = new HashSet<string>(StringComparer.Ordinal) { "endpoints", "authMethods" };

    /// <param name="unit">The indentation unit ("  ", "\t"); null: the file's own (<see cref="JsonTrivia.IndentUnit"/>).</param>
    public static SectionInsertionResult Insert(SyntaxTree tree, string section, JsonNode? item, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (!Sections.Contains(section))
        {
            throw new SectionInsertionException($"\"{section}\" is not a section an item can be added to (endpoints, authMethods).");
        }
        if (tree.Root is not ObjectSyntax root || tree.Errors.Count > 0 || !root.IsClosed)
        {
            throw new SectionInsertionException("The connector has syntax errors; fix them first, so the new item cannot land in the wrong place.");
        }
        var text = tree.Text;
        unit ??= JsonTrivia.IndentUnit(tree);
        var eol = JsonTrivia.NewLine(text);
        var property = root.Properties.LastOrDefault(p => p.Name == section);
        if (property is not null && property.Value is not ArraySyntax)
        {
            throw new SectionInsertionException($"\"{section}\" in this connector is not an array.");
        }
        var array = property?.Value as ArraySyntax;
        var edits = array is not null
            ? AppendToArray(text, array, item, unit, eol)
            : AddProperty(text, root, section, new JsonArray(item?.DeepClone()), unit, eol);
        return new SectionInsertionResult(edits, array?.Items.Length ?? 0, TextEdit.Apply(text, edits));
    }

    private static List<TextEdit> AppendToArray(string text, ArraySyntax array, JsonNode? item, string unit, string eol)
    {
        var close = array.Span.End - 1;
        var ownerIndent = LineIndent(text, array.Parent?.Span.Start ?? array.Span.Start);
        if (array.Items.Length == 0)
        {
            // [] → [ item ], the closing bracket on its own line at the owner's indent.
            var after = array.Span.Start + 1;
            var closeOnNewLine = text[after..close].Contains('\n', StringComparison.Ordinal);
            return [TextEdit.Insert(after, eol + ownerIndent + unit + ValueText(item, ownerIndent + unit, unit, eol) + (closeOnNewLine ? "" : eol + ownerIndent))];
        }
        var last = array.Items[^1];
        var itemIndent = JsonTrivia.StartsLine(text, last.Span.Start) ? LineIndent(text, last.Span.Start) : ownerIndent + unit;
        var lastEnd = last.Span.End;
        var edits = new List<TextEdit>();
        if (!CommaAfter(text, lastEnd, close))
        {
            edits.Add(TextEdit.Insert(lastEnd, ","));
        }
        // After whatever follows the last item (a comma, a comment on its line), before the closing bracket's line.
        edits.Add(TextEdit.Insert(ContentEnd(text, close), eol + itemIndent + ValueText(item, itemIndent, unit, eol)));
        return edits;
    }

    private static List<TextEdit> AddProperty(string text, ObjectSyntax root, string key, JsonNode value, string unit, string eol)
    {
        string Property(string indent) => $"{JsonEdits.Quote(key)}: {ValueText(value, indent, unit, eol)}";
        // Auth methods go before the endpoints, as in the samples; anything else goes last.
        var before = key == "authMethods" ? root.Properties.FirstOrDefault(p => p.Name == "endpoints") : null;
        if (before is not null)
        {
            var indent = LineIndent(text, before.Span.Start);
            return [TextEdit.Insert(before.Span.Start, Property(indent) + "," + eol + indent)];
        }
        var close = root.Span.End - 1;
        if (root.Properties.Length == 0)
        {
            return [TextEdit.Insert(root.Span.Start + 1, eol + unit + Property(unit) + eol)];
        }
        var last = root.Properties[^1];
        var lastIndent = JsonTrivia.StartsLine(text, last.Span.Start) ? LineIndent(text, last.Span.Start) : unit;
        var lastEnd = (last.Value ?? last.Key).Span.End;
        var edits = new List<TextEdit>();
        if (!CommaAfter(text, lastEnd, close))
        {
            edits.Add(TextEdit.Insert(lastEnd, ","));
        }
        edits.Add(TextEdit.Insert(ContentEnd(text, close), eol + lastIndent + Property(lastIndent)));
        return edits;
    }

    /// <summary>The value laid out like the samples, its later lines indented to sit under <paramref name="indent"/>.</summary>
    private static string ValueText(JsonNode? value, string indent, string unit, string eol) =>
        string.Join(eol + indent, JsonLayout.Write(value, unit).TrimEnd().Split('\n'));

    /// <summary>Whether a comma follows <paramref name="from"/> before <paramref name="to"/>, past whitespace and comments.</summary>
    private static bool CommaAfter(string text, int from, int to)
    {
        var next = JsonTrivia.SkipForward(text, from);
        return next < to && text[next] == ',';
    }

    /// <summary>The offset just after the last non-whitespace character before <paramref name="offset"/> (comments count as content).</summary>
    private static int ContentEnd(string text, int offset)
    {
        var i = offset;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }
        return i;
    }

    /// <summary>The leading whitespace of the line holding <paramref name="offset"/>.</summary>
    private static string LineIndent(string text, int offset)
    {
        var start = JsonTrivia.LineStart(text, offset);
        var end = start;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }
        return text[start..end];
    }
}

/// <summary>
/// Writes JSON the way the samples are laid out: one member per line, and an object or array of plain values on one
/// line while it fits in 120 characters (as the formatter keeps them).
/// </summary>
public static class JsonLayout
{
    private const int MaxLineLength = 120;
    private static readonly JsonSerializerOptions ScalarOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? value, string indent = "  ") => WriteValue(value, "", indent, 0) + "\n";

    /// <param name="prefix">How many characters stand before the value on its line (indent, key and colon).</param>
    private static string WriteValue(JsonNode? value, string current, string indent, int prefix)
    {
        if (value is not (JsonObject or JsonArray))
        {
            return value is null ? "null" : value.ToJsonString(ScalarOptions);
        }
        var isArray = value is JsonArray;
        List<(string? Key, JsonNode? Value)> entries = value is JsonArray array
            ? [.. array.Select(v => ((string?)null, v))]
            : [.. ((JsonObject)value).Select(p => ((string?)p.Key, p.Value))];
        var (open, close) = isArray ? ("[", "]") : ("{", "}");
        if (entries.Count == 0)
        {
            return open + close;
        }
        string Member((string? Key, JsonNode? Value) entry, string inner)
        {
            var head = entry.Key is null ? "" : JsonEdits.Quote(entry.Key) + ": ";
            return head + WriteValue(entry.Value, inner, indent, inner.Length + head.Length);
        }
        if (entries.All(e => e.Value is not (JsonObject or JsonArray)))
        {
            var pad = isArray ? "" : " ";
            var line = $"{open}{pad}{string.Join(", ", entries.Select(e => Member(e, "")))}{pad}{close}";
            // The line as written: what stands before the value, the value, and a comma after it.
            if (prefix + line.Length + 1 <= MaxLineLength)
            {
                return line;
            }
        }
        var innerIndent = current + indent;
        var builder = new StringBuilder(open).Append('\n');
        builder.AppendJoin(",\n", entries.Select(e => innerIndent + Member(e, innerIndent)));
        return builder.Append('\n').Append(current).Append(close).ToString();
    }
}
