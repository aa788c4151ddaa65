using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Diagnostics.Tracing.Parsers.GCDynamic;

namespace Pprof.Collector;

/// <summary>What the GC said of itself at the end of a GC.</summary>
/// <param name="HeapBytes">The generations' sizes after the GC (GCHeapStats): live objects and the youngest generation's free space.</param>
/// <param name="CommittedBytes">
/// Memory the GC holds from the system (its CommittedUsage event, .NET 8 and later): in use, free regions kept for
/// later, regions waiting to be decommitted, and its bookkeeping. Null when the runtime does not report it.
/// </param>
/// <param name="Heaps">How many GC heaps there are (more than one only with Server GC); null when not reported.</param>
public sealed record GcHeapFigures(long HeapBytes, long? CommittedBytes, int? Heaps)
{
    internal static long Committed(CommittedUsageTraceEvent usage) =>
        usage.TotalCommittedInUse + usage.TotalCommittedInGlobalDecommit + usage.TotalCommittedInFree
        + usage.TotalCommittedInGlobalFree + usage.TotalBookkeepingCommitted;
}

/// <summary>Keeps the figures of the last GC a session reports: its heap statistics, committed memory and heap count.</summary>
internal sealed class GcHeapFiguresReader
{
    private long? _committed;
    private int? _heaps;

    public GcHeapFiguresReader(ClrTraceEventParser clr)
    {
        clr.GCDynamicEvent.GCCommittedUsage += e => _committed = GcHeapFigures.Committed(e);
        clr.GCGlobalHeapHistory += e => _heaps = e.NumHeaps > 0 ? e.NumHeaps : _heaps;
        clr.GCHeapStats += e => Last = new GcHeapFigures(e.TotalHeapSize, _committed, _heaps);
    }

    /// <summary>Null until a GC has reported its heap.</summary>
    public GcHeapFigures? Last { get; private set; }
}
