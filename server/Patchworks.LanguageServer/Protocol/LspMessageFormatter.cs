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

    private JsonRpcMessage Read(ReadOnlySequence<byte> contentBuffer)
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
                if (isParams)
                {
                    kind = reader.TokenType switch
                    {
                        JsonTokenType.StartObject or JsonTokenType.StartArray => null,
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
