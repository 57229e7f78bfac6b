using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// A run as JSON: what `patchworks run --out` saves, the language server returns and the extension shows.
/// Stable property order and indentation so two saved runs diff line by line.
/// </summary>
public static class RunResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new HeaderConverter() },
    };

    public static string Write(RunResult result) => JsonSerializer.Serialize(new { formatVersion = RunResult.FormatVersion, run = result }, Options);

    /// <summary>Headers as {"name": ..., "value": ...}, in the order they were sent or received.</summary>
    private sealed class HeaderConverter : JsonConverter<KeyValuePair<string, string>>
    {
        public override KeyValuePair<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? name = null, value = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                reader.Read();
                if (property == "name") name = reader.GetString();
                else if (property == "value") value = reader.GetString();
            }
            return new(name ?? "", value ?? "");
        }

        public override void Write(Utf8JsonWriter writer, KeyValuePair<string, string> header, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("name", header.Key);
            writer.WriteString("value", header.Value);
            writer.WriteEndObject();
        }
    }
}
