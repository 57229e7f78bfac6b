using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Patchworks.LanguageServer.Protocol;

/// <summary>
/// The server's JSON-RPC connection: every request is answered and no input ends the connection.
/// <list type="bullet">
/// <item>params that do not fit the method (wrong JSON types, required members missing or null, not an object)
/// are refused with InvalidParams and a message that names the member, never with .NET's exception text;</item>
/// <item>an exception a handler did not mean to throw is written to the log and answered with InternalError and
/// a plain message: no exception type, message or stack trace goes to the client;</item>
/// <item>a notification that fails is logged and dropped, as JSON-RPC has no answer for it.</item>
/// </list>
/// </summary>
internal sealed partial class LspJsonRpc(IJsonRpcMessageHandler handler, LspMessageFormatter formatter, ILogger logger) : JsonRpc(handler)
{
    /// <summary>Methods whose params are ignored (shutdown, exit, initialized): they accept null or none, as clients send them.</summary>
    private readonly HashSet<string> _paramsIgnored = new(StringComparer.Ordinal);

    /// <summary>Whether "initialize" has been answered: before it, a request is refused with ServerNotInitialized whatever its params.</summary>
    public required Func<bool> IsInitialized { get; init; }

    private bool BeforeInitialize(JsonRpcRequest request) => request.IsResponseExpected && request.Method != "initialize" && !IsInitialized();

    /// <summary>Answers what <see cref="LspMessageFormatter"/> could not read as JSON-RPC: InvalidRequest for a request, a log line for anything else.</summary>
    public void AddInvalidMessageHandler() => AddLocalRpcMethod(
        typeof(LspJsonRpc).GetMethod(nameof(RefuseInvalidMessage), BindingFlags.NonPublic | BindingFlags.Static)!,
        null,
        new JsonRpcMethodAttribute(LspMessageFormatter.InvalidMessageMethod) { UseSingleObjectParameterDeserialization = true });

    private static void RefuseInvalidMessage(JsonElement parameters) => throw new LocalRpcException(
        $"Invalid message: {(parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("reason", out var reason) ? reason.GetString() : "not JSON-RPC")}.")
    {
        ErrorCode = (int)JsonRpcErrorCode.InvalidRequest,
    };

    /// <summary>Adds a handler object's [JsonRpcMethod] methods, each taking params as one object.</summary>
    public void AddHandler(object target)
    {
        AddLocalRpcTarget(target, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        foreach (var method in target.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<JsonRpcMethodAttribute>() is { Name: { } name }
                && method.GetParameters().FirstOrDefault()?.ParameterType is { } type
                && (type == typeof(JsonElement) || type == typeof(JsonElement?)))
            {
                _paramsIgnored.Add(name);
            }
        }
    }

    /// <summary>Requests whose params were read and that reached their handler; an error for any other request is about its params.</summary>
    private readonly ConditionalWeakTable<JsonRpcRequest, object> _dispatched = new();

    protected override ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        _dispatched.AddOrUpdate(request, this);
        if (formatter.ReplacedParams(request) is { } kind && kind != "omitted" && !_paramsIgnored.Contains(request.Method!) && !BeforeInitialize(request))
        {
            throw new LocalRpcException($"Invalid params for '{request.Method}': params must be an object, not {kind}.") { ErrorCode = ErrorCodes.InvalidParams };
        }
        return BeginRequest is { } begin ? DispatchScopedAsync(begin, request, targetMethod, cancellationToken) : base.DispatchRequestAsync(request, targetMethod, cancellationToken);
    }

    /// <summary>A scope around every request and notification, from its dispatch to its answer (the workspace's tree leases).</summary>
    public Func<IDisposable>? BeginRequest { get; init; }

    /// <summary>An async method of its own: the scope set in it flows into the handler and ends with it, never into the read loop.</summary>
    private async ValueTask<JsonRpcMessage> DispatchScopedAsync(Func<IDisposable> begin, JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        using var scope = begin();
        return await base.DispatchRequestAsync(request, targetMethod, cancellationToken).ConfigureAwait(false);
    }

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var method = request.Method ?? "?";
        // Reading the params into the handler's parameter type throws before the request is dispatched; the
        // handler's exceptions, and a failure to write its answer, come after.
        var unwrapped = Innermost(exception);
        var error = !_dispatched.TryGetValue(request, out _) && unwrapped is JsonException json
            ? BeforeInitialize(request)
                ? new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)ErrorCodes.ServerNotInitialized, Message = "The server is not initialized: send 'initialize' first." }
                : new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = $"Invalid params for '{method}': {(formatter.ReplacedParams(request) is { } kind and not "omitted" ? $"params must be an object, not {kind}" : Describe(json))}." }
            : unwrapped switch
            {
                LocalRpcException local => new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)local.ErrorCode, Message = local.Message, Data = local.ErrorData },
                OperationCanceledException => new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.RequestCanceled, Message = "The request was cancelled." },
                var other => Internal(method, other),
            };
        if (!request.IsResponseExpected && error.Code is not (JsonRpcErrorCode.RequestCanceled or JsonRpcErrorCode.InternalError))
        {
            logger.LogWarning("Dropped the notification {Method}: {Message}", method, error.Message);
        }
        return error;
    }

    /// <summary>
    /// StreamJsonRpc answers params that match none of a method's .NET signatures itself, in .NET's terms ("Unable to
    /// find method 'x/0' on {no object}..."): the answer keeps its InvalidParams code with a message in the client's.
    /// </summary>
    protected override ValueTask SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (message is JsonRpcError { Error: { Code: JsonRpcErrorCode.InvalidParams, Message: { } text } detail } && text.StartsWith("Unable to find method", StringComparison.Ordinal))
        {
            detail.Message = "Invalid params: they do not match the method's parameters.";
            detail.Data = null;
        }
        return base.SendAsync(message, cancellationToken);
    }

    private JsonRpcError.ErrorDetail Internal(string method, Exception exception)
    {
        logger.LogError(exception, "{Method} failed", method);
        return new JsonRpcError.ErrorDetail
        {
            Code = JsonRpcErrorCode.InternalError,
            Message = $"The server could not handle '{method}': an internal error, written to the server's log.",
        };
    }

    private static Exception Innermost(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    break;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    break;
                case RpcArgumentDeserializationException { InnerException: JsonException json }:
                    exception = json;
                    break;
                default:
                    return exception;
            }
        }
    }

    /// <summary>What is wrong, in the client's terms: the JSON path of the member (params.position.line), not the .NET type.</summary>
    private static string Describe(JsonException exception)
    {
        var path = exception.Path is { Length: > 0 } p && p != "$" ? "params" + p[1..] : "params";
        if (exception is NullItemException nullItem)
        {
            return $"{(path.EndsWith("." + nullItem.Member, StringComparison.Ordinal) ? path : path + "." + nullItem.Member)} must not hold null items";
        }
        var message = exception.Message;
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            return $"{path} lacks {missing.Groups[1].Value.Trim()}";
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && NullMember().Match(message) is { Success: true } member)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(member.Groups[1].Value);
            return $"{(path.EndsWith("." + name, StringComparison.Ordinal) ? path : path + "." + name)} must not be null";
        }
        return path == "params" ? "params must be an object" : $"{path} is missing, null or of the wrong type";
    }

    [GeneratedRegex("missing required properties including: (.*?)\\.?$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("(?:property or field|constructor parameter) '([^']+)'")]
    private static partial Regex NullMember();
}
