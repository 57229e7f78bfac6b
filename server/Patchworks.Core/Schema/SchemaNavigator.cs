using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>
/// Finds the schema that governs a node of a document, by walking from the root schema along the node's
/// path: property names, array items, through "$ref", "allOf" and the alternatives of "oneOf"/"anyOf".
/// Hover shows its description; completion offers its properties and enum values.
/// </summary>
public static class SchemaNavigator
{
    /// <summary>The schema of a value node (or of the value a property key names), or null when the schema says nothing.</summary>
    public static SchemaNode? SchemaOf(SyntaxNode node, SchemaNode root)
    {
        // The path from the root: a property name for each property crossed, null for each array item.
        var path = new List<string?>();
        var current = node is StringSyntax { Parent: PropertySyntax owner } key && ReferenceEquals(owner.Key, key) ? owner : node;
        while (current.Parent is { } parent)
        {
            switch (current)
            {
                case PropertySyntax property:
                    path.Add(property.Name);
                    current = parent;
                    continue;
            }
            switch (parent)
            {
                case PropertySyntax property:
                    path.Add(property.Name);
                    current = property.Parent ?? property;
                    if (property.Parent is null)
                    {
                        return null;
                    }
                    break;
                case ArraySyntax array:
                    path.Add(null);
                    current = array;
                    break;
                default:
                    current = parent;
                    break;
            }
        }

        var schema = root;
        for (var i = path.Count - 1; i >= 0 && schema is not null; i--)
        {
            schema = path[i] is { } name ? PropertyOf(schema, name) : ItemsOf(schema);
        }
        return schema;
    }

    /// <summary>The schema of a property of an object schema, looking through references and alternatives.</summary>
    public static SchemaNode? PropertyOf(SchemaNode schema, string name)
    {
        if (schema.PropertySchema(name) is { } direct)
        {
            return direct;
        }
        foreach (var alternative in Alternatives(schema))
        {
            if (alternative.PropertySchema(name) is { } found)
            {
                return found;
            }
        }
        return schema.AdditionalProperties ?? schema.Ref?.AdditionalProperties;
    }

    public static SchemaNode? ItemsOf(SchemaNode schema)
    {
        if ((schema.Items ?? schema.Ref?.Resolved.Items) is { } items)
        {
            return items;
        }
        return Alternatives(schema).Select(a => a.Items).FirstOrDefault(i => i is not null);
    }

    /// <summary>Every property name the schema allows on an object, with its schema.</summary>
    public static IEnumerable<KeyValuePair<string, SchemaNode>> PropertiesOf(SchemaNode schema)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in Alternatives(schema).Prepend(schema.Resolved).Prepend(schema))
        {
            foreach (var property in part.Properties ?? new Dictionary<string, SchemaNode>())
            {
                if (seen.Add(property.Key))
                {
                    yield return property;
                }
            }
        }
    }

    private static IEnumerable<SchemaNode> Alternatives(SchemaNode schema)
    {
        var resolved = schema.Resolved;
        foreach (var list in new[] { resolved.OneOf, resolved.AnyOf, resolved.AllOf, schema.OneOf, schema.AnyOf, schema.AllOf })
        {
            foreach (var alternative in list ?? [])
            {
                yield return alternative.Resolved;
            }
        }
    }
}
