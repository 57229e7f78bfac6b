using Patchworks.Core.Diagnostics;

namespace Patchworks.Bench;

/// <summary>Everything measured for one input file.</summary>
public sealed class InputResult
{
    public required string Label { get; init; }
    public required string Path { get; init; }
    public required long Bytes { get; init; }
    public required int Lines { get; init; }
    public required int Endpoints { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    public required Measurement Parse { get; init; }
    public required Measurement Create { get; init; }
    public required Measurement CreateAndAnalyze { get; init; }

    /// <summary>Create + analyze back to back, collections amortised.</summary>
    public required SteadyState Steady { get; init; }
    public required long AllocatedBytes { get; init; }
    public required long RetainedBytes { get; init; }

    /// <summary>The UTF-16 string holding the file's text, part of the retained bytes (the document keeps it).</summary>
    public required long TextBytes { get; init; }

    public required PeakResult? Peak { get; init; }
    public required IReadOnlyList<PhaseResult> Phases { get; init; }

    /// <summary>Sampled allocations of one create+analyze by type, largest first.</summary>
    public required IReadOnlyList<TypeAllocation> Allocations { get; init; }

    /// <summary>Sampled allocations of JsonParser.Parse alone.</summary>
    public required IReadOnlyList<TypeAllocation> ParseAllocations { get; init; }

    /// <summary>Files the connector references (schemas, sample bodies, scripts), and how many distinct ones.</summary>
    public required int FileReferences { get; init; }

    public required int DistinctFileReferences { get; init; }

    /// <summary>The load average (/proc/loadavg, 1 minute) before and after this input: other work on the shared cores.</summary>
    public required (string Before, string After) Load { get; init; }

    public int Count(DiagnosticSeverity severity) => Diagnostics.Count(d => d.Severity == severity);

    public double Ratio(long bytes) => (double)bytes / Bytes;
}
