using System.Diagnostics;
using Patchworks.Core.Rules;
using Patchworks.Core.Workspace;

namespace Patchworks.Bench;

/// <summary>--loop: create + analyze back to back and nothing else, for a sampling profiler (bench/profile.sh).</summary>
public static class Loop
{
    public static int Run(string path, int seconds)
    {
        var files = PhysicalFileSystem.Instance;
        var text = File.ReadAllText(path);
        void Once() => ConnectorAnalyzer.Analyze(ConnectorDocument.Create(path, text, files), files);

        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
        {
            Once();
        }
        Console.WriteLine($"loop: warmed up, now {seconds} s of create+analyze on {path}");
        var calls = 0;
        var pause = GC.GetTotalPauseDuration();
        var run = Stopwatch.StartNew();
        while (run.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            Once();
            calls++;
        }
        var elapsed = run.Elapsed.TotalMilliseconds;
        Console.WriteLine($"loop: {calls} calls, {elapsed / calls:F2} ms/call, GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / calls:F2} ms/call");
        return 0;
    }
}
