using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Patchworks.Core.Model;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running;

/// <summary>An error the API reported inside a successful (2xx) answer; <see cref="Wait"/> is set when it asks to slow down.</summary>
public sealed record ApiError(string Message, TimeSpan? Wait = null)
{
    public bool Throttled => Wait is not null;
}

/// <summary>
/// Errors in 2xx answers, which an HTTP status check misses: the endpoint's own <c>errorWhen</c> / <c>errorPath</c>
/// first, then a top-level GraphQL-style <c>errors</c> array when the page has no data, then a SOAP fault. A page
/// with data at its data path and errors besides (a GraphQL partial response) is not failed: the errors become
/// warnings (<see cref="PartialErrors"/>). Throttling reported this way (GraphQL <c>THROTTLED</c>, as Shopify does)
/// comes back with how long to wait. Nothing here throws, whatever the body holds.
/// </summary>
public static class ApiErrors
{
    private const int MaxMessage = 500;

    /// <summary>The error a page reports, or null when it reports none.</summary>
    /// <param name="json">The parsed JSON body, or null when the body is not JSON.</param>
    /// <param name="body">The body text (for XML), or null.</param>
    public static ApiError? Detect(Endpoint endpoint, JsonNode? json, string? body, bool xml)
    {
        try
        {
            return DetectIn(endpoint, json, body, xml);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            return null; // a body the JSON model refuses to walk (a repeated member name): no error found in it
        }
    }

    private static ApiError? DetectIn(Endpoint endpoint, JsonNode? json, string? body, bool xml)
    {
        if (json is not null)
        {
            if (endpoint.ErrorWhen is { Path: { Length: > 0 } path } when && ResponseData.Select(json, path) is var value && Matches(value, when.EqualsText))
            {
                var message = when.MessagePath is { Length: > 0 } messagePath ? Text(ResponseData.Select(json, messagePath)) : null;
                return new ApiError(Clip($"the API reported an error ({path} is {Text(value) ?? "present"}){(message is null ? "" : ": " + message)}"));
            }
            if (endpoint.ErrorPath is { Length: > 0 } errorPath && ResponseData.Select(json, errorPath) is { } error && !IsEmpty(error))
            {
                return new ApiError(Clip($"the API reported an error at \"{errorPath}\": {Text(error)}"));
            }
            if (json is JsonObject root && root["errors"] is JsonArray { Count: > 0 } errors && !HasData(endpoint, root))
            {
                return new ApiError(Clip($"the API answered with errors and no data: {Messages(errors)}"), ThrottleWait(json, errors));
            }
            return null;
        }
        if (body is not null && (xml || endpoint.DataType == "xml") && Fault(body) is { } fault)
        {
            return new ApiError(Clip($"the API answered with a SOAP fault: {fault}"));
        }
        if (body is not null && (xml || endpoint.DataType == "xml") && endpoint.ErrorPath is { Length: > 0 } xmlPath && ResponseData.SelectXmlText(body, xmlPath) is { Length: > 0 } xmlError)
        {
            return new ApiError(Clip($"the API reported an error at \"{xmlPath}\": {xmlError.Trim()}"));
        }
        if (body is not null && (xml || endpoint.DataType == "xml") && endpoint.ErrorWhen is { Path: { Length: > 0 } xmlWhenPath } xmlWhen
            && ResponseData.SelectXmlText(body, xmlWhenPath) is { } xmlValue && (xmlWhen.EqualsText is null ? xmlValue.Trim().Length > 0 : xmlValue.Trim() == xmlWhen.EqualsText))
        {
            var message = xmlWhen.MessagePath is { Length: > 0 } messagePath ? ResponseData.SelectXmlText(body, messagePath)?.Trim() : null;
            return new ApiError(Clip($"the API reported an error ({xmlWhenPath} is {xmlValue.Trim()}){(string.IsNullOrEmpty(message) ? "" : ": " + message)}"));
        }
        return null;
    }

