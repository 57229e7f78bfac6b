using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Patchworks.Core.Running.Data;

namespace Patchworks.Core.Running.Results;

/// <summary>
/// A JSON response body in a run's result: kept as its (redacted) text, written out as JSON. A run holds every
/// page until it ends; a page's text is one string, where its parsed tree is hundreds of objects that each
/// garbage collection would copy (measured: the runner's collection pauses were 3-9 times the HTTP layer's).
/// </summary>
[JsonConverter(typeof(JsonBodyConverter))]
public sealed class JsonBody
{
    /// <param name="text">Text that <see cref="ResponseData.ParseJson"/> parses: the caller has checked it.</param>
    internal JsonBody(string text) => Text = text;

    public string Text { get; }

    /// <summary>The body parsed (a new tree each call).</summary>
    public JsonNode? Parse() => ResponseData.ParseJson(Text);

    private sealed class JsonBodyConverter : JsonConverter<JsonBody>
    {
        public override JsonBody Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new JsonBody(document.RootElement.GetRawText());
        }

        /// <summary>As JSON in the run's layout (indented like the rest), not as a string.</summary>
        public override void Write(Utf8JsonWriter writer, JsonBody value, JsonSerializerOptions options)
        {
            using var document = JsonDocument.Parse(value.Text, ResponseData.Lenient);
            document.RootElement.WriteTo(writer);
        }
    }
}
