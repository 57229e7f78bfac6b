using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Patchworks.Core.Resolution;

/// <summary>
/// Turns body parameters into a JSON object. A value that is itself a JSON object or array once resolved
/// (a GraphQL "variables" parameter, for instance) is embedded as JSON, not as a string.
/// </summary>
public static class BodyParameterJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<(string Name, string Value)> parameters)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                writer.WritePropertyName(name);
                if (TryParseStructured(value) is { } json)
                {
                    json.WriteTo(writer);
                }
                else
                {
                    writer.WriteStringValue(value);
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement? TryParseStructured(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
