using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// The JSON shapes shared by the typed entry points: requests and string maps going in, and reading them back
/// leniently (numbers for strings, an object where JSON text was expected) but with a clear error otherwise.
/// </summary>
internal static class ScriptData
{
    /// <summary>
    /// How JSON text for scripts and for requests is written: characters as they are (the default escapes every
    /// &lt; and &gt;, which makes an XML page several times longer), nesting as deep as scripts may go.
    /// </summary>
    public static JsonSerializerOptions TextOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = ScriptHost.MaxJsonDepth,
    };

    public static JsonObject Request(ScriptRequest request) => new()
    {
        ["url"] = request.Url,
        ["method"] = request.Method,
        ["headers"] = Headers(request.Headers),
        ["body"] = request.Body,
    };

    /// <summary>Headers as a JSON object; several of one name (in any case) are joined by ", " as HTTP allows.</summary>
    public static JsonObject Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var joined = new Dictionary<string, (string Name, string Value)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (joined.TryGetValue(name, out var seen))
            {
                joined[name] = (seen.Name, seen.Value + ", " + value);
            }
            else
            {
                joined[name] = (name, value);
                order.Add(name);
            }
        }
        var json = new JsonObject();
        foreach (var name in order)
        {
            json[joined[name].Name] = joined[name].Value;
        }
        return json;
    }

    public static JsonObject StringMap(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value;
        }
        return json;
    }

    /// <summary>
    /// A JSON object given as JSON text (what the Patchworks contract asks for) or directly as an object;
    /// null when <paramref name="node"/> is absent.
    /// </summary>
    public static JsonObject? ObjectOrJsonText(JsonNode? node, string what, Func<string, ScriptException> bad)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                return obj;
            case JsonValue value when value.TryGetValue<string>(out var text):
                JsonNode? parsed;
                try
                {
                    parsed = JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    throw bad($"{what} is not JSON text ({e.Message}): {Preview(text)}");
                }
                return parsed as JsonObject ?? throw bad($"{what} is JSON text of {Kind(parsed)}, not of an object: {Preview(text)}");
            default:
                throw bad($"{what} is {Kind(node)}, not an object or the JSON text of one");
        }
    }

    /// <summary>Reads a request back: a field that is absent or null keeps <paramref name="fallback"/>'s value.</summary>
    public static ScriptRequest ReadRequest(JsonObject json, ScriptRequest fallback, string what, Func<string, ScriptException> bad) => new(
        Url: String(json["url"], $"{what}.url", bad) ?? fallback.Url,
        Method: String(json["method"], $"{what}.method", bad) ?? fallback.Method,
        Headers: json["headers"] is null ? fallback.Headers : [.. ReadStringMap(json["headers"], $"{what}.headers", bad)],
        Body: json["body"] is JsonObject or JsonArray ? json["body"]!.ToJsonString(TextOptions) : String(json["body"], $"{what}.body", bad) ?? fallback.Body);

    /// <summary>An object of names to strings; numbers and booleans become their text, null values are left out.</summary>
    public static Dictionary<string, string> ReadStringMap(JsonNode? node, string what, Func<string, ScriptException> bad)
    {
        if (node is not JsonObject obj)
        {
            throw bad($"{what} is {Kind(node)}, not an object of names to values");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (String(value, $"{what}.{key}", bad) is { } text)
            {
                map[key] = text;
            }
        }
        return map;
    }

    /// <summary>A string field; numbers and booleans become their text; null when absent or null.</summary>
    public static string? String(JsonNode? node, string what, Func<string, ScriptException> bad) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        _ => throw bad($"{what} is {Kind(node)}, not a string"),
    };

    /// <summary>What a handler returned, for an error message.</summary>
    public static string Returned(JsonNode? value) => value is null ? "nothing (undefined or null)" : Kind(value);

    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
    };

    public static string Preview(string text) =>
        text.Length <= 120 ? $"\"{text}\"" : string.Create(CultureInfo.InvariantCulture, $"\"{text[..120]}…\" ({text.Length} characters)");
}
