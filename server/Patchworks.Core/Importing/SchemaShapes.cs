using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Importing;

/// <summary>Reading the shape of a JSON Schema object as importers need it (OpenAPI's response schemas, inferred ones).</summary>
internal static class SchemaShapes
{
    /// <summary>The one type a schema names, a nullable one's included (["string", "null"] is string); null when none or several.</summary>
    internal static string? TypeName(JsonObject schema)
    {
        if (Str(schema["type"]) is { } single)
        {
            return single == "null" ? null : single;
        }
        if (schema["type"] is JsonArray types)
        {
            var named = types.Select(Str).Where(t => t is not null and not "null").ToList();
            return named.Count == 1 ? named[0] : null;
        }
        return null;
    }

    /// <summary>An array schema: type array (alone or with null), or items without properties.</summary>
    internal static bool IsArray(JsonObject schema) =>
        Str(schema["type"]) == "array" || schema["type"] is JsonArray types && types.Any(t => Str(t) == "array") && !types.Any(t => Str(t) == "object") || schema["items"] is not null && schema["type"] is null && schema["properties"] is null;

    /// <summary>The properties of an object schema, allOf members' included.</summary>
    internal static List<KeyValuePair<string, JsonNode?>>? Properties(JsonObject schema)
    {
        var list = new List<KeyValuePair<string, JsonNode?>>();
        if (schema["properties"] is JsonObject properties)
        {
            list.AddRange(properties);
        }
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var member in allOf.OfType<JsonObject>())
            {
                list.AddRange(Properties(member) ?? []);
            }
        }
        return list.Count > 0 ? list : null;
    }

    internal static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string?)v : null;
}