    /// <summary>The messages of a top-level errors array that came with data (a GraphQL partial response), else null.</summary>
    public static string? PartialErrors(JsonNode? json)
    {
        try
        {
            return json is JsonObject root && root["errors"] is JsonArray { Count: > 0 } errors ? Clip(Messages(errors)) : null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the page has data: records (or an object) at the data path; without a data path, a non-null
    /// top-level <c>data</c> (GraphQL's) or a top-level array.
    /// </summary>
    private static bool HasData(Endpoint endpoint, JsonObject json) => endpoint.DataPath is { Length: > 0 } dataPath && ResponseData.Segments(dataPath).Any()
        ? ResponseData.Select(json, dataPath) is JsonArray or JsonObject
        : json["data"] is JsonObject or JsonArray;

    private static bool Matches(JsonNode? value, string? equals)
    {
        if (equals is null)
        {
            return value is not null && !IsEmpty(value);
        }
        if (value is not JsonValue scalar || ResponseData.ScalarText(scalar) is not { } text)
        {
            return false;
        }
        return text == equals || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(equals, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b);
    }

    /// <summary>Null, "", false, [] and {} are empty: an API that always sends "error": null or "errors": [] has none.</summary>
    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v => ResponseData.ScalarText(v) is null or "" or "false",
        _ => false,
    };

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => ResponseData.ScalarText(v),
        JsonArray a => Messages(a),
        JsonObject o when o["message"] is JsonValue m => ResponseData.ScalarText(m),
        _ => node.ToJsonString(),
    };

    /// <summary>The errors' messages (GraphQL's <c>message</c>, else the item itself), joined; the first three.</summary>
    private static string Messages(JsonArray errors)
    {
        var messages = errors.Take(3).Select(e => e is JsonObject o && o["message"] is JsonValue m ? ResponseData.ScalarText(m) ?? m.ToJsonString() : e is JsonValue v ? ResponseData.ScalarText(v) ?? "" : e?.ToJsonString() ?? "null").ToList();
        return string.Join("; ", messages) + (errors.Count > 3 ? $" (and {errors.Count - 3} more)" : "");
    }

    /// <summary>
    /// For GraphQL THROTTLED errors (Shopify: <c>errors[].extensions.code</c>), how long until the query's cost is
    /// available again: (<c>extensions.cost.requestedQueryCost</c> − <c>throttleStatus.currentlyAvailable</c>) /
    /// <c>restoreRate</c> seconds, at least 0.1 s; 1 s when the answer does not say. Null when not throttled.
    /// </summary>
    private static TimeSpan? ThrottleWait(JsonNode json, JsonArray errors)
    {
        if (!errors.Any(e => e is JsonObject o && (ResponseData.SelectText(o, "extensions.code") ?? ResponseData.SelectText(o, "code")) is { } code && code.Equals("THROTTLED", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var cost = Number(json, "extensions.cost.requestedQueryCost");
        var available = Number(json, "extensions.cost.throttleStatus.currentlyAvailable");
        var restore = Number(json, "extensions.cost.throttleStatus.restoreRate");
        if (cost is null || available is null || restore is not > 0)
        {
            return TimeSpan.FromSeconds(1);
        }
        var seconds = Math.Max(0.1, (cost.Value - available.Value) / restore.Value);
        return double.IsFinite(seconds) && seconds < 86_400 ? TimeSpan.FromSeconds(Math.Round(seconds, 3)) : TimeSpan.FromDays(1);
    }

    private static double? Number(JsonNode json, string path) =>
        ResponseData.SelectText(json, path) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>A SOAP fault (1.1 or 1.2, any namespace) in the body of an envelope: its code and text; null otherwise.</summary>
    public static string? Fault(string body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(body, LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }
        if (document.Root is not { Name.LocalName: "Envelope" } envelope
            || envelope.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")?.Elements().FirstOrDefault(e => e.Name.LocalName == "Fault") is not { } fault)
        {
            return null;
        }
        string? Child(params string[] names)
        {
            var element = fault;
            foreach (var name in names)
            {
                element = element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
            }
            return element?.Value.Trim() is { Length: > 0 } text ? text : null;
        }
        var code = Child("faultcode") ?? Child("Code", "Value");
        var text = Child("faultstring") ?? Child("Reason", "Text") ?? Child("detail") ?? Child("Detail") ?? "(no fault string)";
        return code is null ? text : $"{text} ({code})";
    }

    private static string Clip(string message) => message.Length <= MaxMessage ? message : message[..MaxMessage] + "…";
}
