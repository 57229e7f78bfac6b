using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>
/// StreamJsonRpc's System.Text.Json formatter, made safe for any "params" a client sends. The stock formatter
/// throws while reading a request whose params are null, a number, a string or a boolean (it counts the
/// arguments of anything that is not an object or an array), and a throw while reading ends the connection:
/// the server process exited on `{"method":"shutdown","params":null}`. Here such params, and omitted ones, are
/// read as an empty object, and the request is remembered so that <see cref="LspJsonRpc"/> refuses it with
/// InvalidParams (or, for methods that take no params, answers it).
/// </summary>
internal sealed class LspMessageFormatter : SystemTextJsonFormatter, IJsonRpcMessageFormatter, IJsonRpcMessageTextFormatter
{
    private static readonly byte[] EmptyParams = "{}"u8.ToArray();

    private readonly ConditionalWeakTable<JsonRpcMessage, string> _replacedParams = new();

    /// <summary>What a request's params were when they were read as an empty object ("null", "a number", "omitted"...), else null.</summary>
    public string? ReplacedParams(JsonRpcMessage message) => _replacedParams.TryGetValue(message, out var kind) ? kind : null;

    JsonRpcMessage IJsonRpcMessageFormatter.Deserialize(ReadOnlySequence<byte> contentBuffer) => Read(contentBuffer);

    JsonRpcMessage IJsonRpcMessageTextFormatter.Deserialize(ReadOnlySequence<byte> contentBuffer, Encoding encoding) => Read(contentBuffer);

    /// <summary>
    /// What a message that is not JSON-RPC is read as: a request of this method (with the message's id, when it
    /// is a request whose id can be read) or a notification, which <see cref="LspJsonRpc"/> answers with
    /// InvalidRequest or logs, instead of the connection ending.
    /// </summary>
    public const string InvalidMessageMethod = "$/patchworks/invalidMessage";

    private JsonRpcMessage Read(ReadOnlySequence<byte> contentBuffer)
    {
        try
        {
            var read = ReadValid(contentBuffer);
            // "method": null reads as a request without a method, which StreamJsonRpc then fails on, ending the connection.
            return read is JsonRpcRequest { Method: null } ? throw new InvalidOperationException("A request without a method.") : read;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            var (isJson, id) = Inspect(contentBuffer);
            var reason = isJson ? "its jsonrpc, id, method, params, result or error are not as JSON-RPC 2.0 defines them" : "it is not valid JSON";
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = InvalidMessageMethod, ["params"] = new JsonObject { ["reason"] = reason } };
            if (id is not null)
            {
                message["id"] = id;
            }
            return Deserialize(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(message.ToJsonString())), Encoding);
        }
    }

    /// <summary>Whether the message is JSON, and the id of a request (a message with a method) when it is a number or a string.</summary>
    private static (bool IsJson, JsonNode? RequestId) Inspect(ReadOnlySequence<byte> contentBuffer)
    {
        try
        {
            using var document = JsonDocument.Parse(contentBuffer);
            var root = document.RootElement;
            var isRequest = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out _);
            return (true, isRequest && root.TryGetProperty("id", out var id)
                && (id.ValueKind == JsonValueKind.String || id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out _))
                ? JsonNode.Parse(id.GetRawText())
                : null);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    private JsonRpcMessage ReadValid(ReadOnlySequence<byte> contentBuffer)
    {
        if (ParamsOf(contentBuffer) is not { } kind)
        {
            return Deserialize(contentBuffer, Encoding);
        }
        // Only small messages get here (a notification without params, a request with a scalar): rebuilding one is cheap.
        var message = JsonNode.Parse(contentBuffer.ToArray())!.AsObject();
        message["params"] = JsonNode.Parse(EmptyParams);
        var read = Deserialize(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(message.ToJsonString())), Encoding);
        _replacedParams.AddOrUpdate(read, kind);
        return read;
    }

    /// <summary>
    /// For a request or notification whose params are not an object or an array, what they are; null for every
    /// other message (and for one that is not valid JSON, which the stock formatter reports as before).
    /// </summary>
    private static string? ParamsOf(ReadOnlySequence<byte> contentBuffer)
    {
        try
        {
            var reader = new Utf8JsonReader(contentBuffer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var isRequest = false;
            string? kind = "omitted";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParams = reader.ValueTextEquals("params"u8);
                isRequest |= reader.ValueTextEquals("method"u8);
                reader.Read();
                if (isParams && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // The common case, decided without reading the params (a didOpen's may be megabytes).
                    return null;
                }
                if (isParams)
                {
                    kind = reader.TokenType switch
                    {
                        JsonTokenType.Null => "null",
                        JsonTokenType.Number => "a number",
                        JsonTokenType.String => "a string",
                        _ => "a boolean",
                    };
                }
                reader.Skip();
            }
            return isRequest ? kind : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
