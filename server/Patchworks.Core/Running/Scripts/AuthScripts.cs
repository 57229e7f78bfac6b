using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// Runs an auth method's <c>preRequestScript</c> and <c>postRequestScript</c>. Both get <c>data.payload</c> (text)
/// and <c>data.variables</c> (an object of strings) and return <c>data</c>.
/// </summary>
public static class AuthScripts
{
    /// <summary>
    /// Runs a post-request script on the authentication response body. A throw means the authentication failed:
    /// the <see cref="ScriptException"/> (<see cref="ScriptFailure.Thrown"/>) carries the script's message in
    /// <see cref="ScriptException.ScriptMessage"/>.
    /// </summary>
    /// <param name="payload">The authentication response body text.</param>
    /// <param name="variables">The variables known so far (instance values, the token if already taken).</param>
    public static PostAuthScriptResult RunPostAuth(this ScriptHost host, CompiledScript script, string payload, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(variables);
        var result = host.Run(script, Data(payload, variables), cancellationToken);
        var returned = Returned(result, script);
        var outPayload = returned["payload"] is JsonObject or JsonArray
            ? returned["payload"]!.ToJsonString(ScriptData.TextOptions)
            : ScriptData.String(returned["payload"], "data.payload", Bad(script, result)) ?? payload;
        return new PostAuthScriptResult(outPayload, Variables(returned, variables, script, result), result.Log);
    }

    /// <summary>
    /// Runs a pre-request script: <c>data.payload</c> is the JSON text of the authentication request
    /// <c>{ url, method, headers, body }</c>; the script may put back a changed one (text or object).
    /// </summary>
    public static PreAuthScriptResult RunPreAuth(this ScriptHost host, CompiledScript script, ScriptRequest request, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(variables);
        var result = host.Run(script, Data(ScriptData.Request(request).ToJsonString(ScriptData.TextOptions), variables), cancellationToken);
        var returned = Returned(result, script);
        var bad = Bad(script, result);
        var changed = ScriptData.ObjectOrJsonText(returned["payload"], "data.payload", bad);
        var outRequest = changed is null ? request : ScriptData.ReadRequest(changed, request, "the request in data.payload", bad);
        return new PreAuthScriptResult(outRequest, Variables(returned, variables, script, result), result.Log);
    }

    private static JsonObject Data(string payload, IReadOnlyDictionary<string, string> variables) => new()
    {
        ["payload"] = payload,
        ["variables"] = ScriptData.StringMap(variables),
    };

    private static JsonObject Returned(ScriptResult result, CompiledScript script) =>
        result.Value as JsonObject
        ?? throw Bad(script, result)($"it returned {ScriptData.Returned(result.Value)}: return data (with data.payload and data.variables)");

    /// <summary>data.variables as the script left it; absent means unchanged, a null value removes the variable.</summary>
    private static IReadOnlyDictionary<string, string> Variables(JsonObject returned, IReadOnlyDictionary<string, string> before, CompiledScript script, ScriptResult result) =>
        returned.ContainsKey("variables")
            ? ScriptData.ReadStringMap(returned["variables"], "data.variables", Bad(script, result))
            : before;

    private static Func<string, ScriptException> Bad(CompiledScript script, ScriptResult result) =>
        message => new ScriptException(ScriptFailure.BadResult, script.DisplayName, message, null, result.Log);
}
