using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// The script's console: log, info and debug lines as they are, warn and error lines with a prefix, all kept in
/// memory for the caller instead of written anywhere. Bounded, so a logging loop cannot grow it without end.
/// </summary>
internal sealed class ScriptConsole(ScriptLimits limits)
{
    private readonly List<string> _lines = [];
    private int _dropped;

    /// <summary>The lines so far, with a closing note when some were dropped.</summary>
    public IReadOnlyList<string> Lines =>
        _dropped == 0 ? [.. _lines] : [.. _lines, $"({_dropped} more console lines dropped: the limit is {limits.MaxLogLines})"];

    /// <summary>Installs <c>console</c> in the engine's global object.</summary>
    public void Install(Engine engine)
    {
        var console = new JsObject(engine);
        console.Set("log", Writer(engine, "log", ""));
        console.Set("info", Writer(engine, "info", ""));
        console.Set("debug", Writer(engine, "debug", ""));
        console.Set("warn", Writer(engine, "warn", "warning: "));
        console.Set("error", Writer(engine, "error", "error: "));
        engine.SetValue("console", console);
    }

    private ClrFunction Writer(Engine engine, string name, string prefix) =>
        new(engine, name, (_, arguments) =>
        {
            Write(prefix + Format(engine, arguments));
            return JsValue.Undefined;
        });

    private void Write(string line)
    {
        if (_lines.Count >= limits.MaxLogLines)
        {
            _dropped++;
            return;
        }
        _lines.Add(line.Length > limits.MaxLogLineLength ? string.Concat(line.AsSpan(0, limits.MaxLogLineLength), "…") : line);
    }

    /// <summary>Arguments joined by spaces as Node prints them roughly: strings bare, objects as JSON.</summary>
    private static string Format(Engine engine, JsValue[] arguments)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(FormatOne(engine, argument));
        }
        return text.ToString();
    }

    private static string FormatOne(Engine engine, JsValue value)
    {
        if (value.IsString() || !value.IsObject() || value is Jint.Native.Function.Function)
        {
            return TypeConverter.ToString(value);
        }
        if (value.AsObject() is { } error && error.HasProperty("stack") && error.HasProperty("message"))
        {
            return TypeConverter.ToString(value);
        }
        try
        {
            var json = new JsonSerializer(engine).Serialize(value);
            return json.IsString() ? json.AsString() : TypeConverter.ToString(value);
        }
        catch (JavaScriptException)
        {
            // A cyclic object or a BigInt inside: JSON cannot show it, its string form can.
            return TypeConverter.ToString(value);
        }
    }
}
