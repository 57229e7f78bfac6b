using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Testing.Recordings;

/// <summary>
/// Reads and writes recordings as stable, diff-friendly JSON (two-space indent, one header a line, JSON bodies as
/// JSON). Files live under the connector's folder and are never reached through a link; a write goes to a new file
/// beside the target and is renamed over it, so a reader never sees half a recording. A file that is not a
/// recording (malformed, too large, wrong types, another format version) is refused with a message naming it.
/// </summary>
public static class RecordingFile
{
    public const string Format = "patchworks-recording";

    /// <summary>Recordings larger than this are refused unread.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>JSON bodies nested deeper than this are kept as text (the reader allows a little more for the file's own levels).</summary>
    private const int MaxBodyDepth = 400;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Recording recording, string path, string baseDirectory)
    {
        CheckNoLinks(path, baseDirectory, create: true);
        var bytes = ToBytes(recording);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{RandomNumberGenerator.GetHexString(12, lowercase: true)}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new RecordingException($"{path}: the recording could not be written: {e.Message}", e);
        }
    }

    public static byte[] ToBytes(Recording recording)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", Recording.FormatVersion);
            writer.WriteString("connector", recording.Connector);
            writer.WriteString("endpoint", recording.Endpoint);
            writer.WriteString("case", recording.Case);
            writer.WriteStartObject("shape");
            writer.WriteString("hash", recording.Shape.Hash);
            writer.WriteStartObject("parts");
            foreach (var (name, part) in recording.Shape.Parts)
            {
                writer.WritePropertyName(name);
                if (part is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    part.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("exchanges");
            foreach (var exchange in recording.Exchanges)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("request");
                writer.WriteString("method", exchange.Request.Method);
                writer.WriteString("url", exchange.Request.Url);
                WriteHeaders(writer, exchange.Request.Headers);
                if (exchange.Request.Body is { } requestBody)
                {
                    WriteBody(writer, requestBody, exchange.Request.Header("Content-Type"));
                }
                writer.WriteEndObject();
                if (exchange.Response is { } response)
                {
                    writer.WriteStartObject("response");
                    writer.WriteNumber("status", response.Status);
                    writer.WriteString("reason", response.Reason);
                    WriteHeaders(writer, response.Headers);
                    WriteBody(writer, response.Body, response.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value);
                    writer.WriteEndObject();
                }
                if (exchange.Error is { } error)
                {
                    writer.WriteString("error", error);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteHeaders(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        writer.WriteStartArray("headers");
        foreach (var (name, value) in headers)
        {
            writer.WriteStringValue($"{name}: {value}");
        }
        writer.WriteEndArray();
    }

    /// <summary>"json" for a JSON body (diff-friendly), "text" for other text, "base64" for bytes.</summary>
    private static void WriteBody(Utf8JsonWriter writer, RecordedBody body, string? contentType)
    {
        if (body.Text is { } text)
        {
            if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && text.Length > 0)
            {
                try
                {
                    using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxBodyDepth });
                    writer.WritePropertyName("json");
                    document.RootElement.WriteTo(writer);
                    return;
                }
                catch (JsonException)
                {
                    // Says JSON, is not: kept as the text it is.
                }
            }
            writer.WriteString("text", text);
        }
        else
        {
            writer.WriteBase64String("base64", body.Binary);
        }
    }

    public static Recording Read(string path, string baseDirectory, long maxBytes = DefaultMaxBytes)
    {
        CheckNoLinks(path, baseDirectory, create: false);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new RecordingException($"{path}: there is no recording: record the case first (--record).");
        }
        if (info.Length > maxBytes)
        {
            throw new RecordingException($"{path}: the recording is {info.Length:N0} bytes, more than the {maxBytes:N0} a recording may hold; re-record the case with fewer pages.");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"{path}: the recording could not be read: {e.Message}", e);
        }
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new RecordingException($"{path}: the recording is not valid UTF-8 text.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxBodyDepth + 16 });
        }
        catch (JsonException e)
        {
            throw new RecordingException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: the recording is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            return new Reader(path).ReadRecording(document.RootElement);
        }
    }

    /// <summary>Refuses a recording path outside the base folder, or one that reaches through a link; creates missing folders when writing.</summary>
    private static void CheckNoLinks(string path, string baseDirectory, bool create)
    {
        var full = Path.GetFullPath(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var relative = Path.GetRelativePath(root, full);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new RecordingException($"{path}: a recording must lie under {root}.");
        }
        var current = root;
        var segments = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            current = Path.Combine(current, segments[i]);
            var last = i == segments.Length - 1;
            FileSystemInfo entry = last ? new FileInfo(current) : new DirectoryInfo(current);
            if (entry.LinkTarget is not null)
            {
                throw new RecordingException($"{path}: {current} is a link: recordings are never read or written through a link.");
            }
            if (!last && !entry.Exists)
            {
                if (File.Exists(current))
                {
                    throw new RecordingException($"{path}: {current} is a file, not a folder.");
                }
                if (!create)
                {
                    return;
                }
                Directory.CreateDirectory(current);
            }
            else if (last && Directory.Exists(current))
            {
                throw new RecordingException($"{path}: a folder is where the recording should be.");
            }
        }
    }

    /// <summary>Reads the JSON of a recording, naming the property that is wrong (exchanges[3].response.status).</summary>
    private sealed class Reader(string path)
    {
        public Recording ReadRecording(JsonElement root)
        {
            Expect(root, JsonValueKind.Object, "the recording");
            var format = String(root, "format", "");
            if (format != Format)
            {
                throw Error("", $"\"format\" is \"{format}\", not \"{Format}\": this is not a recording");
            }
            var version = Number(root, "version", "");
            if (version != Recording.FormatVersion)
            {
                throw Error("version", $"format version {version} is not one this toolkit reads ({Recording.FormatVersion}): re-record the case with --record");
            }
            var shape = Property(root, "shape", "", JsonValueKind.Object);
            var parts = Property(shape, "parts", "shape", JsonValueKind.Object);
            var partNodes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var part in parts.EnumerateObject())
            {
                partNodes[part.Name] = JsonNode.Parse(part.Value.GetRawText());
            }
            var exchanges = Property(root, "exchanges", "", JsonValueKind.Array);
            var list = new List<RecordedExchange>();
            var index = 0;
            foreach (var exchange in exchanges.EnumerateArray())
            {
                list.Add(Exchange(exchange, $"exchanges[{index++}]"));
            }
            return new Recording
            {
                Connector = String(root, "connector", ""),
                Endpoint = String(root, "endpoint", ""),
                Case = String(root, "case", ""),
                Shape = RequestShape.FromParts(partNodes),
                Exchanges = list,
            };
        }

        private RecordedExchange Exchange(JsonElement element, string at)
        {
            Expect(element, JsonValueKind.Object, at);
            var request = Property(element, "request", at, JsonValueKind.Object);
            var requestAt = at + ".request";
            var recordedRequest = new RecordedRequest(
                String(request, "method", requestAt),
                String(request, "url", requestAt),
                Headers(request, requestAt),
                Body(request, requestAt, required: false));
            if (!Uri.TryCreate(recordedRequest.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Error($"{requestAt}.url", $"\"{recordedRequest.Url}\" is not an http or https URL");
            }
            RecordedResponse? response = null;
            if (element.TryGetProperty("response", out var responseElement) && responseElement.ValueKind != JsonValueKind.Null)
            {
                var responseAt = at + ".response";
                Expect(responseElement, JsonValueKind.Object, responseAt);
                var status = Number(responseElement, "status", responseAt);
                if (status is < 100 or > 999)
                {
                    throw Error($"{responseAt}.status", $"{status} is not an HTTP status");
                }
                response = new RecordedResponse((int)status, OptionalString(responseElement, "reason", responseAt) ?? "",
                    Headers(responseElement, responseAt), Body(responseElement, responseAt, required: true)!);
            }
            var error = OptionalString(element, "error", at);
            if (response is null && error is null)
            {
                throw Error(at, "an exchange needs a \"response\" or an \"error\"");
            }
            return new RecordedExchange(recordedRequest, response, error);
        }

        private List<KeyValuePair<string, string>> Headers(JsonElement element, string at)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (!element.TryGetProperty("headers", out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return headers;
            }
            Expect(array, JsonValueKind.Array, $"{at}.headers");
            var index = 0;
            foreach (var header in array.EnumerateArray())
            {
                var headerAt = $"{at}.headers[{index++}]";
                Expect(header, JsonValueKind.String, headerAt);
                var text = header.GetString()!;
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw Error(headerAt, $"\"{Shorten(text)}\" is not \"Name: value\"");
                }
                headers.Add(new(text[..colon].Trim(), text[(colon + 1)..].TrimStart()));
            }
            return headers;
        }

        private RecordedBody? Body(JsonElement element, string at, bool required)
        {
            if (element.TryGetProperty("json", out var json))
            {
                return new RecordedBody(json.GetRawText(), null);
            }
            if (element.TryGetProperty("text", out var text) && text.ValueKind != JsonValueKind.Null)
            {
                Expect(text, JsonValueKind.String, $"{at}.text");
                return new RecordedBody(text.GetString(), null);
            }
            if (element.TryGetProperty("base64", out var base64) && base64.ValueKind != JsonValueKind.Null)
            {
                Expect(base64, JsonValueKind.String, $"{at}.base64");
                if (!base64.TryGetBytesFromBase64(out var bytes))
                {
                    throw Error($"{at}.base64", "not valid Base64");
                }
                return new RecordedBody(null, bytes);
            }
            return required ? new RecordedBody("", null) : null;
        }

        private JsonElement Property(JsonElement element, string name, string at, JsonValueKind kind)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                throw Error(Join(at, name), "missing");
            }
            Expect(value, kind, Join(at, name));
            return value;
        }

        private string String(JsonElement element, string name, string at) => Property(element, name, at, JsonValueKind.String).GetString()!;

        private string? OptionalString(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            Expect(value, JsonValueKind.String, Join(at, name));
            return value.GetString();
        }

        private double Number(JsonElement element, string name, string at)
        {
            var value = Property(element, name, at, JsonValueKind.Number);
            return value.TryGetDouble(out var number) ? number : throw Error(Join(at, name), "not a number");
        }

        private void Expect(JsonElement element, JsonValueKind kind, string at)
        {
            if (element.ValueKind != kind)
            {
                throw Error(at, $"expected {Describe(kind)}, found {Describe(element.ValueKind)}");
            }
        }

        private RecordingException Error(string at, string message) =>
            new($"{path}: {(at.Length == 0 ? "" : at + ": ")}{message}.");

        private static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

        private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }
}
