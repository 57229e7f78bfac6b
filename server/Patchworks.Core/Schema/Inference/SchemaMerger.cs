using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Schema.Inference;

/// <summary>What a merge did at one place of the schema.</summary>
public enum SchemaChangeKind
{
    /// <summary>A property (or the items of an array) the declared schema did not describe was added.</summary>
    Added,

    /// <summary>A type was widened: another type, null, or integer to number.</summary>
    Widened,

    /// <summary>The records disagree with a hand-written constraint (an enum, a format, a required property): left as declared, for the author to decide.</summary>
    Conflict,
}

/// <param name="Path">A JSON pointer into the merged schema (/properties/customer/properties/email).</param>
public sealed record SchemaChange(SchemaChangeKind Kind, string Path, string Message);

public sealed record SchemaMergeResult(JsonObject Schema, IReadOnlyList<SchemaChange> Changes)
{
    public bool Changed => Changes.Any(c => c.Kind != SchemaChangeKind.Conflict);
}

/// <summary>
/// Merges an inferred schema into a declared one (what "Update Schema from Run" does): everything declared stays
/// (descriptions, titles, enums, formats, patterns, required, $refs, combinators); only what is new is added
/// (properties, items) and types are widened so the records seen are valid. Where the records disagree with a
/// hand-written constraint the constraint is kept and the disagreement reported as a conflict. The declared schema
/// given is not modified: the result is a copy.
/// </summary>
public static class SchemaMerger
{
    private const int MaxDepth = 64;

