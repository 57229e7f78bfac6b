using System.Globalization;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Patchworks.Core.Running.Scripts;

/// <summary>Turns what Jint throws, or the value a promise rejected with, into a <see cref="ScriptException"/>.</summary>
internal static class ScriptErrors
{
    /// <summary>
    /// The exception to throw for <paramref name="error"/>, or null for one that is not the script's doing
    /// (a bug of the host: let it through). Cancellation by the caller becomes an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static Exception? Translate(Exception error, CompiledScript script, ScriptLimits limits, IReadOnlyList<string> log, CancellationToken caller)
    {
        ScriptException Fail(ScriptFailure failure, string message, ScriptLocation? location = null) =>
            new(failure, script.DisplayName, message, location, log, error);

        return error switch
        {
            ScriptException => error,
            ExecutionCanceledException or OperationCanceledException when caller.IsCancellationRequested =>
                new OperationCanceledException($"The {script.DisplayName} was canceled.", error, caller),
            RegexMatchTimeoutException =>
                Fail(ScriptFailure.TimeLimit, $"a regular expression ran longer than the time limit of {Describe(limits.TimeLimit)}"),
            ExecutionCanceledException or OperationCanceledException or TimeoutException =>
                Fail(ScriptFailure.TimeLimit, $"it ran longer than the time limit of {Describe(limits.TimeLimit)}"),
            MemoryLimitExceededException memory =>
                Fail(ScriptFailure.MemoryLimit, $"it exceeded the memory limit of {Describe(limits.MemoryLimitBytes)} ({memory.Message})"),
            OutOfMemoryException =>
                Fail(ScriptFailure.MemoryLimit, $"it asked for more memory than is available (the limit is {Describe(limits.MemoryLimitBytes)})"),
            RecursionDepthOverflowException or InsufficientExecutionStackException =>
                Fail(ScriptFailure.RecursionLimit, $"calls nested deeper than the recursion limit of {limits.MaxRecursionDepth}"),
            StatementsCountOverflowException =>
                Fail(ScriptFailure.StatementLimit, $"it executed more than the limit of {limits.MaxStatements} statements"),
            JavaScriptException thrown => FromThrown(thrown.Error, script, limits, log, error, Location(thrown)),
            // Any other failure Jint reports is still the script's doing (it is what Jint was running).
            JintException other => Fail(ScriptFailure.Thrown, other.Message),
            _ => null,
        };
    }

    /// <summary>The exception for a value the script threw or its promise rejected with.</summary>
    public static ScriptException FromThrown(JsValue value, CompiledScript script, ScriptLimits limits, IReadOnlyList<string> log, Exception? inner = null, ScriptLocation? location = null)
    {
        var (name, message, stack) = Describe(value);
        location ??= stack is null ? null : LocationIn(stack, script.SourceName);
        // Jint reports these limits as ordinary RangeErrors; uncaught, they are the limit's doing, not the script's verdict.
        if (name == "RangeError" && message.StartsWith("Maximum call stack size exceeded", StringComparison.Ordinal))
        {
            return new ScriptException(ScriptFailure.RecursionLimit, script.DisplayName,
                $"calls nested deeper than the stack allows (the recursion limit is {limits.MaxRecursionDepth})", location, log, inner);
        }
        if (name == "RangeError" && message is "Invalid string length" or "Array buffer allocation failed" or "Invalid array length")
        {
            return new ScriptException(ScriptFailure.MemoryLimit, script.DisplayName,
                $"it asked for a too large string or array ({message}; the memory limit is {Describe(limits.MemoryLimitBytes)})", location, log, inner);
        }
        var text = name is null or "Error" ? message : $"{name}: {message}";
        return new ScriptException(ScriptFailure.Thrown, script.DisplayName, message, location, log, inner, text);
    }

    private static (string? Name, string Message, string? Stack) Describe(JsValue value)
    {
        if (value.IsObject() && value.AsObject() is var error && error.HasProperty("message"))
        {
            var name = error.Get("name");
            var stack = error.Get("stack");
            return (name.IsString() ? name.AsString() : null, TypeConverter.ToString(error.Get("message")), stack.IsString() ? stack.AsString() : null);
        }
        return (null, value.IsUndefined() ? "undefined" : TypeConverter.ToString(value), null);
    }

    private static ScriptLocation? Location(JavaScriptException thrown)
    {
        var start = thrown.Location.Start;
        // Jint columns are 0-based; editors and stack traces count from 1.
        return start.Line > 0 ? new ScriptLocation(start.Line, start.Column + 1) : null;
    }

    /// <summary>The first "source:line:column" of the script's own file in a stack trace (frames of native functions have none).</summary>
    private static ScriptLocation? LocationIn(string stack, string sourceName)
    {
        var match = Regex.Match(stack, Regex.Escape(sourceName) + @":(\d+):(\d+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success
            ? new ScriptLocation(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    public static string Describe(TimeSpan time) =>
        time < TimeSpan.FromSeconds(1) ? $"{time.TotalMilliseconds:0} ms" : $"{time.TotalSeconds:0.###} s";

    public static string Describe(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes:N0} bytes";
}
