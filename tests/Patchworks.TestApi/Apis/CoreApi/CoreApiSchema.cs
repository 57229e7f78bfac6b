using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.TestApi.Apis;

/// <summary>How a field of a Core API resource is validated (Laravel rules, as the contract states them).</summary>
internal enum FieldKind
{
    /// <summary>A JSON string ("string").</summary>
    Text,

    /// <summary>A JSON integer literal: "1", 1.5 and 1.0 are refused ("integer", stricter than PHP).</summary>
    Integer,

    /// <summary>A JSON true or false ("boolean", stricter than PHP: 0/1 and "true" are refused).</summary>
    Boolean,

    /// <summary>A string among <see cref="FieldRule.Values"/>, compared exactly ("in:").</summary>
    Choice,

    /// <summary>An absolute http(s) URI ("url").</summary>
    Url,

    /// <summary>An integer id of the reference list <see cref="FieldRule.Target"/> ("integer|exists:").</summary>
    ListId,

    /// <summary>An integer id of the resource collection <see cref="FieldRule.Target"/> ("integer|exists:").</summary>
    ResourceId,

    /// <summary>The integer id of a resource in the collection named by the morph type field <see cref="FieldRule.Target"/>.</summary>
    MorphId,
}

/// <summary>One field of a resource: its rule, whether it is required, and whether it links the resource to its owner.</summary>
internal sealed record FieldRule(string Name, FieldKind Kind, bool Required = false, IReadOnlyList<string>? Values = null, string? Target = null, bool Owner = false)
{
    /// <summary>The field as Laravel names it in messages: "system_type_id" is "system type id".</summary>
    public string Attribute => Name.Replace('_', ' ');
}

/// <summary>A resource collection under /api/v1 (A1) and its fields (documented, A3, A4).</summary>
internal sealed record CollectionSpec(string Path, string Model, IReadOnlyList<FieldRule> Fields, int FirstId);

/// <summary>
/// The fields of every collection and the Laravel-style validation of a payload against them. DOCUMENTED: the system
/// template fields and enums, the request option fields and types, "an empty string counts as missing", unknown fields
/// ignored. ASSUMED (A3/A4): the other collections' fields and their links to their owners.
/// </summary>
internal static class CoreApiSchema
{
    public const string SystemTemplates = "patchworks/system-templates";
    public const string AuthenticationImplementations = "authentication-implementations";
    public const string Endpoints = "endpoints";
    public const string Variables = "variables";
    public const string RequestOptions = "request-options";

    public static readonly string[] Colours =
    [
        "blue", "cyan", "gray", "green", "orange", "pink", "purple", "red", "yellow",
        "blue_inverted", "cyan_inverted", "gray_inverted", "green_inverted", "orange_inverted", "pink_inverted",
        "purple_inverted", "red_inverted", "yellow_inverted",
    ];

    public static readonly string[] RateLimitUnits = ["second", "minute", "hour", "day"];
    public static readonly string[] Protocols = ["HTTP", "FTP", "SFTP", "FTPS", "S3", "MySQL", "PGSQL", "SQLSRV"];
    public static readonly string[] Directions = ["Send", "Receive"];
    public static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    public static readonly string[] DataTypes = ["csv", "json", "txt", "xml"];

    public static readonly string[] PaginationMethods =
    [
        "Link Header", "Page number parameter", "Limit offset", "Next page token", "Next Page URL", "GraphQL Cursor",
        "Custom relative URI", "Script",
    ];

    public static readonly string[] RequestOptionTypes = ["url", "header", "body"];

