namespace Pprof.Leaks;

/// <summary>
/// Go's side of heap versus RSS: what the runtime keeps beside the live heap, from the <c># runtime.MemStats</c> block
/// of <c>debug=1</c> heap profiles and from gctrace lines, each finding with what returns the memory and how it
/// leaves RSS by Go version.
/// </summary>
internal static class GoRuntimeMemory
{
    private const double LargeBytes = Inspections.RssOverHeapBytes;

    public static IEnumerable<Inspection> Findings(IReadOnlyList<MemoryReading> memory, GcTraceReading? gcTrace) =>
        gcTrace is null ? IdleHeap(memory) : IdleHeap(memory).Concat(GcTraceFindings(gcTrace));

    /// <summary>Go: idle heap spans the runtime has not returned to the OS, large next to the live heap.</summary>
    private static IEnumerable<Inspection> IdleHeap(IReadOnlyList<MemoryReading> memory)
    {
        var idle = memory.FirstOrDefault(m => m.Name == GoMemStats.IdleNotReleased);
        var alloc = memory.FirstOrDefault(m => m.Name == GoMemStats.HeapAlloc);
        if (idle is not null && alloc is not null && IdleHeapFinding(idle.Values[^1], alloc.Values[^1], "HeapIdle − HeapReleased") is { } finding)
        {
            yield return finding;
        }
    }

    /// <summary>Go's gctrace: the live heap growing, a heap freed after a peak, a heap goal far above the live heap.</summary>
    private static IEnumerable<Inspection> GcTraceFindings(GcTraceReading gc)
    {
        var (first, last, peak) = (gc.First, gc.Last, gc.Peak);
        if (gc.LiveVerdict == Verdict.Leak)
        {
            yield return new Inspection("go-live-heap",
                $"the live heap after each GC grows steadily: {Bytes(first.Live)} -> {Bytes(last.Live)} over {Quantities.Count(gc.Trace.Collections.Count, "collection")} (gctrace, LEAK): "
                + "the program keeps what it allocates; the heap tables name what holds it");
        }

        if (peak.Live >= 2 * last.Live && peak.Live - last.Live >= LargeBytes)
        {
            var scavenger = gc.LastScavenge switch
            {
                { UtilPercent: { } util } s => $" (the last scav line: {util:0} % of the heap memory it keeps is in use, {Bytes(s.Released)} returned to the OS in all)",
                { IdleUnreleased: { } idle } => $" (the last scvg line: {Bytes(idle)} idle, not returned to the OS)",
                _ => "",
            };
            yield return new Inspection("go-heap-freed",
                $"the live heap after GC peaked at {Bytes(peak.Live)} (gc {peak.Number}) and is {Bytes(last.Live)} at the last collection (gc {last.Number}): freed, not leaked; "
                + $"RSS stays up while the Go runtime keeps the freed pages{scavenger}; the scavenger returns them over minutes (debug.FreeOSMemory() at once, GOMEMLIMIT sooner); "
                + ReleaseAdvice(gc.Trace.IsGo118OrLater));
        }

        if (last.Goal - last.Live >= LargeBytes && last.Goal >= 1.5 * last.Live)
        {
            var ratio = last.Live > 0 ? $"{last.Goal / (double)last.Live:0.0}× the live heap of {Bytes(last.Live)}" : "with almost nothing live";
            yield return new Inspection("go-heap-goal",
                $"between collections the heap grows to its goal of {Bytes(last.Goal)}, {ratio} (gc {last.Number}): RSS near the goal is the runtime's choice (GOGC), not a leak; "
                + "lower GOGC, or cap it with GOMEMLIMIT (Go 1.19+)");
        }

        if (gc.LastScavenge is { IdleUnreleased: { } unreleased } && IdleHeapFinding(unreleased, last.Live, "idle − released of the last scvg line") is { } idleHeap)
        {
            yield return idleHeap;
        }
    }

    private static Inspection? IdleHeapFinding(double idle, double live, string measure) =>
        idle >= LargeBytes && idle >= live
            ? new Inspection("go-idle-heap",
                $"the Go runtime holds {Bytes(idle)} of idle heap not returned to the OS ({measure}) next to a live heap of {Bytes(live)}: "
                + $"not a leak; the scavenger returns it over minutes (debug.FreeOSMemory() at once); {ReleaseAdvice(null)}")
            : null;

    /// <summary>How returned memory leaves RSS, by Go version where the input tells it.</summary>
    private static string ReleaseAdvice(bool? go118OrLater) => go118OrLater == true
        ? "these gc lines come from Go 1.18 or later, which returns memory with MADV_DONTNEED: RSS drops as soon as the pages are returned"
        : "Go 1.12–1.15 on Linux release with MADV_FREE, so RSS drops only under memory pressure (GODEBUG=madvdontneed=1), Go 1.16+ with MADV_DONTNEED";

    private static string Bytes(double value) => Quantities.Format(value, false);
}
