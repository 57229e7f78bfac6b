using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Patchworks.Core.Importing;

namespace Patchworks.Core.Schema.Inference;

/// <summary>What <see cref="SchemaInferrer.Infer"/> found: the schema, how many records it read, and the bounds it hit.</summary>
/// <param name="Schema">A JSON Schema (draft 2020-12 keywords) that every record read is valid against.</param>
/// <param name="Records">The records read (fewer than given when <see cref="InferenceOptions.MaxRecords"/> or MaxValues stopped it).</param>
/// <param name="Limits">Each bound that was reached, said once ("records nested deeper than 32 are not described").</param>
public sealed record InferenceResult(JsonObject Schema, int Records, IReadOnlyList<string> Limits);

/// <summary>
/// Learns a JSON Schema from records (a run's pages, a saved example response): the types each field had (an
/// integer and a decimal make a number; several kinds make a type list; a null makes the type nullable),
/// <c>required</c> for the properties every object had, formats (date-time, date, email, uri, uuid) when every
/// string matched, small enums for repeated short strings, nested objects and array items merged over every value.
/// Values never reach the schema except as enum members, and never a value that looks like a credential or an id.
/// The work is bounded by <see cref="InferenceOptions"/>: depth, properties per object, records and values.
/// </summary>
public static partial class SchemaInferrer
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    public static InferenceResult Infer(IEnumerable<JsonNode?> records, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var walk = new Walk(options ?? InferenceOptions.Default);
        var root = new Shape();
        var count = 0;
        foreach (var record in records)
        {
            if (count >= walk.Options.MaxRecords)
            {
                walk.Limit($"only the first {walk.Options.MaxRecords:N0} records were read");
                break;
            }
            if (walk.Values >= walk.Options.MaxValues)
            {
                walk.Limit($"only the first {count:N0} records were read (more than {walk.Options.MaxValues:N0} values)");
                break;
            }
            walk.Add(root, record, 0);
            count++;
        }
        var schema = count == 0 ? new JsonObject() : Emit(root, null, walk.Options);
        var file = new JsonObject { ["$schema"] = Draft };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            file[key] = value;
        }
        return new InferenceResult(file, count, walk.Limits);
    }

    /// <summary>Everything seen at one place of the records (the root, a property, the items of an array).</summary>
    private sealed class Shape
    {
        public int Nulls;
        public int Booleans;
        public int Integers;
        public int Decimals;
        public int Strings;
        public int Objects;
        public int Arrays;

        /// <summary>The formats every string seen so far matched (bit flags of <see cref="Format"/>).</summary>
        public Format Formats = Format.All;

        /// <summary>The distinct strings, while they can still make an enum; null once they cannot.</summary>
        public HashSet<string>? Distinct = new(StringComparer.Ordinal);

        /// <summary>Properties in the order first seen; each shape's total is how many objects had the property.</summary>
        public readonly Dictionary<string, Shape> Properties = new(StringComparer.Ordinal);
        public readonly List<string> Order = [];

        public Shape? Items;

        /// <summary>Objects or arrays were seen below the depth bound: their insides were not read.</summary>
        public bool Opaque;

        public int Total => Nulls + Booleans + Integers + Decimals + Strings + Objects + Arrays;
    }

    [Flags]
    private enum Format
    {
        None = 0,
        DateTime = 1,
        Date = 2,
        Email = 4,
        Uri = 8,
        Uuid = 16,
        All = DateTime | Date | Email | Uri | Uuid,
    }

    private sealed class Walk(InferenceOptions options)
    {
        public InferenceOptions Options { get; } = options;
        public int Values;
        private readonly List<string> _limits = [];
        public IReadOnlyList<string> Limits => _limits;

        public void Limit(string message)
        {
            if (!_limits.Contains(message))
            {
                _limits.Add(message);
            }
        }

        public void Add(Shape shape, JsonNode? node, int depth)
        {
            Values++;
            switch (node)
            {
                case null:
                    shape.Nulls++;
                    break;
                case JsonObject obj:
                    shape.Objects++;
                    if (depth >= Options.MaxDepth)
                    {
                        shape.Opaque = true;
                        Limit($"values nested deeper than {Options.MaxDepth} levels are typed, not described");
                        break;
                    }
                    foreach (var (name, value) in obj)
                    {
                        if (Values >= Options.MaxValues)
                        {
                            break;
                        }
                        if (!shape.Properties.TryGetValue(name, out var property))
                        {
                            if (shape.Properties.Count >= Options.MaxProperties)
                            {
                                shape.Opaque = true;
                                Limit($"objects with more than {Options.MaxProperties} properties: the rest are not described");
                                continue;
                            }
                            property = new Shape();
                            shape.Properties[name] = property;
                            shape.Order.Add(name);
                        }
                        Add(property, value, depth + 1);
                    }
                    break;
                case JsonArray array:
                    shape.Arrays++;
                    if (depth >= Options.MaxDepth)
                    {
                        shape.Opaque = true;
                        Limit($"values nested deeper than {Options.MaxDepth} levels are typed, not described");
                        break;
                    }
                    foreach (var item in array)
                    {
                        if (Values >= Options.MaxValues)
                        {
                            break;
                        }
                        Add(shape.Items ??= new Shape(), item, depth + 1);
                    }
                    break;
                case JsonValue value:
                    AddScalar(shape, value);
                    break;
            }
        }

        private void AddScalar(Shape shape, JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True or JsonValueKind.False:
                    shape.Booleans++;
                    break;
                case JsonValueKind.Number:
                    if (IsInteger(value))
                    {
                        shape.Integers++;
                    }
                    else
                    {
                        shape.Decimals++;
                    }
                    break;
                case JsonValueKind.String:
                    var text = value.GetValue<string>();
                    shape.Strings++;
                    if (Options.Formats && shape.Formats != Format.None)
                    {
                        shape.Formats &= FormatsOf(text);
                    }
                    if (shape.Distinct is { } distinct)
                    {
                        if (text.Length is 0 or > 40 || text.Contains('\n', StringComparison.Ordinal) || SecretRules.LooksLikeSecret(text))
                        {
                            shape.Distinct = null;
                        }
                        else if (distinct.Add(text) && distinct.Count > Options.EnumMaxValues)
                        {
                            shape.Distinct = null;
                        }
                    }
                    break;
                default:
                    shape.Nulls++;
                    break;
            }
        }
    }

    /// <summary>An integer as JSON Schema counts one: a number whose value has no fraction (1 and 1.0, not 1.5).</summary>
    private static bool IsInteger(JsonValue value)
    {
        var text = value.ToJsonString();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            return true;
        }
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && decimal.Truncate(number) == number;
    }

    private static Format FormatsOf(string text)
    {
        if (text.Length is 0 or > 2048)
        {
            return Format.None;
        }
        var formats = Format.None;
        if (UuidPattern().IsMatch(text))
        {
            formats |= Format.Uuid;
        }
        if (DateTimePattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            formats |= Format.DateTime;
        }
        if (DatePattern().IsMatch(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            formats |= Format.Date;
        }
        if (text.Length <= 254 && EmailPattern().IsMatch(text))
        {
            formats |= Format.Email;
        }
        if (UriPattern().IsMatch(text) && Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            formats |= Format.Uri;
        }
        return formats;
    }

    private static JsonObject Emit(Shape shape, string? name, InferenceOptions options)
    {
        var result = new JsonObject();
        var types = new List<string>();
        if (shape.Objects > 0)
        {
            types.Add("object");
        }
        if (shape.Arrays > 0)
        {
            types.Add("array");
        }
        if (shape.Strings > 0)
        {
            types.Add("string");
        }
        if (shape.Decimals > 0)
        {
            types.Add("number");
        }
        else if (shape.Integers > 0)
        {
            types.Add("integer");
        }
        if (shape.Booleans > 0)
        {
            types.Add("boolean");
        }
        if (shape.Nulls > 0)
        {
            types.Add("null");
        }
        if (types.Count == 0)
        {
            // Never a value here (the items of arrays that were always empty): anything goes.
            return result;
        }
        result["type"] = types.Count == 1 ? types[0] : new JsonArray([.. types.Select(t => (JsonNode)JsonValue.Create(t))]);

        // Formats and enums describe strings only: a field that is sometimes a number has neither.
        var onlyStrings = shape.Strings > 0 && shape.Strings + shape.Nulls == shape.Total;
        if (onlyStrings && options.Formats && FormatName(shape.Formats) is { } format)
        {
            result["format"] = format;
        }
        else if (onlyStrings && shape.Distinct is { Count: > 0 } distinct && IsEnum(shape, distinct, name, options))
        {
            var values = new JsonArray([.. distinct.Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]);
            if (shape.Nulls > 0)
            {
                // An enum constrains every value, null included: a nullable enum lists null.
                values.Add(null);
            }
            result["enum"] = values;
        }

        if (shape.Objects > 0 && shape.Properties.Count > 0)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var property in shape.Order)
            {
                var inner = shape.Properties[property];
                properties[property] = Emit(inner, property, options);
                if (inner.Total == shape.Objects && !shape.Opaque)
                {
                    required.Add(property);
                }
            }
            result["properties"] = properties;
            if (required.Count > 0)
            {
                result["required"] = required;
            }
        }
        if (shape.Arrays > 0 && shape.Items is { } items && items.Total > 0)
        {
            result["items"] = Emit(items, null, options);
        }
        return result;
    }

    private static string? FormatName(Format formats) =>
        // Most specific first: a uuid is never an email, a date is never a date-time.
        (formats & Format.Uuid) != 0 ? "uuid"
        : (formats & Format.DateTime) != 0 ? "date-time"
        : (formats & Format.Date) != 0 ? "date"
        : (formats & Format.Email) != 0 ? "email"
        : (formats & Format.Uri) != 0 ? "uri"
        : null;

    /// <summary>
    /// A small set of short values that repeat (each value seen twice on average, at least), in a field whose name
    /// is not an identifier's, a credential's or free text's: a status, a currency, a type.
    /// </summary>
    private static bool IsEnum(Shape shape, HashSet<string> distinct, string? name, InferenceOptions options) =>
        distinct.Count <= options.EnumMaxValues
        && shape.Strings >= options.EnumMinValues
        && distinct.Count * 2 <= shape.Strings
        && (name is null || !NotEnumName(name) && !SecretRules.IsSecretName(name));

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();

    // RFC 3339: a T between date and time, and an offset or Z (JSON Schema's date-time).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[^@\s""<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Web addresses only: "note:hello" is an absolute URI too, but no one means it as one.
    [GeneratedRegex(@"^(?:https?|ftp)://[^\s/?#]+[^\s]*\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UriPattern();

    // Identifiers, names and free text: their values are data, never a closed list.
    [GeneratedRegex(@"(^|_|-)(id|ids|uuid|guid|key|hash|sku|ean|gtin|upc|barcode|name|title|description|desc|note|notes|comment|comments|message|text|body|summary|address|street|city|phone|email|url|uri|href|link|slug|reference|ref|number|token|password|secret)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NotEnumWord();

    // camelCase: customerId, productName (case matters: "paid" is no "…Id").
    [GeneratedRegex(@"[a-z0-9](Id|ID|Ids|Uuid|Key|Name|Title|Description|Url|Email|Number|Reference)\z", RegexOptions.CultureInvariant)]
    private static partial Regex NotEnumCamel();

    private static bool NotEnumName(string name) => NotEnumWord().IsMatch(name) || NotEnumCamel().IsMatch(name);
}
