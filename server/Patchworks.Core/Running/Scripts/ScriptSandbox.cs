using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// Builds the engine one script call runs in: no CLR access, no modules, no eval, no file or network API
/// (Jint has none unless the host adds them), and every limit of <see cref="ScriptLimits"/> set.
/// </summary>
internal static class ScriptSandbox
{
    public static Engine Create(ScriptLimits limits, ScriptConsole console, CancellationToken stop)
    {
        var engine = new Engine(options =>
        {
            // Interop stays off: no importNamespace, no System, no host objects (Jint's default, made explicit).
            options.Interop.Enabled = false;
            options.DisableStringCompilation();
            options.LimitMemory(limits.MemoryLimitBytes);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.Constraints.StackOverflowGuard = true;
            options.MaxArraySize(limits.MaxArraySize);
            options.MaxJsonParseDepth(ScriptHost.MaxJsonDepth);
            // One token for both the caller's cancellation and the call's deadline: it covers the whole call,
            // where Jint's own timeout would restart for each Execute and Invoke.
            options.CancellationToken(stop);
            // The same deadline from a clock, for when the token's timer is late on a busy machine.
            options.Constraint(new DeadlineConstraint(limits.TimeLimit));
            // A regular expression runs inside one statement, out of reach of the token: give it its own bound.
            options.RegexTimeoutInterval(limits.TimeLimit);
            options.Constraints.PromiseTimeout = limits.TimeLimit;
            if (limits.MaxStatements is { } statements)
            {
                options.MaxStatements(statements);
            }
            // The same answers on every machine: dates in UTC, numbers and dates formatted invariantly.
            options.LocalTimeZone(TimeZoneInfo.Utc);
            options.Culture(CultureInfo.InvariantCulture);
        });
        console.Install(engine);
        Base64Functions.Install(engine);
        engine.SetValue("require", new ClrFunction(engine, "require", (_, arguments) =>
        {
            var name = arguments.Length > 0 ? TypeConverter.ToString(arguments[0]) : "";
            throw new JavaScriptException(engine.Intrinsics.Error,
                $"require('{name}') is not available: connector scripts run without modules, files or network access");
        }));
        return engine;
    }

    /// <summary>
    /// Runs the script's top level and finds its handler: module.exports when it is a function,
    /// module.exports.handle, or a top-level function handle.
    /// </summary>
    public static Function? LoadHandler(Engine engine, CompiledScript script)
    {
        var module = new JsObject(engine);
        var exports = new JsObject(engine);
        module.Set("exports", exports);
        engine.SetValue("module", module);
        engine.SetValue("exports", exports);

        engine.Execute(script.Prepared);

        var exported = module.Get("exports");
        if (exported is Function function)
        {
            return function;
        }
        if (exported.IsObject() && exported.AsObject().Get("handle") is Function exportedHandle)
        {
            return exportedHandle;
        }
        return engine.GetValue("handle") as Function;
    }
}
