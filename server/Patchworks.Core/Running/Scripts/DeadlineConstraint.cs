using System.Diagnostics;
using Jint;

namespace Patchworks.Core.Running.Scripts;

/// <summary>
/// The call's time limit, checked by the engine at every statement against a clock started once per call. The
/// token's timer alone can fire late when the thread pool is busy (the script then overran its limit); Jint's own
/// time constraint restarts for each Execute and Invoke. Reset is deliberately a no-op: the deadline spans the call.
/// </summary>
internal sealed class DeadlineConstraint(TimeSpan limit) : Constraint
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override void Check()
    {
        if (Stopwatch.GetElapsedTime(_started) > limit)
        {
            throw new TimeoutException();
        }
    }

    public override void Reset()
    {
    }
}
