using System.Globalization;
using System.Runtime;

namespace Patchworks.Bench;

/// <summary>Managed allocations, retained heap, and the process's resident set from /proc/self/status.</summary>
public static class MemoryProbe
{
    /// <summary>Bytes this thread allocated while running <paramref name="action"/>.</summary>
    public static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// Growth of the live managed heap while the value <paramref name="build"/> returns is held:
    /// full, compacting collections before and after.
    /// </summary>
    public static long Retained<T>(Func<T> build)
    {
        Timing.FullCollect();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        Timing.FullCollect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = build();
        Timing.FullCollect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return after - before;
    }

    /// <summary>VmHWM (peak resident set) in bytes, or -1 where /proc is not there.</summary>
    public static long PeakWorkingSet() => ReadStatus("VmHWM:");

    /// <summary>VmRSS (current resident set) in bytes, or -1.</summary>
    public static long WorkingSet() => ReadStatus("VmRSS:");

    /// <summary>
    /// Resets VmHWM to the current resident set ("echo 5 > /proc/self/clear_refs", Linux 4.0+), so that
    /// the next peak is the peak of what follows. False when the kernel or sandbox does not allow it.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return -1;
    }
}