    /// <summary>Morph types (A3) and the collections they name.</summary>
    public static readonly IReadOnlyDictionary<string, string> MorphCollections = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["system_template"] = SystemTemplates,
        ["authentication_implementation"] = AuthenticationImplementations,
        ["endpoint"] = Endpoints,
    };

    public static readonly IReadOnlyList<CollectionSpec> Collections =
    [
        new(SystemTemplates, "SystemTemplate",
        [
            new("name", FieldKind.Text),
            new("label", FieldKind.Text, Required: true),
            new("colour", FieldKind.Choice, Required: true, Values: Colours),
            new("logo_url", FieldKind.Url, Required: true),
            new("version", FieldKind.Integer, Required: true),
            new("version_name", FieldKind.Text, Required: true),
            new("rate_limit_unit", FieldKind.Choice, Required: true, Values: RateLimitUnits),
            new("rate_limit_duration", FieldKind.Integer, Required: true),
            new("system_type_id", FieldKind.ListId, Target: CoreApiReferenceLists.SystemTypes),
            new("protocol", FieldKind.Choice, Values: Protocols),
            new("date_format", FieldKind.Text),
            new("help_link", FieldKind.Text),
            new("description", FieldKind.Text),
        ], 1001),
        new(AuthenticationImplementations, "AuthenticationImplementation",
        [
            new("system_template_id", FieldKind.ResourceId, Required: true, Target: SystemTemplates, Owner: true),
            new("name", FieldKind.Text, Required: true),
            new("authentication_type_id", FieldKind.ListId, Required: true, Target: CoreApiReferenceLists.AuthenticationTypes),
            new("url", FieldKind.Text),
        ], 2001),
        new(Endpoints, "Endpoint",
        [
            new("authentication_implementation_id", FieldKind.ResourceId, Required: true, Target: AuthenticationImplementations, Owner: true),
            new("name", FieldKind.Text, Required: true),
            new("entity_type_id", FieldKind.ListId, Target: CoreApiReferenceLists.EntityTypes),
            new("direction", FieldKind.Choice, Required: true, Values: Directions),
            new("http_method", FieldKind.Choice, Required: true, Values: HttpMethods),
            new("endpoint", FieldKind.Text, Required: true),
            new("data_type", FieldKind.Choice, Required: true, Values: DataTypes),
            new("pagination_method", FieldKind.Choice, Values: PaginationMethods),
        ], 3001),
        new(Variables, "Variable",
        [
            new("model_type", FieldKind.Choice, Required: true, Values: [.. MorphCollections.Keys], Owner: true),
            new("model_id", FieldKind.MorphId, Required: true, Target: "model_type", Owner: true),
            new("key", FieldKind.Text, Required: true),
            new("label", FieldKind.Text),
            new("alias", FieldKind.Text),
            new("value", FieldKind.Text),
            new("required", FieldKind.Boolean),
            new("configurable", FieldKind.Boolean),
            new("locked", FieldKind.Boolean),
            new("secret", FieldKind.Boolean),
        ], 4001),
        new(RequestOptions, "RequestOption",
        [
            new("requestable_type", FieldKind.Choice, Required: true, Values: ["authentication_implementation", "endpoint"], Owner: true),
            new("requestable_id", FieldKind.MorphId, Required: true, Target: "requestable_type", Owner: true),
            new("type", FieldKind.Choice, Required: true, Values: RequestOptionTypes),
            new("key", FieldKind.Text, Required: true),
            new("value", FieldKind.Text),
            new("alias", FieldKind.Text),
            new("required", FieldKind.Boolean),
            new("configurable", FieldKind.Boolean),
            new("locked", FieldKind.Boolean),
        ], 5001),
    ];

    public static CollectionSpec? Find(string path) => Collections.FirstOrDefault(c => c.Path == path);

    /// <summary>
    /// Validates <paramref name="input"/> (the merged resource on PATCH) against the spec. Returns the fields to store
    /// (declared fields only, in declaration order; an empty string is stored as null) and the errors by field, one
    /// message per field (the first rule that fails, as with Laravel's "bail"), in declaration order.
    /// </summary>
    public static (JsonObject Fields, List<KeyValuePair<string, string>> Errors) Validate(
        CollectionSpec spec, JsonObject input, Func<string, int, bool> listHas, Func<string, int, bool> resourceHas)
    {
        var fields = new JsonObject();
        var errors = new List<KeyValuePair<string, string>>();
        foreach (var rule in spec.Fields)
        {
            var value = input[rule.Name];
            if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length == 0)
            {
                value = null; // Laravel's ConvertEmptyStringsToNull: "" is missing.
            }
            if (value is null)
            {
                if (rule.Required)
                {
                    errors.Add(new(rule.Name, $"The {rule.Attribute} field is required."));
                }
                else if (rule.Kind == FieldKind.Boolean && input.ContainsKey(rule.Name))
                {
                    errors.Add(new(rule.Name, $"The {rule.Attribute} field must be true or false."));
                }
                else
                {
                    fields[rule.Name] = rule.Kind == FieldKind.Boolean ? JsonValue.Create(false) : null;
                }
                continue;
            }
            var (stored, error) = Check(rule, value, input, listHas, resourceHas);
            if (error is not null)
            {
                errors.Add(new(rule.Name, error));
            }
            else
            {
                fields[rule.Name] = stored;
            }
        }
        return (fields, errors);
    }

    private static (JsonNode? Stored, string? Error) Check(
        FieldRule rule, JsonNode value, JsonObject input, Func<string, int, bool> listHas, Func<string, int, bool> resourceHas)
    {
        var kind = value.GetValueKind();
        switch (rule.Kind)
        {
            case FieldKind.Text:
                return kind == JsonValueKind.String ? (value.DeepClone(), null) : (null, $"The {rule.Attribute} field must be a string.");
            case FieldKind.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? (value.DeepClone(), null) : (null, $"The {rule.Attribute} field must be true or false.");
            case FieldKind.Choice:
                return kind == JsonValueKind.String && rule.Values!.Contains(value.GetValue<string>(), StringComparer.Ordinal)
                    ? (value.DeepClone(), null)
                    : (null, $"The selected {rule.Attribute} is invalid.");
            case FieldKind.Url:
                return kind == JsonValueKind.String && IsUrl(value.GetValue<string>())
                    ? (value.DeepClone(), null)
                    : (null, $"The {rule.Attribute} field must be a valid URL.");
            case FieldKind.Integer:
                return IntegerOf(value) is { } number ? (Number(number), null) : (null, $"The {rule.Attribute} field must be an integer.");
            case FieldKind.ListId:
            case FieldKind.ResourceId:
            case FieldKind.MorphId:
                if (IntegerOf(value) is not { } id)
                {
                    return (null, $"The {rule.Attribute} field must be an integer.");
                }
                var exists = rule.Kind switch
                {
                    FieldKind.ListId => id is >= int.MinValue and <= int.MaxValue && listHas(rule.Target!, (int)id),
                    FieldKind.ResourceId => id is >= int.MinValue and <= int.MaxValue && resourceHas(rule.Target!, (int)id),
                    // The morph type is checked by its own rule; with a bad type, only the integer rule applies here.
                    _ => input[rule.Target!] is JsonValue type && type.GetValueKind() == JsonValueKind.String
                        && MorphCollections.TryGetValue(type.GetValue<string>(), out var collection)
                            ? id is >= int.MinValue and <= int.MaxValue && resourceHas(collection, (int)id)
                            : true,
                };
                return exists ? (Number(id), null) : (null, $"The selected {rule.Attribute} is invalid.");
            default:
                throw new InvalidOperationException($"unknown rule {rule.Kind}");
        }
    }

    /// <summary>A JSON number that reads as any numeric type (GetValue&lt;int&gt; and GetValue&lt;long&gt; both work), as a parsed one does.</summary>
    public static JsonNode Number(long value) => JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>The value of a JSON integer literal (no fraction, no exponent), or null for anything else.</summary>
    public static long? IntegerOf(JsonNode value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        var raw = value.ToJsonString();
        return raw.AsSpan().IndexOfAny(".eE") < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    private static bool IsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0 && !text.Any(char.IsWhiteSpace);

    /// <summary>Laravel's summary message: the first error, and "(and N more error[s])" when there are more.</summary>
    public static string Summary(IReadOnlyList<KeyValuePair<string, string>> errors) =>
        errors.Count switch
        {
            1 => errors[0].Value,
            2 => $"{errors[0].Value} (and 1 more error)",
            _ => $"{errors[0].Value} (and {errors.Count - 1} more errors)",
        };

    /// <summary>The Laravel 422 body: <c>{"message", "errors": {"field": ["..."]}}</c>.</summary>
    public static JsonObject ErrorBody(IReadOnlyList<KeyValuePair<string, string>> errors)
    {
        var byField = new JsonObject();
        foreach (var (field, message) in errors)
        {
            if (byField[field] is JsonArray list)
            {
                list.Add(message);
            }
            else
            {
                byField[field] = new JsonArray(message);
            }
        }
        return new JsonObject { ["message"] = Summary(errors), ["errors"] = byField };
    }
}
