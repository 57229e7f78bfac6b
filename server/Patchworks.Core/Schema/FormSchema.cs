using System.Text.RegularExpressions;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>
/// A form field as the schema describes one property: its kind (<c>select</c> for an enum, <c>number</c>,
/// <c>checkbox</c>, <c>csv</c> for a list of values, <c>textarea</c> for alternatives, else <c>text</c>), its help (the
/// description's first two sentences), its choices, and where its object's or list items' own fields are
/// (<see cref="FormSchema.Objects"/> keys).
/// </summary>
public sealed record FormField(string Kind, string? Help, IReadOnlyList<string>? Options, string? Object, string? Items);

/// <summary>What a method of an object with an <c>x-methods</c> table (pagination) requires and takes.</summary>
public sealed record FormMethod(IReadOnlyList<string> Required, IReadOnlyList<string> Optional);

/// <summary>The fields of one object of the schema, in the schema's order, and its <c>x-methods</c> table if it has one.</summary>
public sealed record FormObject(IReadOnlyList<KeyValuePair<string, FormField>> Properties, IReadOnlyList<KeyValuePair<string, FormMethod>> Methods);

/// <summary>
/// The fields the editor's forms are built from (New Connector, Add Endpoint, Add Authentication Method, Add
/// Instance), read from the schema the server validates with, so no form reads a JSON Schema itself. Every object
/// the root reaches through properties and list items, keyed by its definition's name (<c>authMethod</c>,
/// <c>pagination</c>) or, when written inline, by its path from the root (<c>authMethod.basic</c>); the root is
/// <c>""</c>.
/// </summary>
public sealed partial record FormSchema(string? Id, IReadOnlyDictionary<string, FormObject> Objects)
{
    /// <summary>The forms' fields of a compiled schema (<see cref="SchemaCatalog.Connector"/>, <see cref="SchemaCatalog.Instance"/>).</summary>
    public static FormSchema Of(SchemaNode root)
    {
        var objects = new Dictionary<string, FormObject>(StringComparer.Ordinal);
        Visit("", root.Resolved, objects);
        return new FormSchema((root.Source?["$id"] as StringSyntax)?.Value, objects);
    }

    private static void Visit(string key, SchemaNode node, Dictionary<string, FormObject> objects)
    {
        if (objects.ContainsKey(key))
        {
            return;
        }
        var fields = new List<KeyValuePair<string, FormField>>();
        objects[key] = new FormObject(fields, Methods(node));
        var nested = new List<(string Key, SchemaNode Node)>();
        foreach (var (name, property) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            var resolved = property.Resolved;
            string? objectKey = null;
            string? itemsKey = null;
            if (resolved.Properties is not null)
            {
                objectKey = DefinitionName(property) ?? Path(key, name);
                nested.Add((objectKey, resolved));
            }
            else if (resolved.Types == SchemaTypes.Array && resolved.Items is { } items && items.Resolved.Properties is not null)
            {
                itemsKey = DefinitionName(items) ?? Path(key, name) + "[]";
                nested.Add((itemsKey, items.Resolved));
            }
            var options = resolved.Enum?.OfType<string>().ToArray();
            fields.Add(new(name, new FormField(KindOf(resolved), property.EffectiveDescription is { } d ? FirstSentences(d) : null, options, objectKey, itemsKey)));
        }
        foreach (var (childKey, child) in nested)
        {
            Visit(childKey, child, objects);
        }
    }

    private static string Path(string owner, string name) => owner.Length == 0 ? name : $"{owner}.{name}";

    /// <summary>The definition whose properties a "$ref" chain ends at (<c>#/definitions/authMethod</c> → authMethod), or null when written inline.</summary>
    private static string? DefinitionName(SchemaNode node)
    {
        string? name = null;
        for (var current = node; current is not null && current.Source?["$ref"] is StringSyntax reference; current = current.Ref)
        {
            const string prefix = "#/definitions/";
            name = reference.Value.StartsWith(prefix, StringComparison.Ordinal) ? reference.Value[prefix.Length..] : name;
        }
        return name;
    }

    private static string KindOf(SchemaNode schema) => schema switch
    {
        { Enum: not null } => "select",
        { Types: SchemaTypes.Integer or SchemaTypes.Number } => "number",
        { Types: SchemaTypes.Boolean } => "checkbox",
        { Types: SchemaTypes.Array } => "csv",
        { OneOf: not null } => "textarea",
        _ => "text",
    };

    /// <summary>Descriptions can run long; a form shows their first two sentences.</summary>
    internal static string FirstSentences(string text)
    {
        var sentences = Sentence().Matches(text);
        return sentences.Count > 2 ? string.Concat(sentences[0].Value, sentences[1].Value).Trim() : text;
    }

    private static List<KeyValuePair<string, FormMethod>> Methods(SchemaNode node) =>
        [.. PaginationMethods.Of(node).Select(m => new KeyValuePair<string, FormMethod>(m.Name, new FormMethod(m.Required, m.Optional)))];

    [GeneratedRegex(@"[^.!?]+[.!?]+(\s|$)")]
    private static partial Regex Sentence();
}
