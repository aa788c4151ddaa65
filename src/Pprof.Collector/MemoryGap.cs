namespace Pprof.Collector;

/// <summary>
/// Why a process's resident memory can stay far above its GC heap, said when it does: the GC keeps memory committed
/// beyond the live objects (free space for new ones, fragmentation), and memory outside the GC heap (native
/// allocations, the runtime's own data, mapped files, pages released with MADV_FREE that the kernel has not taken
/// back yet) is resident too.
/// </summary>
internal static class MemoryGap
{
    private const long MinimumGapBytes = 100L * 1024 * 1024;
    private const double MinimumRatio = 1.5;

    /// <summary>The explanation, or null when resident memory is not far above the heap.</summary>
    /// <param name="committedBytes">What the GC held from the system after the GC; null when unknown.</param>
    public static string? Explain(long residentBytes, long heapBytes, long? committedBytes)
    {
        var gap = residentBytes - heapBytes;
        if (gap < MinimumGapBytes || residentBytes < MinimumRatio * heapBytes)
        {
            return null;
        }

        var where = committedBytes is { } committed && committed > heapBytes
            ? $"{Megabytes(Math.Min(committed - heapBytes, gap))} MB of the {Megabytes(gap)} MB above the heap is memory the GC "
                + "keeps committed (free space and fragmentation); the rest is native allocations, the runtime's own data, "
                + "mapped files, or freed pages the kernel has not taken back yet"
            : "memory the GC keeps committed, native allocations, or fragmentation";
        return $"RSS {Megabytes(residentBytes)} MB vs heap {Megabytes(heapBytes)} MB after GC: {where} — try "
            + "DOTNET_GCConserveMemory (1-9, compacts more to keep the heap small) / DOTNET_GCHeapHardLimit (caps it)";
    }

    private static string Megabytes(long bytes) => GcTraceText.Megabytes(bytes);
}
