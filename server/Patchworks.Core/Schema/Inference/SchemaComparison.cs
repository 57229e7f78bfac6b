using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.Core.Syntax;
using Patchworks.Core.Text;

namespace Patchworks.Core.Schema.Inference;

/// <summary>A field and in how many records it was seen (missing, or undeclared).</summary>
/// <param name="Path">Dotted path of the field; <c>[]</c> marks the items of an array (<c>categories[].id</c>).</param>
public sealed record SchemaFieldCount(string Path, int Records);

/// <summary>A type received instead of the declared ones, and in how many records.</summary>
public sealed record SchemaReceivedType(string Type, int Records);

/// <summary>A field whose value had a type the schema does not allow.</summary>
/// <param name="Path">The field's path, or <c>(record)</c> for a record of the wrong kind.</param>
/// <param name="Expected">The declared types, as the schema lists them.</param>
public sealed record SchemaWrongType(string Path, IReadOnlyList<string> Expected, IReadOnlyList<SchemaReceivedType> Received);

/// <summary>The answer of <see cref="SchemaComparison.Compare"/>.</summary>
/// <param name="Text">The records were XML or CSV text, read as the declared types.</param>
/// <param name="MissingRequired">Required fields absent from some records (a null value is a wrong type, not a missing field).</param>
/// <param name="NeverReceived">Declared fields that no record had.</param>
/// <param name="Extra">Fields received that the schema does not declare (only where it lists properties).</param>
/// <param name="Declarations">
/// Where the schema declares each field it declares: the span of the property (key and value) in the schema's text,
/// so an editor can point at it. A field declared under a local $ref is at the referenced definition.
/// </param>
public sealed record SchemaComparisonResult(
    int RecordsChecked,
    bool Text,
    IReadOnlyList<SchemaFieldCount> MissingRequired,
    IReadOnlyList<string> NeverReceived,
    IReadOnlyList<SchemaFieldCount> Extra,
    IReadOnlyList<SchemaWrongType> WrongTypes,
    IReadOnlyDictionary<string, TextSpan> Declarations)
{
    /// <summary>True when the comparison found nothing to report.</summary>
    public bool Matches => MissingRequired.Count == 0 && NeverReceived.Count == 0 && Extra.Count == 0 && WrongTypes.Count == 0;
}

/// <summary>
/// "Compare Schema": the endpoint's declared record schema (JSON Schema, as the connector or its schema file holds
/// it, JSONC included) against the records a run received. It answers what a connector author needs before mapping:
/// which declared fields never came, which came undeclared, and which came with another type; and where each
/// declared one is written, which the editor needs to point at it. Not a full validator: types, properties, required,
/// items, anyOf/oneOf of types, and local $refs, which is what record schemas use. It walks the schema's syntax
/// tree (not a parsed copy) so that each finding keeps the span of its declaration.
/// XML and CSV records (SOAP) hold text only, as fields flattened by path (the runner's listedRecords): compared in
/// text mode, they are nested back by their paths, a value counts as a declared number, integer, boolean or null when
/// it reads as one, and a lone element counts as a one-item array (XML does not mark a list of one).
/// </summary>
public static partial class SchemaComparison
{
    /// <summary>How deep the schema is followed: record schemas are shallow, a recursive $ref must end.</summary>
    private const int MaxDepth = 8;

    private const int MaxRefHops = 16;

