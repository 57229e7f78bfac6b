namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// A connector script failed: it does not parse, threw, returned the wrong thing, or hit a limit. The message
/// names the script (its display name), the cause and, where known, the line and column in the script.
/// </summary>
public sealed class ScriptException : Exception
{
    /// <summary>A failure of an unnamed script, for serializers and tests; the host uses its own constructor.</summary>
    public ScriptException()
        : this("A script failed.")
    {
    }

    /// <summary>A failure with this message, of an unnamed script.</summary>
    public ScriptException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>A failure with this message and cause, of an unnamed script.</summary>
    public ScriptException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ScriptName = "script";
        ScriptMessage = message;
    }

    /// <param name="shown">The cause as the message shows it, when it differs from <paramref name="scriptMessage"/> (an error's name added).</param>
    internal ScriptException(ScriptFailure failure, string scriptName, string scriptMessage, ScriptLocation? location, IReadOnlyList<string> log, Exception? innerException = null, string? shown = null)
        : base(Compose(failure, scriptName, shown ?? scriptMessage, location), innerException)
    {
        Failure = failure;
        ScriptName = scriptName;
        ScriptMessage = scriptMessage;
        Line = location?.Line;
        Column = location?.Column;
        Log = log;
    }

    /// <summary>What kind of failure: a limit, a throw, a wrong answer...</summary>
    public ScriptFailure Failure { get; } = ScriptFailure.Thrown;

    /// <summary>The display name the script was compiled with, such as "pagination script of endpoint 'list-report'".</summary>
    public string ScriptName { get; }

    /// <summary>
    /// The cause alone: for <see cref="ScriptFailure.Thrown"/> the script's own error message, which a post-auth
    /// script uses to say why authentication failed.
    /// </summary>
    public string ScriptMessage { get; }

    /// <summary>1-based line in the script, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column in the script, when known.</summary>
    public int? Column { get; }

    /// <summary>What the script wrote to the console before it failed.</summary>
    public IReadOnlyList<string> Log { get; } = [];

    private static string Compose(ScriptFailure failure, string scriptName, string scriptMessage, ScriptLocation? location)
    {
        var where = location is null ? "" : $" (line {location.Line}, column {location.Column})";
        var cause = scriptMessage.TrimEnd('.');
        var name = scriptName.Length == 0 ? "Script" : char.ToUpperInvariant(scriptName[0]) + scriptName[1..];
        return failure switch
        {
            ScriptFailure.Syntax => $"{name} does not parse: {cause}{where}.",
            ScriptFailure.Thrown => $"{name} threw: {cause}{where}.",
            _ => $"{name} failed: {cause}{where}.",
        };
    }
}

/// <summary>A 1-based line and column in a script.</summary>
internal sealed record ScriptLocation(int Line, int Column);
