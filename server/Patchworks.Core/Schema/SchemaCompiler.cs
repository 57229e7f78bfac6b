using System.Text.RegularExpressions;
using Patchworks.Core.Syntax;

namespace Patchworks.Core.Schema;

/// <summary>
/// Compiles a JSON Schema document, parsed with our own parser, into <see cref="SchemaNode"/>s.
/// "$ref" is resolved lazily within the document (JSON pointers such as #/definitions/name).
/// Unknown keywords are kept in <see cref="SchemaNode.Source"/> for tools that read annotations.
/// </summary>
public static class SchemaCompiler
{
    public static SchemaNode Compile(SyntaxTree schemaTree)
    {
        if (schemaTree.Root is not ObjectSyntax root)
        {
            throw new InvalidDataException("A JSON Schema document must be an object.");
        }
        if (schemaTree.Errors.Count > 0)
        {
            throw new InvalidDataException($"The schema has syntax errors: {schemaTree.Errors[0].Message}");
        }
        var cache = new Dictionary<ObjectSyntax, SchemaNode>(ReferenceEqualityComparer.Instance);
        var compiled = new Compilation(root, cache).Compile(root);
        ResolveAll(compiled, new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance));
        return compiled;
    }

    /// <summary>
    /// Resolves every "$ref" now, so a compiled schema never changes afterwards and can be shared by threads
    /// (the language server validates while it answers completion requests).
    /// </summary>
    private static void ResolveAll(SchemaNode node, HashSet<SchemaNode> visited)
    {
        if (!visited.Add(node))
        {
            return;
        }
        if (node.Ref is { } target) ResolveAll(target, visited);
        if (node.Items is { } items) ResolveAll(items, visited);
        if (node.AdditionalProperties is { } additional) ResolveAll(additional, visited);
        foreach (var child in (node.Properties?.Values ?? []).Concat(node.OneOf ?? []).Concat(node.AnyOf ?? []).Concat(node.AllOf ?? []))
        {
            ResolveAll(child, visited);
        }
    }

    private sealed class Compilation(ObjectSyntax documentRoot, Dictionary<ObjectSyntax, SchemaNode> cache)
    {
        public SchemaNode Compile(ObjectSyntax source)
        {
            if (cache.TryGetValue(source, out var existing))
            {
                return existing;
            }

            Func<SchemaNode?>? resolveRef = null;
            if (source["$ref"] is StringSyntax reference)
            {
                var pointer = reference.Value;
                resolveRef = () => ResolvePointer(pointer) is { } target ? Compile(target) : null;
            }
            var node = new SchemaNode(source, resolveRef);
            cache[source] = node;

            node.Title = (source["title"] as StringSyntax)?.Value;
            node.Description = (source["description"] as StringSyntax)?.Value;
            node.Types = ReadTypes(source["type"]);

            if (source["properties"] is ObjectSyntax properties)
            {
                var map = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
                foreach (var property in properties.Properties)
                {
                    if (property.Value is ObjectSyntax propertySchema)
                    {
                        map[property.Name] = Compile(propertySchema);
                    }
                }
                node.Properties = map;
            }
            if (source["required"] is ArraySyntax required)
            {
                node.Required = [.. required.Items.OfType<StringSyntax>().Select(s => s.Value)];
            }
            switch (source["additionalProperties"])
            {
                case BooleanSyntax { Value: false }:
                    node.AdditionalPropertiesAllowed = false;
                    break;
                case ObjectSyntax additional:
                    node.AdditionalProperties = Compile(additional);
                    break;
            }
            if (source["enum"] is ArraySyntax values)
            {
                node.Enum = [.. values.Items.Select(LiteralValue)];
            }
            if (source["enumDescriptions"] is ArraySyntax descriptions)
            {
                node.EnumDescriptions = [.. descriptions.Items.Select(d => (d as StringSyntax)?.Value ?? "")];
            }
            if (source.Find("const") is { Value: { } constant })
            {
                node.HasConst = true;
                node.Const = LiteralValue(constant);
            }
            if (source["pattern"] is StringSyntax pattern)
            {
                node.Pattern = new Regex(pattern.Value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            node.MinLength = ReadInt(source["minLength"]);
            node.MaxLength = ReadInt(source["maxLength"]);
            node.Minimum = (source["minimum"] as NumberSyntax)?.Value;
            node.Maximum = (source["maximum"] as NumberSyntax)?.Value;
            if (source["items"] is ObjectSyntax items)
            {
                node.Items = Compile(items);
            }
            node.MinItems = ReadInt(source["minItems"]);
            node.MaxItems = ReadInt(source["maxItems"]);
            node.UniqueItems = source["uniqueItems"] is BooleanSyntax { Value: true };
            node.OneOf = ReadList(source["oneOf"]);
            node.AnyOf = ReadList(source["anyOf"]);
            node.AllOf = ReadList(source["allOf"]);
            if (source["if"] is ObjectSyntax condition)
            {
                node.If = Compile(condition);
                node.Then = source["then"] is ObjectSyntax then ? Compile(then) : null;
                node.Else = source["else"] is ObjectSyntax otherwise ? Compile(otherwise) : null;
            }
            return node;
        }

        private List<SchemaNode>? ReadList(SyntaxNode? value) =>
            value is ArraySyntax array ? [.. array.Items.OfType<ObjectSyntax>().Select(Compile)] : null;

        private ObjectSyntax? ResolvePointer(string pointer)
        {
            if (!pointer.StartsWith('#'))
            {
                return null; // Only references within the document: our schemas are self-contained.
            }
            SyntaxNode? current = documentRoot;
            foreach (var raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                current = current switch
                {
                    ObjectSyntax o => o[token],
                    ArraySyntax a when int.TryParse(token, out var i) && i >= 0 && i < a.Items.Length => a.Items[i],
                    _ => null,
                };
            }
            return current as ObjectSyntax;
        }

        private static int? ReadInt(SyntaxNode? value) => value is NumberSyntax n ? (int)Math.Min(n.Value, int.MaxValue) : null;

        private static SchemaTypes ReadTypes(SyntaxNode? value) => value switch
        {
            StringSyntax s => ParseType(s.Value),
            ArraySyntax a => a.Items.OfType<StringSyntax>().Aggregate(SchemaTypes.None, (types, s) => types | ParseType(s.Value)),
            _ => SchemaTypes.None,
        };

        private static SchemaTypes ParseType(string name) => name switch
        {
            "object" => SchemaTypes.Object,
            "array" => SchemaTypes.Array,
            "string" => SchemaTypes.String,
            "number" => SchemaTypes.Number,
            "integer" => SchemaTypes.Integer,
            "boolean" => SchemaTypes.Boolean,
            "null" => SchemaTypes.Null,
            _ => SchemaTypes.None,
        };
    }

    /// <summary>A JSON literal as a .NET value: string, double, bool or null (objects and arrays are not compared).</summary>
    internal static object? LiteralValue(SyntaxNode node) => node switch
    {
        StringSyntax s => s.Value,
        NumberSyntax n => n.Value,
        BooleanSyntax b => b.Value,
        _ => null,
    };
}
