using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// Waits for the value an async handler returns. The sandbox has no timers or I/O, so once the engine's job
/// queue is empty nothing can settle a promise any more: a still pending one is reported at once instead of
/// waiting out the time limit (as Jint's UnwrapIfPromise would).
/// </summary>
internal static class PromiseSettler
{
    // Promise.resolve also takes plain values and foreign thenables, so every handler result goes this one way.
    private static readonly Prepared<Script> Subscribe =
        Engine.PrepareScript("(function (value, fulfilled, rejected) { Promise.resolve(value).then(fulfilled, rejected); })", "settle.js");

    public static Settled Settle(Engine engine, JsValue returned)
    {
        var outcome = new Settled(SettledState.Pending, JsValue.Undefined);
        var fulfilled = new ClrFunction(engine, "fulfilled", (_, arguments) =>
        {
            outcome = new Settled(SettledState.Fulfilled, Argument(arguments));
            return JsValue.Undefined;
        });
        var rejected = new ClrFunction(engine, "rejected", (_, arguments) =>
        {
            outcome = new Settled(SettledState.Rejected, Argument(arguments));
            return JsValue.Undefined;
        });
        var subscribe = engine.Evaluate(Subscribe);
        engine.Invoke(subscribe, returned, fulfilled, rejected);
        engine.Advanced.ProcessTasks();
        return outcome;
    }

    private static JsValue Argument(JsValue[] arguments) => arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
}

internal enum SettledState
{
    Pending,
    Fulfilled,
    Rejected,
}

internal sealed record Settled(SettledState State, JsValue Value);
