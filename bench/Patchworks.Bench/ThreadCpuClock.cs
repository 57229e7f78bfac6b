using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Patchworks.Bench;

/// <summary>
/// CPU time of the calling thread (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), which, unlike wall time,
/// does not run on while other processes hold the shared cores. The workstation, non-concurrent GC
/// collects on the allocating thread, so collections are in it. Falls back to wall time off Linux.
/// </summary>
public static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>Milliseconds of this thread's CPU time (or of wall time where that is not available).</summary>
    public static double NowMs()
    {
        if (IsThreadCpuTime && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1000.0) + (time.Nanoseconds / 1_000_000.0);
        }
        return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
