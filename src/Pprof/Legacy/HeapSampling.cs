namespace Pprof.Legacy;

/// <summary>How pprof estimates all the allocations from those a heap profiler sampled.</summary>
internal static class HeapSampling
{
    /// <summary>
    /// Estimates the allocations a sample stands for: a block of average size S is sampled with probability
    /// 1 - exp(-S/rate), so counts are divided by it (and truncated, as pprof does). A rate of 1 or less means
    /// that every allocation was recorded.
    /// </summary>
    public static (long Count, long Size) Unsample(long count, long size, long rate)
    {
        if (count == 0 || size == 0)
        {
            return (0, 0);
        }

        if (rate <= 1)
        {
            return (count, size);
        }

        var scale = 1 / (1 - Math.Exp(-((double)size / count) / rate));
        return (GoConversions.ToInt64(count * scale), GoConversions.ToInt64(size * scale));
    }
}