    /// <summary>Compares the records with the schema object <paramref name="schema"/> (a node of a parsed JSONC tree).</summary>
    /// <param name="text">The records are XML or CSV text (see the class summary).</param>
    public static SchemaComparisonResult Compare(SyntaxNode? schema, IReadOnlyList<JsonNode?> records, bool text = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        var root = schema as ObjectSyntax;
        var walk = new Walk(root, text);
        if (root is not null)
        {
            walk.CollectDeclared(root, "", 0);
        }
        var missingRequired = new Dictionary<string, int>(StringComparer.Ordinal);
        var extra = new Dictionary<string, int>(StringComparer.Ordinal);
        var wrong = new Dictionary<string, (IReadOnlyList<string> Expected, Dictionary<string, int> Received)>(StringComparer.Ordinal);
        foreach (var received in records)
        {
            var record = text ? NestTextRecord(received) : received;
            // Each record counts once per finding, even when an array inside it repeats the same problem.
            var found = new Found();
            if (root is not null)
            {
                walk.Check(root, record, "", found, 0);
            }
            foreach (var path in found.MissingRequired)
            {
                Bump(missingRequired, path);
            }
            foreach (var path in found.Extra)
            {
                Bump(extra, path);
            }
            foreach (var (path, (expected, types)) in found.Wrong)
            {
                if (!wrong.TryGetValue(path, out var into))
                {
                    into = (expected, new Dictionary<string, int>(StringComparer.Ordinal));
                    wrong[path] = into;
                }
                foreach (var type in types)
                {
                    Bump(into.Received, type);
                }
            }
        }
        // A field inside one never received is not listed again (categories, not also categories[].id).
        var neverReceived = records.Count == 0
            ? []
            : walk.Declared.Keys.Where(p => !walk.Seen.Contains(p) && !ParentMissing(p, walk)).Order(StringComparer.Ordinal).ToList();
        return new SchemaComparisonResult(
            records.Count,
            text,
            Counts(missingRequired),
            neverReceived,
            Counts(extra),
            [.. wrong.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new SchemaWrongType(w.Key, w.Value.Expected, [.. w.Value.Received.Select(r => new SchemaReceivedType(r.Key, r.Value))]))],
            walk.Declared.ToDictionary(d => d.Key, d => d.Value.Span, StringComparer.Ordinal));
    }

    /// <summary>The JSON type of a value as JSON Schema names it; a whole number is an integer (1.0 too, as JavaScript reads it).</summary>
    public static string JsonTypeOf(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case JsonArray:
                return "array";
            case JsonObject:
                return "object";
        }
        var element = value.GetValueKind();
        return element switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => value.AsValue().TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Floor(d) == d ? "integer" : "number",
            _ => "null",
        };
    }

    /// <summary>
    /// A flattened text record (<c>Address.PostCode</c>, <c>Line.0.Sku</c>, <c>@id</c>) nested back by its paths: a name
    /// followed by numbers becomes an array. A record that is one text (an element with text only) stays as it is.
    /// </summary>
    public static JsonNode? NestTextRecord(JsonNode? record)
    {
        if (record is not JsonObject flat)
        {
            return record?.DeepClone();
        }
        var nested = new JsonObject();
        foreach (var (key, value) in flat)
        {
            var parts = key.Split('.');
            JsonNode node = nested;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                var last = i == parts.Length - 1;
                if (last)
                {
                    Set(node, part, value?.DeepClone());
                    break;
                }
                var nextIsIndex = IsIndex(parts[i + 1]);
                var existing = Get(node, part);
                if (existing is not (JsonObject or JsonArray))
                {
                    existing = nextIsIndex ? new JsonArray() : new JsonObject();
                    Set(node, part, existing);
                }
                node = existing;
            }
        }
        return nested;
    }

    private static bool IsIndex(string part) => part.Length > 0 && part.All(char.IsAsciiDigit);

    private static JsonNode? Get(JsonNode container, string part) => container switch
    {
        JsonObject o => o[part],
        JsonArray a when IsIndex(part) && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    /// <summary>Sets a slot; an array grows with nulls up to the index, as a JavaScript array does (its holes read as absent).</summary>
    private static void Set(JsonNode container, string part, JsonNode? value)
    {
        if (container is JsonObject o)
        {
            o[part] = value;
            return;
        }
        var array = (JsonArray)container;
        // A name under a list ("Line.x" after "Line.0"): not an index, so not kept (JavaScript would hang it off the array).
        if (!IsIndex(part) || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 10_000)
        {
            return;
        }
        while (array.Count <= index)
        {
            array.Add(null);
        }
        array[index] = value;
    }

    private static bool ParentMissing(string path, Walk walk)
    {
        var parent = ParentPattern().Replace(path, "", 1);
        return parent != path && parent != "" && walk.Declared.ContainsKey(parent) && !walk.Seen.Contains(parent);
    }

    [GeneratedRegex(@"(\[\])?\.[^.]+$|\[\]$")]
    private static partial Regex ParentPattern();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerText();

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static void Bump(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static List<SchemaFieldCount> Counts(Dictionary<string, int> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new SchemaFieldCount(c.Key, c.Value))];

    /// <summary>What one record showed: each finding once, however often the record repeats it.</summary>
    private sealed class Found
    {
        public HashSet<string> MissingRequired { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Extra { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (IReadOnlyList<string> Expected, HashSet<string> Received)> Wrong { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The schema walk: the root for $refs, the declared fields (with their properties), the fields seen.</summary>
    private sealed class Walk(ObjectSyntax? root, bool text)
    {
        /// <summary>Each declared field's property, first declaration kept, in the order the schema declares them.</summary>
        public Dictionary<string, PropertySyntax> Declared { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public void CollectDeclared(ObjectSyntax node, string path, int depth)
        {
            var schema = Deref(node);
            if (schema is null || depth > MaxDepth)
            {
                return;
            }
            if (Member(schema, "properties") is ObjectSyntax properties)
            {
                foreach (var property in Members(properties))
                {
                    var childPath = Join(path, property.Name);
                    Declared.TryAdd(childPath, property);
                    if (property.Value is ObjectSyntax child)
                    {
                        CollectDeclared(child, childPath, depth + 1);
                    }
                }
            }
            if (Member(schema, "items") is ObjectSyntax items)
            {
                CollectDeclared(items, $"{path}[]", depth + 1);
            }
        }

        public void Check(ObjectSyntax node, JsonNode? received, string path, Found found, int depth)
        {
            var schema = Deref(node);
            if (schema is null || depth > MaxDepth)
            {
                return;
            }
            var allowed = AllowedTypes(schema, 0);
            var value = text && allowed is not null ? ReadTextAs(received, allowed) : received;
            var actual = JsonTypeOf(value);
            if (allowed is not null && !TypeAllowed(actual, allowed))
            {
                var at = path.Length == 0 ? "(record)" : path;
                if (!found.Wrong.TryGetValue(at, out var entry))
                {
                    entry = (allowed, new HashSet<string>(StringComparer.Ordinal));
                    found.Wrong[at] = entry;
                }
                entry.Received.Add(actual);
                return;
            }
            if (value is JsonObject record)
            {
                var properties = Member(schema, "properties") as ObjectSyntax;
                if (Member(schema, "required") is ArraySyntax required)
                {
                    foreach (var key in required.Items.OfType<StringSyntax>())
                    {
                        if (!record.ContainsKey(key.Value))
                        {
                            found.MissingRequired.Add(Join(path, key.Value));
                        }
                    }
                }
                var additional = Member(schema, "additionalProperties");
                var additionalAllowed = additional is BooleanSyntax { Value: true } or ObjectSyntax;
                foreach (var (key, child) in record)
                {
                    var childPath = Join(path, key);
                    Seen.Add(childPath);
                    if (properties is not null && Member(properties, key) is ObjectSyntax childSchema)
                    {
                        Check(childSchema, child, childPath, found, depth + 1);
                    }
                    else if (properties is not null && !additionalAllowed)
                    {
                        found.Extra.Add(childPath);
                    }
                }
            }
            else if (value is JsonArray array && Member(schema, "items") is ObjectSyntax items)
            {
                foreach (var item in array)
                {
                    Check(items, item, $"{path}[]", found, depth + 1);
                }
            }
        }

        /// <summary>The JSON types a schema node allows, or null when it does not say (no type, or a combinator not modelled).</summary>
        private List<string>? AllowedTypes(ObjectSyntax schema, int depth)
        {
            switch (Member(schema, "type"))
            {
                case StringSyntax one:
                    return [one.Value];
                case ArraySyntax many:
                    return [.. many.Items.OfType<StringSyntax>().Select(s => s.Value)];
            }
            if (depth > MaxDepth)
            {
                return null;
            }
            foreach (var combinator in (string[])["anyOf", "oneOf"])
            {
                if (Member(schema, combinator) is not ArraySyntax branches)
                {
                    continue;
                }
                var types = new List<string>();
                foreach (var branch in branches.Items)
                {
                    var branchSchema = branch is ObjectSyntax o ? Deref(o) : null;
                    var branchTypes = branchSchema is null ? null : AllowedTypes(branchSchema, depth + 1);
                    if (branchTypes is null)
                    {
                        return null;
                    }
                    foreach (var type in branchTypes.Where(t => !types.Contains(t)))
                    {
                        types.Add(type);
                    }
                }
                return types;
            }
            return null;
        }

        /// <summary>Follows a local $ref (#/definitions/x, #/$defs/x); an unresolvable one is treated as "anything" (null).</summary>
        private ObjectSyntax? Deref(ObjectSyntax schema)
        {
            var current = schema;
            for (var hops = 0; ; hops++)
            {
                if (Member(current, "$ref") is not StringSyntax reference)
                {
                    return current;
                }
                if (!reference.Value.StartsWith('#') || hops > MaxRefHops || root is null)
                {
                    return null;
                }
                SyntaxNode? node = root;
                foreach (var part in reference.Value[1..].Split('/').Where(p => p.Length > 0))
                {
                    string key;
                    try
                    {
                        key = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                    }
                    catch (UriFormatException)
                    {
                        return null;
                    }
                    node = node switch
                    {
                        ObjectSyntax o => Member(o, key),
                        ArraySyntax a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Items.Length => a.Items[i],
                        _ => null,
                    };
                }
                if (node is not ObjectSyntax next)
                {
                    return null;
                }
                current = next;
            }
        }
    }

    /// <summary>
    /// XML or CSV text read as the first declared type it reads as; a lone value where an array is declared as a list
    /// of one; an empty element where fields are declared as an object with none of them.
    /// </summary>
    private static JsonNode? ReadTextAs(JsonNode? value, List<string> allowed)
    {
        if (allowed.Contains("array") && value is not JsonArray)
        {
            // A lone element where a list is declared. (An absent value never reaches here: absent keys are not walked.)
            return new JsonArray(value?.DeepClone());
        }
        if (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.String || allowed.Contains("string"))
        {
            return value;
        }
        var raw = scalar.GetValue<string>();
        var trimmed = raw.Trim();
        if (allowed.Contains("object") && trimmed.Length == 0)
        {
            return new JsonObject();
        }
        foreach (var type in allowed)
        {
            if (type == "null" && trimmed.Length == 0)
            {
                return null;
            }
            if (type == "integer" && IntegerText().IsMatch(trimmed) && double.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(whole);
            }
            if (type == "number" && trimmed.Length > 0 && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return JsonValue.Create(number);
            }
            if (type == "boolean" && (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("false", StringComparison.OrdinalIgnoreCase)))
            {
                return JsonValue.Create(trimmed.Equals("true", StringComparison.OrdinalIgnoreCase));
            }
        }
        return value;
    }

    private static bool TypeAllowed(string actual, List<string> allowed) =>
        allowed.Contains(actual) || (actual == "integer" && allowed.Contains("number"));

    /// <summary>A member's value; the last of duplicate keys, as a JSON reader keeps it.</summary>
    private static SyntaxNode? Member(ObjectSyntax node, string name)
    {
        SyntaxNode? found = null;
        foreach (var property in node.Properties)
        {
            if (property.Name == name)
            {
                found = property.Value;
            }
        }
        return found;
    }

    /// <summary>The members with a value, once per key (the last of duplicates), in the order first written.</summary>
    private static IEnumerable<PropertySyntax> Members(ObjectSyntax node)
    {
        var last = new Dictionary<string, PropertySyntax>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var property in node.Properties.Where(p => p.Value is not null))
        {
            if (!last.ContainsKey(property.Name))
            {
                order.Add(property.Name);
            }
            last[property.Name] = property;
        }
        return order.Select(k => last[k]);
    }
}
