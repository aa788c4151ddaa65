using System.Diagnostics;

namespace ServiceLoad;

/// <summary>
/// Latencies counted in buckets 0.2% wide from 1 µs to about a minute, as HDR histograms do: every request is kept (as
/// a count), several runs add up exactly, and a percentile is read to within 0.2% however many requests there were.
/// Safe to record into from many threads.
/// </summary>
internal sealed class LatencyHistogram
{
    public const int Buckets = 9_000;
    private const double Growth = 1.002;
    private const double SmallestNanos = 1_000;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[Buckets];

    public long Count => _counts.Sum();

    public void Record(long stopwatchTicks)
    {
        var nanos = stopwatchTicks * NanosPerTick;
        var bucket = nanos <= SmallestNanos ? 0 : Math.Min(Buckets - 1, (int)(Math.Log(nanos / SmallestNanos) / LogGrowth));
        Interlocked.Increment(ref _counts[bucket]);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    /// <summary>The <paramref name="quantile"/> of all these histograms' requests pooled.</summary>
    public static TimeSpan Quantile(IEnumerable<LatencyHistogram> histograms, double quantile)
    {
        var pooled = new long[Buckets];
        foreach (var histogram in histograms)
        {
            for (var i = 0; i < Buckets; i++)
            {
                pooled[i] += histogram._counts[i];
            }
        }

        return Quantile(pooled, quantile);
    }

    public TimeSpan Quantile(double quantile) => Quantile(_counts, quantile);

    private static TimeSpan Quantile(long[] counts, double quantile)
    {
        var rank = (long)Math.Ceiling(quantile * counts.Sum());
        var seen = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                // The bucket's middle, in its log scale.
                return TimeSpan.FromTicks((long)(SmallestNanos * Math.Pow(Growth, i + 0.5) / 100));
            }
        }

        return TimeSpan.Zero;
    }
}
