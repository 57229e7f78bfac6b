using System.Text.Json;
using System.Text.Json.Nodes;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// Runs a pagination script (<c>pagination.method: "script"</c>) with the Patchworks contract:
/// <c>data.payload</c> is the JSON text of <c>{ request: { url, method, headers, body }, response: { status_code, headers }, payload }</c>,
/// and the script puts the JSON text of <c>{ has_next_page, url, method, headers, body }</c> back in <c>data.payload</c>.
/// </summary>
public static class PaginationScripts
{
    /// <summary>Asks the script whether there is a next page, and which request fetches it.</summary>
    /// <exception cref="ScriptException">The script failed, or its answer has the wrong shape.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static PaginationDecision RunPagination(this ScriptHost host, CompiledScript script, PaginationScriptInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(input);

        var page = new JsonObject
        {
            ["request"] = ScriptData.Request(input.Request),
            ["response"] = new JsonObject
            {
                ["status_code"] = input.StatusCode,
                ["headers"] = ScriptData.Headers(input.ResponseHeaders),
            },
            ["payload"] = input.Payload,
        };
        var data = new JsonObject
        {
            ["payload"] = page.ToJsonString(ScriptData.TextOptions),
            ["variables"] = ScriptData.StringMap(input.Variables ?? new Dictionary<string, string>()),
        };
        var result = host.Run(script, data, cancellationToken);
        return Read(result, input.Request, script);
    }

    private static bool SameRequest(ScriptRequest a, ScriptRequest b) =>
        a.Url == b.Url && a.Method == b.Method && a.Body == b.Body && a.Headers.SequenceEqual(b.Headers);

    private static PaginationDecision Read(ScriptResult result, ScriptRequest previous, CompiledScript script)
    {
        ScriptException Bad(string message) => new(ScriptFailure.BadResult, script.DisplayName, message, null, result.Log);

        if (result.Value is not JsonObject returned)
        {
            throw Bad($"it returned {ScriptData.Returned(result.Value)}: return data with data.payload set to the JSON text of {{ has_next_page, url, method, headers, body }}");
        }
        // The contract's place is data.payload; a script that returns the decision itself is understood too.
        var decision = returned.ContainsKey("payload")
            ? ScriptData.ObjectOrJsonText(returned["payload"], "data.payload", Bad)
            : returned.ContainsKey("has_next_page") ? returned : null;
        if (decision is null)
        {
            throw Bad("it returned no data.payload: set it to the JSON text of { has_next_page, url, method, headers, body }");
        }
        var hasNext = decision["has_next_page"] switch
        {
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            null => throw Bad("its answer has no has_next_page (true or false)"),
            var other => throw Bad($"has_next_page is {ScriptData.Kind(other)} ({other.ToJsonString()}), not true or false"),
        };
        if (!hasNext)
        {
            return new PaginationDecision(false, null, result.Log);
        }
        var next = ScriptData.ReadRequest(decision, previous, "the next page's request", Bad);
        return new PaginationDecision(true, next, result.Log) { RepeatsPreviousRequest = SameRequest(next, previous) };
    }
}
