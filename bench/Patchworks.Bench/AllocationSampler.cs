using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Patchworks.Bench;

/// <summary>Allocated bytes of one type, estimated from the runtime's allocation samples.</summary>
public sealed record TypeAllocation(string TypeName, long Bytes, int Samples);

/// <summary>
/// An in-process allocation profile: the runtime's GCAllocationTick events (one about every 100 KB
/// allocated, naming the type of the object that crossed the mark) summed by type. Statistical, but
/// with tens of megabytes per call it shows which objects the bytes go to.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, (long Bytes, int Samples)> _byType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public static IReadOnlyList<TypeAllocation> Profile(Action action, int calls)
    {
        using var sampler = new AllocationSampler();
        action(); // the listener's session starts asynchronously; one call to let it settle
        Thread.Sleep(200);
        sampler._recording = true;
        for (var i = 0; i < calls; i++)
        {
            action();
        }
        Thread.Sleep(500); // events are dispatched on another thread
        sampler._recording = false;
        return sampler._byType
            .Select(kv => new TypeAllocation(kv.Key, kv.Value.Bytes / calls, kv.Value.Samples))
            .OrderByDescending(t => t.Bytes)
            .ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }
        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amount64Index = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
        if (typeIndex < 0 || eventData.Payload is null)
        {
            return;
        }
        var typeName = eventData.Payload[typeIndex] as string ?? "?";
        var amount = amount64Index >= 0 ? Convert.ToInt64(eventData.Payload[amount64Index], System.Globalization.CultureInfo.InvariantCulture)
            : amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _byType.AddOrUpdate(typeName, (amount, 1), (_, old) => (old.Bytes + amount, old.Samples + 1));
    }
}
