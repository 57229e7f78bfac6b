using System.Diagnostics;

namespace Patchworks.Bench;

/// <summary>Min, median and 95th percentile of a set of timings, in milliseconds.</summary>
public sealed record Stats(double Min, double Median, double P95, int Count)
{
    public static Stats Of(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Stats(sorted[0], Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted.Length);
    }

    /// <summary>Linear interpolation between the closest ranks.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public override string ToString() => $"min {Min,8:F2}  median {Median,8:F2}  p95 {P95,8:F2} ms  (n={Count})";
}

/// <summary>
/// Wall-clock and thread-CPU timings of the same iterations, the GC pause time within them
/// (GC.GetTotalPauseDuration) and the collections per iteration, by generation (medians).
/// </summary>
public sealed record Measurement(Stats Wall, Stats Cpu, Stats GcPause, double Gen0, double Gen1, double Gen2)
{
    public string Collections => $"{Gen0:0.#}/{Gen1:0.#}/{Gen2:0.#}";

    public override string ToString() => $"{Wall}  | CPU median {Cpu.Median,8:F2} ms | GC pause median {GcPause.Median,7:F2} ms, collections gen0/1/2 {Collections}";
}

/// <summary>Means per call of back-to-back calls: wall, CPU, GC pause, collections (all generations) and gen2 collections.</summary>
public sealed record SteadyState(double WallMs, double CpuMs, double GcPauseMs, double Collections, double Gen2Collections)
{
    public override string ToString() => $"mean {WallMs,8:F2} ms/call  | CPU {CpuMs,8:F2} ms | GC pause {GcPauseMs,7:F2} ms/call, {Collections:F2} collections/call ({Gen2Collections:F2} gen2)";
}

/// <summary>Warm-up, then timed iterations, each after a full collection so that one iteration's garbage is not charged to the next.</summary>
public static class Timing
{
    /// <summary>Print every iteration's wall time (--samples), to see outliers the statistics hide.</summary>
    public static bool PrintSamples { get; set; }

    public static Measurement Measure(Action action, int warmup, int minWarmupMs, int iterations)
    {
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < warmup || warm.ElapsedMilliseconds < minWarmupMs; i++)
        {
            action();
        }
        var wall = new double[iterations];
        var cpu = new double[iterations];
        var pause = new double[iterations];
        var collections = new int[3][];
        for (var g = 0; g < 3; g++)
        {
            collections[g] = new int[iterations];
        }
        for (var i = 0; i < iterations; i++)
        {
            FullCollect();
            var pauseStart = GC.GetTotalPauseDuration();
            var countStart = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            var cpuStart = ThreadCpuClock.NowMs();
            var start = Stopwatch.GetTimestamp();
            action();
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[i] = ThreadCpuClock.NowMs() - cpuStart;
            pause[i] = (GC.GetTotalPauseDuration() - pauseStart).TotalMilliseconds;
            for (var g = 0; g < 3; g++)
            {
                // CollectionCount(g) counts the collections of generation g and above: take them apart.
                collections[g][i] = GC.CollectionCount(g) - countStart[g] - (g < 2 ? GC.CollectionCount(g + 1) - countStart[g + 1] : 0);
            }
        }
        if (PrintSamples)
        {
            Console.WriteLine("    samples ms: " + string.Join(" ", wall.Select(w => w.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));
        }
        return new Measurement(Stats.Of(wall), Stats.Of(cpu), Stats.Of(pause),
            Stats.Of([.. collections[0].Select(c => (double)c)]).Median,
            Stats.Of([.. collections[1].Select(c => (double)c)]).Median,
            Stats.Of([.. collections[2].Select(c => (double)c)]).Median);
    }

    /// <summary>
    /// Back-to-back calls with no collection forced between them, as an editor re-validating on every
    /// change does: the mean per call, with the collections the calls trigger amortised into it.
    /// </summary>
    public static SteadyState MeasureSteady(Action action, int iterations)
    {
        FullCollect();
        var pauseStart = GC.GetTotalPauseDuration();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var cpuStart = ThreadCpuClock.NowMs();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }
        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cpu = ThreadCpuClock.NowMs() - cpuStart;
        var pause = (GC.GetTotalPauseDuration() - pauseStart).TotalMilliseconds;
        return new SteadyState(wall / iterations, cpu / iterations, pause / iterations,
            (double)(GC.CollectionCount(0) - gen0) / iterations, (double)(GC.CollectionCount(2) - gen2) / iterations);
    }

    public static void FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
