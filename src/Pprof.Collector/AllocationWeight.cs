namespace Pprof.Collector;

/// <summary>
/// How many allocations one sampled allocation stands for. The runtime samples each allocated byte with probability
/// p = 1/<see cref="MeanSamplingDistance"/>, independently, and reports an object when any of its bytes is sampled,
/// so an object of S bytes is reported with probability 1 - (1-p)^S; weighting each report by the inverse
/// (Horvitz-Thompson) makes the sums unbiased. docs/collector.md derives it.
/// </summary>
internal static class AllocationWeight
{
    /// <summary>The mean number of bytes between samples: 100 KiB, fixed by the runtime.</summary>
    public const long MeanSamplingDistance = 100 * 1024;

    /// <summary>1 / (1 - (1-p)^S), computed without cancellation for the small S/D of most objects.</summary>
    public static double Objects(long objectSize)
    {
        var logKeep = double.LogP1(-1.0 / MeanSamplingDistance);
        return -1 / double.ExpM1(Math.Max(objectSize, 1) * logKeep);
    }
}
