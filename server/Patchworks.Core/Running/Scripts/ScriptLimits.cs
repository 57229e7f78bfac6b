namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// What one call of a connector script may use. A script is foreign code run inside the toolkit's process, so
/// every way it could hang or exhaust the process has a bound.
/// </summary>
public sealed record ScriptLimits
{
    /// <summary>The limits used when the caller gives none.</summary>
    public static ScriptLimits Default { get; } = new();

    /// <summary>Wall-clock time for one call: loading the script, running the handler and settling its promise.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes the script may allocate during one call. Jint counts the bytes allocated by the calling thread,
    /// not the bytes still live, so garbage counts too; a script that parses a page of a few megabytes uses
    /// a few times that.
    /// </summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Nested JavaScript calls. Deeper recursion is stopped with a clear error well before the thread's stack
    /// runs out; Jint's stack guard stays on as a second line for whatever the count misses.
    /// </summary>
    public int MaxRecursionDepth { get; init; } = 512;

    /// <summary>Statements one call may execute, or null for no count (the time limit still applies).</summary>
    public int? MaxStatements { get; init; }

    /// <summary>Elements one array may hold: stops new Array(2 ** 32 - 1) before it is allocated.</summary>
    public uint MaxArraySize { get; init; } = 10_000_000;

    /// <summary>console lines kept per call; later ones are counted, not stored.</summary>
    public int MaxLogLines { get; init; } = 1000;

    /// <summary>Characters kept of one console line.</summary>
    public int MaxLogLineLength { get; init; } = 10_000;
}
