using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Patchworks.Core.Diagnostics;

namespace Patchworks.Bench;

/// <summary>The results as Markdown: the main table, the targets, the phases, the diagnostics.</summary>
public static class ResultTable
{
    public const double TargetMs = 20;
    public const double TargetMemoryRatio = 10;

    public static string Render(IReadOnlyList<InputResult> results, string commandLine)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("# Patchworks.Core benchmark: parse + validate");
        Line();
        Line(Invariant($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; {Environment.ProcessorCount} cores; {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}; tiered PGO {Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default"}."));
        Line();
        Line($"`{commandLine}`");
        Line();
        Line("Load average (1 min) before -> after each input, other work on the shared cores: " + string.Join(", ", results.Select(r => $"{r.Label} {r.Load.Before} -> {r.Load.After}")) + ".");
        Line();
        Line("| input | bytes | lines | endpoints | parse ms | create ms | create+analyze ms median | p95 | min | CPU ms median | GC pause ms (collections gen0/1/2) | back-to-back ms/call (GC ms/call) | allocated MB (x file) | retained MB (x file) | peak RSS growth MB (x file) | diagnostics E/W/I+H |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var peak = r.Peak is { } p ? Invariant($"{Mb(p.GrowthBytes)} ({r.Ratio(p.GrowthBytes):F1}x)") : "n/a";
            Line(Invariant($"| {r.Label} | {r.Bytes:N0} | {r.Lines:N0} | {r.Endpoints:N0} | {r.Parse.Wall.Median:F2} | {r.Create.Wall.Median:F2} | **{r.CreateAndAnalyze.Wall.Median:F2}** | {r.CreateAndAnalyze.Wall.P95:F2} | {r.CreateAndAnalyze.Wall.Min:F2} | {r.CreateAndAnalyze.Cpu.Median:F2} | {r.CreateAndAnalyze.GcPause.Median:F2} ({r.CreateAndAnalyze.Collections}) | {r.Steady.WallMs:F2} ({r.Steady.GcPauseMs:F2}) | {Mb(r.AllocatedBytes)} ({r.Ratio(r.AllocatedBytes):F1}x) | {Mb(r.RetainedBytes)} ({r.Ratio(r.RetainedBytes):F1}x) | {peak} | {r.Count(DiagnosticSeverity.Error)}/{r.Count(DiagnosticSeverity.Warning)}/{r.Count(DiagnosticSeverity.Information) + r.Count(DiagnosticSeverity.Hint)} |"));
        }
        Line();
        Line("Times are wall-clock medians per call, after warm-up, each iteration after a full collection (min/p95 of parse and create in the console output); " +
            $"back-to-back = mean of calls in a row with no forced collection, so the collections they trigger are in it; CPU = the benchmark thread's {(ThreadCpuClock.IsThreadCpuTime ? "CPU time" : "wall time (no thread CPU clock here)")}, GC included, which other load on the machine does not inflate. " +
            "Memory: allocated = bytes allocated by one create+analyze; retained = live heap held by the text, document and diagnostics; " +
            "peak RSS growth = VmHWM above the warmed-up VmRSS of a fresh process that reads, creates and analyses the file once. See bench/README.md.");
        Line();

        Line("## Targets");
        Line();
        Line(Invariant($"Time: create+analyze median under {TargetMs:F0} ms for 1 MB. Memory: under {TargetMemoryRatio:F0}x the file size (retained; peak RSS growth shown too)."));
        Line();
        foreach (var r in results)
        {
            var time = IsAboutOneMegabyte(r.Bytes)
                ? Invariant($"time {r.CreateAndAnalyze.Wall.Median:F2} ms wall {(r.CreateAndAnalyze.Wall.Median < TargetMs ? "MET" : "MISSED")}, {r.CreateAndAnalyze.Cpu.Median:F2} ms CPU {(r.CreateAndAnalyze.Cpu.Median < TargetMs ? "MET" : "MISSED")}, back-to-back {r.Steady.WallMs:F2} ms/call with collections amortised {(r.Steady.WallMs < TargetMs ? "MET" : "MISSED")}")
                : "time target n/a (not 1 MB)";
            var retained = r.Ratio(r.RetainedBytes);
            var peak = r.Peak is { } p ? Invariant($", peak RSS growth {r.Ratio(p.GrowthBytes):F1}x {(r.Ratio(p.GrowthBytes) < TargetMemoryRatio ? "MET" : "MISSED")}") : "";
            Line(Invariant($"- {r.Label}: {time}; retained {retained:F1}x {(retained < TargetMemoryRatio ? "MET" : "MISSED")}{peak}; allocated per call {r.Ratio(r.AllocatedBytes):F1}x."));
        }
        Line();

        Line("## Phases of create + analyze (median ms / MB allocated / MB retained)");
        Line();
        Line("| phase | code | " + string.Join(" | ", results.Select(r => r.Label)) + " |");
        Line("| --- | --- | " + string.Join(" | ", results.Select(_ => "---:")) + " |");
        var phaseCount = results.Count == 0 ? 0 : results[0].Phases.Count;
        for (var i = 0; i < phaseCount; i++)
        {
            var phase = results[0].Phases[i];
            Line($"| {phase.Name} | `{phase.Code}` | " + string.Join(" | ", results.Select(r => Invariant($"{r.Phases[i].Time.Median:F2} / {Mb(r.Phases[i].AllocatedBytes)} / {Mb(r.Phases[i].RetainedBytes)}"))) + " |");
        }
        Line("| **sum** | | " + string.Join(" | ", results.Select(r => Invariant($"**{r.Phases.Sum(p => p.Time.Median):F2}** / {Mb(r.Phases.Sum(p => p.AllocatedBytes))} / {Mb(r.Phases.Sum(p => p.RetainedBytes))}"))) + " |");
        Line();

        Line("Each phase timed after a full collection, so the sum leaves out the cost of collecting and promoting the earlier phases' survivors; " +
            "retained = live heap its result adds (the text string, held by the caller, is in none of them).");
        Line();

        Line("## Allocations by type (sampled, MB per create+analyze)");
        Line();
        foreach (var r in results)
        {
            Line($"- {r.Label}, create+analyze: " + string.Join(", ", r.Allocations.Take(10).Select(t => Invariant($"`{t.TypeName}` {Mb(t.Bytes)}"))));
            Line($"- {r.Label}, parse only: " + string.Join(", ", r.ParseAllocations.Take(10).Select(t => Invariant($"`{t.TypeName}` {Mb(t.Bytes)}"))));
        }
        Line();

        Line("## Diagnostics of the inputs");
        Line();
        foreach (var r in results)
        {
            var byCode = r.Diagnostics.GroupBy(d => (d.Severity, d.Code)).OrderBy(g => g.Key.Severity).ThenBy(g => g.Key.Code)
                .Select(g => Invariant($"{g.Key.Severity.ToString().ToLowerInvariant()} {g.Key.Code} x{g.Count()} (\"{Shorten(g.First().Message)}\")"));
            Line(Invariant($"- {r.Label} (`{r.Path}`, {r.FileReferences:N0} file references to {r.DistinctFileReferences} distinct files): {(r.Diagnostics.Count == 0 ? "none" : string.Join("; ", byCode))}"));
        }
        return md.ToString();
    }

    public static bool IsAboutOneMegabyte(long bytes) => bytes is >= 900_000 and <= 1_100_000;

    public static string Mb(long bytes) => (bytes / 1_000_000.0).ToString("F2", CultureInfo.InvariantCulture);

    private static string Shorten(string message) => message.Length <= 100 ? message : message[..97] + "...";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
