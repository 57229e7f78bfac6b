namespace Patchworks.Core.Schema;

/// <summary>What completion and hover read off a schema: its types (through "$ref" and "oneOf"), their names, its string enum.</summary>
public static class SchemaFacts
{
    public static SchemaTypes TypesOf(SchemaNode? schema)
    {
        if (schema is null)
        {
            return SchemaTypes.None;
        }
        var resolved = schema.Resolved;
        var types = schema.Types | resolved.Types;
        foreach (var alternative in (resolved.OneOf ?? []).Concat(resolved.AnyOf ?? []).Concat(schema.OneOf ?? []))
        {
            types |= TypesOf(alternative);
        }
        return types;
    }

    public static string TypeName(SchemaTypes types) => types switch
    {
        SchemaTypes.None => "any",
        SchemaTypes.Object => "object",
        SchemaTypes.Array => "array",
        SchemaTypes.String => "string",
        SchemaTypes.Integer => "integer",
        SchemaTypes.Number => "number",
        SchemaTypes.Boolean => "boolean",
        _ => types.ToString().ToLowerInvariant().Replace(", ", " | ", StringComparison.Ordinal),
    };

    /// <summary>The string values of the schema's enum with their descriptions (null when it has none).</summary>
    public static IReadOnlyList<(string Value, string? Description)> EnumOf(SchemaNode? schema)
    {
        var resolved = schema?.Resolved;
        if (resolved?.Enum is not { } values)
        {
            return [];
        }
        var descriptions = resolved.EnumDescriptions ?? [];
        return [.. values.Select((v, i) => (v as string, i < descriptions.Count ? descriptions[i] : null))
            .Where(e => e.Item1 is not null)
            .Select(e => (e.Item1!, e.Item2))];
    }

    public static bool IsRequired(SchemaNode objectSchema, string name) =>
        objectSchema.Required.Contains(name) || objectSchema.Resolved.Required.Contains(name);
}
