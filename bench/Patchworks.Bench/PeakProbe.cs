using System.Diagnostics;
using System.Globalization;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Bench;

/// <summary>Peak resident set of opening one connector, measured in a fresh process of this program.</summary>
public sealed record PeakResult(long BaselineBytes, long PeakBytes, int Collections)
{
    /// <summary>How far the resident set rose above the warmed-up baseline while reading, creating and analysing.</summary>
    public long GrowthBytes => PeakBytes - BaselineBytes;
}

/// <summary>
/// The timing loops of the main process leave the GC with a large, committed heap, so its VmHWM says little
/// about one document. This runs the program again with --peak-probe FILE: the child warms the code up on
/// the small sample connector, collects, takes VmRSS as the baseline, resets VmHWM, then reads, creates and
/// analyses FILE once and reports VmHWM.
/// </summary>
public static class PeakProbe
{
    public const string Argument = "--peak-probe";
    private const string Marker = "peak-probe:";

    public static PeakResult? Measure(string path, RepoPaths paths)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = paths.Root,
        };
        // Under the dotnet host (not the apphost) the program itself is the first argument.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PeakProbe).Assembly.Location);
        }
        start.ArgumentList.Add(Argument);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new BenchException("could not start the peak probe");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"  peak probe failed (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult().Trim()} {stdout.Trim()}");
            return null;
        }
        var parts = line[Marker.Length..].Trim().Split(' ');
        var baseline = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var peak = long.Parse(parts[1], CultureInfo.InvariantCulture);
        var collections = int.Parse(parts[2], CultureInfo.InvariantCulture);
        return baseline < 0 || peak < 0 ? null : new PeakResult(baseline, peak, collections);
    }

    /// <summary>The child's side. Prints "peak-probe: BASELINE PEAK COLLECTIONS" (bytes, -1 when unknown; collections during the call).</summary>
    public static int RunChild(string path)
    {
        var paths = RepoPaths.Find();
        var files = PhysicalFileSystem.Instance;
        var warmText = File.ReadAllText(paths.SampleConnector);
        for (var i = 0; i < 20; i++)
        {
            ConnectorAnalyzer.Analyze(ConnectorDocument.Create(paths.SampleConnector, warmText, files), files);
        }
        Timing.FullCollect();
        var baseline = MemoryProbe.WorkingSet();
        if (!MemoryProbe.TryResetPeak())
        {
            Console.WriteLine($"{Marker} -1 -1 0");
            return 0;
        }
        var collections = GC.CollectionCount(0);
        var text = File.ReadAllText(path);
        var document = ConnectorDocument.Create(path, text, files);
        var diagnostics = ConnectorAnalyzer.Analyze(document, files);
        var peak = MemoryProbe.PeakWorkingSet();
        GC.KeepAlive(diagnostics);
        collections = GC.CollectionCount(0) - collections;
        Console.WriteLine(FormattableString.Invariant($"{Marker} {baseline} {peak} {collections}"));
        return 0;
    }
}
