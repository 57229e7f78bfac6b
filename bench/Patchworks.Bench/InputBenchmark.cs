using Patchworks.Core.Rules;
using Patchworks.Core.Syntax;
using Patchworks.Core.Workspace;

namespace Patchworks.Bench;

/// <summary>All the measurements of one input: timings of the three entry points, memory, phases.</summary>
public static class InputBenchmark
{
    public static InputResult Run(string label, string path, RepoPaths paths, BenchOptions options)
    {
        if (!File.Exists(path))
        {
            throw new BenchException($"no such file: {path}");
        }
        var files = PhysicalFileSystem.Instance;
        var loadBefore = LoadAverage();
        var text = File.ReadAllText(path);
        var bytes = new FileInfo(path).Length;
        var lines = text.Count(c => c == '\n');
        var iterations = options.IterationsFor(bytes);
        Console.WriteLine();
        Console.WriteLine($"{label}: {path}, {bytes:N0} bytes, {lines:N0} lines, {iterations} iterations after {options.Warmup}+ warm-up");

        var document = ConnectorDocument.Create(path, text, files);
        var diagnostics = ConnectorAnalyzer.Analyze(document, files);
        Console.WriteLine($"  {document.Model.Endpoints.Count:N0} endpoints, {diagnostics.Count} diagnostics " +
            $"({diagnostics.Count(d => d.Severity == Patchworks.Core.Diagnostics.DiagnosticSeverity.Error)} errors)");
        var endpoints = document.Model.Endpoints.Count;
        var referenceCount = document.Model.FileReferences().Count();
        var distinctReferences = document.Model.FileReferences().Select(r => r.FullPath).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"  {referenceCount:N0} file references to {distinctReferences} distinct files (each is read and parsed on its own)");
        document = null; // not held through the measurements: a full collection would have to walk it every time

        // The peak first, in a fresh process, before this one's heap grows.
        var peak = PeakProbe.Measure(path, paths);
        Console.WriteLine(peak is null ? "  peak RSS: n/a" : $"  peak RSS {ResultTable.Mb(peak.PeakBytes)} MB, {ResultTable.Mb(peak.GrowthBytes)} MB above the warmed-up baseline, {peak.Collections} collections during the call");

        var parse = Timing.Measure(() => JsonParser.Parse(text), options.Warmup, options.MinWarmupMs, iterations);
        Console.WriteLine($"  parse            {parse}");
        var create = Timing.Measure(() => ConnectorDocument.Create(path, text, files), options.Warmup, options.MinWarmupMs, iterations);
        Console.WriteLine($"  create           {create}");
        var full = Timing.Measure(() => ConnectorAnalyzer.Analyze(ConnectorDocument.Create(path, text, files), files), options.Warmup, options.MinWarmupMs, iterations);
        Console.WriteLine($"  create+analyze   {full}");
        var steady = Timing.MeasureSteady(() => ConnectorAnalyzer.Analyze(ConnectorDocument.Create(path, text, files), files), Math.Max(iterations, 20));
        Console.WriteLine($"  back-to-back     {steady}");

        Timing.FullCollect();
        var allocated = MemoryProbe.Allocated(() => ConnectorAnalyzer.Analyze(ConnectorDocument.Create(path, text, files), files));
        var textBytes = MemoryProbe.Retained(() => File.ReadAllText(path));
        var retained = MemoryProbe.Retained(() =>
        {
            var held = ConnectorDocument.Create(path, File.ReadAllText(path), files);
            return (held, ConnectorAnalyzer.Analyze(held, files));
        });
        Console.WriteLine($"  allocated {ResultTable.Mb(allocated)} MB per create+analyze; retained {ResultTable.Mb(retained)} MB " +
            $"(text string {ResultTable.Mb(textBytes)} MB of it) = {(double)retained / bytes:F1}x the file");

        var phases = PhaseProfile.Run(path, text, warmup: options.Warmup, iterations: Math.Min(iterations, 10));
        foreach (var phase in phases)
        {
            Console.WriteLine($"  phase {phase.Name,-36} median {phase.Time.Median,8:F2} ms  allocated {ResultTable.Mb(phase.AllocatedBytes),8} MB  retained {ResultTable.Mb(phase.RetainedBytes),8} MB");
        }

        var calls = bytes <= 1_100_000 ? 5 : 2;
        var allocations = AllocationSampler.Profile(() => ConnectorAnalyzer.Analyze(ConnectorDocument.Create(path, text, files), files), calls);
        var parseAllocations = AllocationSampler.Profile(() => JsonParser.Parse(text), calls);
        foreach (var (name, profile) in new[] { ("create+analyze", allocations), ("parse", parseAllocations) })
        {
            foreach (var type in profile.Take(8))
            {
                Console.WriteLine($"  {name} allocates {type.TypeName,-60} {ResultTable.Mb(type.Bytes),8} MB per call");
            }
        }
        var loadAfter = LoadAverage();
        Console.WriteLine($"  load average {loadBefore} -> {loadAfter}");

        return new InputResult
        {
            Label = label,
            Path = Path.GetRelativePath(paths.Root, path),
            Bytes = bytes,
            Lines = lines,
            Endpoints = endpoints,
            Diagnostics = diagnostics,
            Parse = parse,
            Create = create,
            CreateAndAnalyze = full,
            Steady = steady,
            AllocatedBytes = allocated,
            RetainedBytes = retained,
            TextBytes = textBytes,
            Peak = peak,
            Phases = phases,
            Allocations = allocations,
            ParseAllocations = parseAllocations,
            FileReferences = referenceCount,
            DistinctFileReferences = distinctReferences,
            Load = (loadBefore, loadAfter),
        };
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
