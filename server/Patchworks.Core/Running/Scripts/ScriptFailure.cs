namespace Patchworks.Core.Running.Scripts;

/// <summary>Why a script call failed; the runner reports each differently (a thrown error is the script's verdict, a limit is not).</summary>
public enum ScriptFailure
{
    /// <summary>The source does not parse.</summary>
    Syntax,

    /// <summary>The script file is missing or could not be read.</summary>
    NotLoaded,

    /// <summary>The script defines no handler function.</summary>
    NoHandler,

    /// <summary>The script threw (or its promise rejected).</summary>
    Thrown,

    /// <summary>The script returned nothing, or something of the wrong shape.</summary>
    BadResult,

    /// <summary>The handler's promise can never settle (nothing is left that could resolve it).</summary>
    NeverSettled,

    /// <summary>The call ran longer than <see cref="ScriptLimits.TimeLimit"/>.</summary>
    TimeLimit,

    /// <summary>The call allocated more than <see cref="ScriptLimits.MemoryLimitBytes"/>, or asked for a too large array or string.</summary>
    MemoryLimit,

    /// <summary>Calls nested deeper than <see cref="ScriptLimits.MaxRecursionDepth"/> or the stack allows.</summary>
    RecursionLimit,

    /// <summary>The call executed more than <see cref="ScriptLimits.MaxStatements"/> statements.</summary>
    StatementLimit,
}
