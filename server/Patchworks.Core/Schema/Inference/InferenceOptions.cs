namespace Patchworks.Core.Schema.Inference;

/// <summary>
/// How <see cref="SchemaInferrer"/> reads records: when a string field becomes an enum, and the bounds that keep
/// hostile or huge input (a run of a million records, a record nested a thousand deep) from hanging or filling memory.
/// </summary>
public sealed record InferenceOptions
{
    public static InferenceOptions Default { get; } = new();

    /// <summary>A string field becomes an enum only with at most this many distinct values...</summary>
    public int EnumMaxValues { get; init; } = 10;

    /// <summary>...seen in at least this many values (fewer prove nothing: two records with "paid" are not an enum).</summary>
    public int EnumMinValues { get; init; } = 10;

    /// <summary>Whether formats (date-time, date, email, uri, uuid) are inferred.</summary>
    public bool Formats { get; init; } = true;

    /// <summary>Nesting below this depth is typed but not described (its properties and items are left open).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Properties of one object beyond this many are not described (a map keyed by ids, say).</summary>
    public int MaxProperties { get; init; } = 500;

    /// <summary>Records beyond this many are not read.</summary>
    public int MaxRecords { get; init; } = 100_000;

    /// <summary>Values (of every depth) beyond this many are not read: the work done is bounded whatever the input.</summary>
    public int MaxValues { get; init; } = 5_000_000;
}