    public static SchemaMergeResult Merge(JsonObject declared, JsonObject inferred)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(inferred);
        var result = (JsonObject)declared.DeepClone();
        var changes = new List<SchemaChange>();
        if (DescribesNothing(result))
        {
            // A stub ($schema, a title, a description): the inferred schema fills it in, the stub's words kept.
            foreach (var (key, value) in inferred)
            {
                if (!result.ContainsKey(key))
                {
                    result[key] = value?.DeepClone();
                }
            }
            changes.Add(new SchemaChange(SchemaChangeKind.Added, "", "the inferred schema (the declared one described no type, property or item)"));
            return new SchemaMergeResult(result, changes);
        }
        MergeNode(result, inferred, "", changes, 0);
        return new SchemaMergeResult(result, changes);
    }

    private static readonly string[] Describing = ["type", "properties", "items", "prefixItems", "$ref", "$dynamicRef", "anyOf", "oneOf", "allOf", "not", "if", "enum", "const", "additionalProperties", "patternProperties"];

    private static bool DescribesNothing(JsonObject schema) => !Describing.Any(schema.ContainsKey);

    private static void MergeNode(JsonObject declared, JsonObject inferred, string path, List<SchemaChange> changes, int depth)
    {
        if (depth > MaxDepth || inferred.Count == 0 || declared.Count == 0 && path.Length > 0)
        {
            // An empty declared schema accepts anything already; an empty inferred one says nothing.
            return;
        }
        if (declared.ContainsKey("$ref") || declared.ContainsKey("anyOf") || declared.ContainsKey("oneOf") || declared.ContainsKey("allOf") || declared.ContainsKey("not") || declared.ContainsKey("if"))
        {
            // What a reference or a combinator accepts is not this node's to widen.
            return;
        }
        var declaredTypes = Types(declared);
        var inferredTypes = Types(inferred);
        if (declaredTypes is not null && inferredTypes is not null)
        {
            WidenTypes(declared, declaredTypes, inferredTypes, path, changes);
        }
        if (declared["enum"] is JsonArray declaredEnum && inferred["enum"] is JsonArray inferredEnum)
        {
            var known = declaredEnum.Select(v => v?.ToJsonString() ?? "null").ToHashSet(StringComparer.Ordinal);
            var unknown = inferredEnum.Where(v => !known.Contains(v?.ToJsonString() ?? "null")).Select(v => v?.ToJsonString() ?? "null").ToList();
            if (unknown.Count > 0)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.Conflict, Pointer(path, "enum"), $"the records hold values the declared enum lacks: {string.Join(", ", unknown)}"));
            }
        }
        else if (declared["enum"] is JsonArray && inferred["enum"] is null && inferredTypes?.Contains("string") == true)
        {
            changes.Add(new SchemaChange(SchemaChangeKind.Conflict, Pointer(path, "enum"), "the records hold more distinct values than the inferrer lists as an enum: check the declared enum"));
        }
        if (declared["format"] is JsonValue declaredFormat && (string?)declaredFormat is { } format && inferredTypes?.Contains("string") == true && (string?)inferred["format"] != format)
        {
            changes.Add(new SchemaChange(SchemaChangeKind.Conflict, Pointer(path, "format"), $"not every value is a {format}"));
        }

        if (inferred["properties"] is JsonObject inferredProperties)
        {
            MergeProperties(declared, declaredTypes, inferred, inferredProperties, path, changes, depth);
        }
        if (inferred["items"] is JsonObject inferredItems && (declaredTypes is null || declaredTypes.Contains("array")))
        {
            if (declared["items"] is JsonObject declaredItems)
            {
                MergeNode(declaredItems, inferredItems, path + "/items", changes, depth + 1);
            }
            else if (declared["items"] is null && declared["prefixItems"] is null && declaredTypes is not null)
            {
                declared["items"] = inferredItems.DeepClone();
                changes.Add(new SchemaChange(SchemaChangeKind.Added, path + "/items", "the array's items"));
            }
        }
    }

    private static void MergeProperties(JsonObject declared, List<string>? declaredTypes, JsonObject inferred, JsonObject inferredProperties, string path, List<SchemaChange> changes, int depth)
    {
        if (declaredTypes is not null && !declaredTypes.Contains("object"))
        {
            return;
        }
        if (declared["properties"] is not JsonObject declaredProperties)
        {
            if (declaredTypes is null && declared["properties"] is null)
            {
                // No type and no properties: an open schema, nothing to add to.
                return;
            }
            declaredProperties = new JsonObject();
            declared["properties"] = declaredProperties;
        }
        var inferredRequired = (inferred["required"] as JsonArray)?.Select(r => (string?)r).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, inferredProperty) in inferredProperties)
        {
            var propertyPath = path + "/properties/" + Escape(name);
            if (inferredProperty is not JsonObject inferredObject)
            {
                continue;
            }
            if (declaredProperties[name] is JsonObject declaredProperty)
            {
                MergeNode(declaredProperty, inferredObject, propertyPath, changes, depth + 1);
            }
            else if (!declaredProperties.ContainsKey(name))
            {
                declaredProperties[name] = inferredObject.DeepClone();
                // Not made required: older records without it must stay valid.
                changes.Add(new SchemaChange(SchemaChangeKind.Added, propertyPath, $"the property {name}{(inferredRequired.Contains(name) ? " (in every record; not made required)" : "")}"));
            }
        }
        if (declared["required"] is JsonArray declaredRequired)
        {
            foreach (var name in declaredRequired.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()))
            {
                if (inferredProperties.ContainsKey(name) && !inferredRequired.Contains(name))
                {
                    changes.Add(new SchemaChange(SchemaChangeKind.Conflict, path + "/required", $"{name} is declared required but some records lack it"));
                }
            }
        }
    }

    private static void WidenTypes(JsonObject declared, List<string> declaredTypes, List<string> inferredTypes, string path, List<SchemaChange> changes)
    {
        var widened = new List<string>(declaredTypes);
        var added = new List<string>();
        foreach (var type in inferredTypes)
        {
            if (widened.Contains(type) || type == "integer" && widened.Contains("number"))
            {
                continue;
            }
            if (type == "number" && widened.Remove("integer"))
            {
                widened.Add("number");
                added.Add("integer → number");
                continue;
            }
            widened.Add(type);
            added.Add(type);
        }
        if (added.Count == 0)
        {
            return;
        }
        // null last, as written by hand.
        if (widened.Remove("null"))
        {
            widened.Add("null");
        }
        declared["type"] = widened.Count == 1 ? widened[0] : new JsonArray([.. widened.Select(t => (JsonNode)JsonValue.Create(t))]);
        if (added.Contains("null") && declared["enum"] is JsonArray declaredEnum && !declaredEnum.Any(v => v is null))
        {
            // A nullable enum lists null too, or null is still refused.
            declaredEnum.Add(null);
        }
        changes.Add(new SchemaChange(SchemaChangeKind.Widened, Pointer(path, "type"), $"type {Describe(declaredTypes)} widened to {Describe(widened)} ({string.Join(", ", added)} seen)"));
    }

    /// <summary>The types a schema names; null when it names none (any type), or names them in a form not understood.</summary>
    private static List<string>? Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(string)v!],
        JsonArray a when a.All(t => t is JsonValue tv && tv.GetValueKind() == JsonValueKind.String) => [.. a.Select(t => (string)t!)],
        _ => null,
    };

    private static string Describe(List<string> types) => types.Count == 1 ? types[0] : "[" + string.Join(", ", types) + "]";

    private static string Pointer(string path, string keyword) => path + "/" + keyword;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
