using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;
using JsonParser = Jint.Native.Json.JsonParser;
using JsonSerializer = Jint.Native.Json.JsonSerializer;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// Runs Patchworks-style connector scripts: <c>module.exports = async function handle(data) { ...; return data; }</c>
/// (or a top-level <c>function handle(data)</c>, async or not), called with <c>data</c> and awaited.
/// Each call gets a fresh engine, so nothing a script leaves in its globals reaches the next call, and calls
/// may run on several threads at once; the parse is shared through <see cref="CompiledScript"/>.
/// The typed entry points (<see cref="PaginationScripts"/>, <see cref="AuthScripts"/>) build <c>data</c> for
/// each kind of script and read its answer.
/// </summary>
public sealed class ScriptHost
{
    /// <summary>Results and JSON.parse may nest this deep: more than System.Text.Json's and Jint's default of 64, real payloads can exceed that.</summary>
    internal const int MaxJsonDepth = 256;

    private static readonly JsonDocumentOptions ResultOptions = new() { MaxDepth = MaxJsonDepth };

    /// <param name="limits">The limits of every call; <see cref="ScriptLimits.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A time, memory or recursion limit is not positive.</exception>
    public ScriptHost(ScriptLimits? limits = null)
    {
        Limits = limits ?? ScriptLimits.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Limits.TimeLimit, TimeSpan.Zero, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Limits.MemoryLimitBytes, 0, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Limits.MaxRecursionDepth, 0, nameof(limits));
    }

    /// <summary>The limits every call of this host runs under.</summary>
    public ScriptLimits Limits { get; }

    /// <summary>
    /// What a flow would give every script as <c>data.meta</c> (the payload's metadata, <c>[[meta.name]]</c>) and
    /// <c>data.flow</c> (flow variables). Outside a flow these come from the run's ad hoc values (meta.x=..., flow.x=...).
    /// </summary>
    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc cref="Meta"/>
    public IReadOnlyDictionary<string, string> Flow { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Calls the script's handler with <paramref name="data"/> and returns what it returned (its promise settled).
    /// </summary>
    /// <exception cref="ScriptException">The script threw, its promise rejected or never settled, it defines no
    /// handler, its result cannot be made JSON, or it hit a limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public ScriptResult Run(CompiledScript script, JsonObject data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(data);
        cancellationToken.ThrowIfCancellationRequested();

        var console = new ScriptConsole(Limits);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(Limits.TimeLimit);
        using var engine = ScriptSandbox.Create(Limits, console, stop.Token);
        try
        {
            var handler = ScriptSandbox.LoadHandler(engine, script)
                ?? throw new ScriptException(ScriptFailure.NoHandler, script.DisplayName,
                    "it defines no handler: assign module.exports = async function handle(data) { ... }, or define function handle(data)",
                    null, console.Lines);
            // Added to the caller's data (built for this call) unless it brings its own.
            data["meta"] ??= ScriptData.StringMap(Meta);
            data["flow"] ??= ScriptData.StringMap(Flow);
            var input = new JsonParser(engine).Parse(data.ToJsonString(ScriptData.TextOptions));
            var returned = engine.Invoke(handler, input);
            var settled = PromiseSettler.Settle(engine, returned);
            return settled.State switch
            {
                SettledState.Fulfilled => new ScriptResult(ToJson(engine, settled.Value, script, console), console.Lines),
                SettledState.Rejected => throw ScriptErrors.FromThrown(settled.Value, script, Limits, console.Lines),
                _ => throw new ScriptException(ScriptFailure.NeverSettled, script.DisplayName,
                    "the promise it returned never settles (nothing is left that could resolve it: there are no timers or I/O)",
                    null, console.Lines),
            };
        }
        catch (Exception e) when (e is not ScriptException && ScriptErrors.Translate(e, script, Limits, console.Lines, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private static JsonNode? ToJson(Engine engine, JsValue value, CompiledScript script, ScriptConsole console)
    {
        try
        {
            var json = new JsonSerializer(engine).Serialize(value);
            return json.IsString() ? JsonNode.Parse(json.AsString(), documentOptions: ResultOptions) : null;
        }
        catch (Exception e) when (e is JavaScriptException or JsonException)
        {
            throw new ScriptException(ScriptFailure.BadResult, script.DisplayName,
                $"what it returned cannot be turned into JSON ({e.Message})", null, console.Lines, e);
        }
    }
}
