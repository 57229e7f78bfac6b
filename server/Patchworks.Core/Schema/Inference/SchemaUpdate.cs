using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Patchworks.Core.Editing;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema.Inference;

/// <summary>What "Update Schema from Run" does to one file: the edits, and the merger's report.</summary>
/// <param name="Edits">Minimal edits to the file's text (spans of the text given); empty when nothing changes.</param>
/// <param name="Changes">The merger's report: added, widened, conflicts.</param>
public sealed record SchemaUpdateResult(IReadOnlyList<TextEdit> Edits, IReadOnlyList<SchemaChange> Changes);

/// <summary>
/// Turns a merge of an inferred schema into a declared one (<see cref="SchemaMerger"/>) into minimal text edits of
/// the JSONC that declares it: new properties are inserted after the last existing one (indented as the file
/// indents), a value that changed (a widened <c>type</c>, an enum given null) is replaced, everything else (comments
/// included) stays byte for byte. An endpoint without a schema gets a <c>"schema": {...}</c> property inline.
/// </summary>
public static class SchemaUpdate
{
    private const int MaxDepth = 64;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = JsonParser.MaxDepth + 2 };

    /// <summary>Merges the records' schema into the schema object <paramref name="declared"/> of <paramref name="tree"/>.</summary>
    public static SchemaUpdateResult Merge(SyntaxTree tree, ObjectSyntax declared, IEnumerable<JsonNode?> records, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(declared);
        var inferred = SchemaInferrer.Infer(records, options).Schema;
        if (inferred.Count <= 1)
        {
            // No record: nothing learnt, nothing to change.
            return new SchemaUpdateResult([], []);
        }
        if (tree.Errors.Any(e => e.Span.Start < declared.Span.End && e.Span.End >= declared.Span.Start) || ToNode(declared) is not JsonObject declaredNode)
        {
            // Not readable as JSON (a half-typed property): merging would add again what is there.
            return new SchemaUpdateResult([], []);
        }
        // The draft is the declaring file's to name, not the merge's (an inline schema carries none).
        inferred.Remove("$schema");
        var merged = SchemaMerger.Merge(declaredNode, inferred);
        var edits = new List<TextEdit>();
        if (merged.Changed)
        {
            Diff(tree, declared, merged.Schema, edits, 0);
        }
        return new SchemaUpdateResult(edits, merged.Changes);
    }

    /// <summary>Inserts <c>"schema": {...}</c>, inferred from the records, as the endpoint's last property.</summary>
    public static SchemaUpdateResult Insert(SyntaxTree tree, ObjectSyntax endpoint, IEnumerable<JsonNode?> records, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(endpoint);
        var inferred = SchemaInferrer.Infer(records, options).Schema;
        inferred.Remove("$schema");
        if (inferred.Count == 0)
        {
            return new SchemaUpdateResult([], []);
        }
        var edit = AddProperties(tree, endpoint, [new("schema", inferred)]);
        return new SchemaUpdateResult(edit, [new SchemaChange(SchemaChangeKind.Added, "", "the inferred schema (the endpoint declared none)")]);
    }

    private static JsonNode? ToNode(SyntaxNode node)
    {
        try
        {
            return JsonNode.Parse(SyntaxJsonWriter.Write(node), documentOptions: ReadOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Diff(SyntaxTree tree, ObjectSyntax node, JsonObject merged, List<TextEdit> edits, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        var added = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (key, value) in merged)
        {
            var property = node.Find(key);
            if (property is null)
            {
                added.Add(new(key, value));
                continue;
            }
            if (property.Value is null)
            {
                continue;
            }
            if (property.Value is ObjectSyntax declaredObject && value is JsonObject mergedObject)
            {
                Diff(tree, declaredObject, mergedObject, edits, depth + 1);
                continue;
            }
            if (!JsonNode.DeepEquals(ToNode(property.Value), value))
            {
                var indentation = JsonTrivia.IndentationAt(tree.Text, property.Span.Start);
                edits.Add(JsonEdits.Replace(property.Value, Write(value, tree, indentation, JsonTrivia.StartsLine(tree.Text, property.Span.Start))));
            }
        }
        if (added.Count > 0)
        {
            edits.AddRange(AddProperties(tree, node, added));
        }
    }

    /// <summary>Adds properties after the object's last one, in one insertion (several AddProperty calls would each add a comma).</summary>
    private static IReadOnlyList<TextEdit> AddProperties(SyntaxTree tree, ObjectSyntax target, List<KeyValuePair<string, JsonNode?>> properties)
    {
        var text = tree.Text;
        var newLine = JsonTrivia.NewLine(text);
        string? indentation;
        if (target.Properties.Length == 0)
        {
            var close = target.IsClosed ? target.Span.End - 1 : target.Span.End;
            indentation = text.AsSpan(target.Span.Start, close - target.Span.Start).ContainsAny('\n', '\r')
                ? JsonTrivia.IndentationAt(text, target.Span.Start) + JsonTrivia.IndentUnit(tree)
                : null;
        }
        else
        {
            var last = target.Properties[^1];
            indentation = JsonTrivia.StartsLine(text, last.Span.Start) ? JsonTrivia.IndentationAt(text, last.Span.Start) : null;
        }
        var members = properties.Select(p => $"{JsonEdits.Quote(p.Key)}: {Write(p.Value, tree, indentation ?? "", indentation is not null)}");
        var memberText = string.Join(indentation is null ? ", " : "," + newLine + indentation, members);
        return JsonEdits.AddMemberText(tree, target, memberText);
    }

    /// <summary>A value as JSON text: on several lines, indented one unit per level from the line's indentation; else on one line.</summary>
    private static string Write(JsonNode? value, SyntaxTree tree, string indentation, bool multiline)
    {
        if (value is null)
        {
            return "null";
        }
        if (value is JsonArray scalars && scalars.All(i => i is JsonValue or null))
        {
            return CompactArray(scalars);
        }
        if (!multiline || value is not (JsonObject { Count: > 0 } or JsonArray { Count: > 0 }))
        {
            return OneLine(value);
        }
        var builder = new StringBuilder();
        WriteIndented(builder, value, indentation, JsonTrivia.IndentUnit(tree), JsonTrivia.NewLine(tree.Text));
        return builder.ToString();
    }

    /// <summary>Objects and arrays of objects over several lines, one unit deeper per level; arrays of scalars and empty containers on one line.</summary>
    private static void WriteIndented(StringBuilder builder, JsonNode? value, string indentation, string unit, string newLine)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } o:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in o)
                {
                    builder.Append(first ? "" : ",").Append(newLine).Append(indentation).Append(unit).Append(JsonEdits.Quote(key)).Append(": ");
                    WriteIndented(builder, item, indentation + unit, unit, newLine);
                    first = false;
                }
                builder.Append(newLine).Append(indentation).Append('}');
                break;
            case JsonArray { Count: > 0 } a when !a.All(i => i is JsonValue or null):
                builder.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",").Append(newLine).Append(indentation).Append(unit);
                    WriteIndented(builder, a[i], indentation + unit, unit, newLine);
                }
                builder.Append(newLine).Append(indentation).Append(']');
                break;
            case JsonArray a:
                builder.Append(CompactArray(a));
                break;
            default:
                builder.Append(value is null ? "null" : value.ToJsonString(Compact));
                break;
        }
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value on one line as people write it: { "type": "string" }, ["a", "b"].</summary>
    private static string OneLine(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject { Count: 0 } => "{}",
        JsonObject o => "{ " + string.Join(", ", o.Select(p => $"{JsonEdits.Quote(p.Key)}: {OneLine(p.Value)}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(OneLine)) + "]",
        _ => value.ToJsonString(Compact),
    };

    /// <summary>An array of scalars as people write it on one line: ["string", "null"].</summary>
    private static string CompactArray(JsonArray array) =>
        "[" + string.Join(", ", array.Select(i => i is null ? "null" : i.ToJsonString(Compact))) + "]";
}
