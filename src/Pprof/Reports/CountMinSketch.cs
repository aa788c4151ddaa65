using System.Numerics;

namespace Pprof.Reports;

/// <summary>
/// Sums of non-negative values by key in fixed memory, read back as an over-estimate: each key adds to one counter in
/// each of two rows, keys that share a counter add up there, and a key's estimate is the smaller of its two counters.
/// Added conservatively (a counter grows only as far as the key's new estimate needs), which keeps the excess small.
/// Keys are 64-bit hashes; the rows take their counters from the low and the high half.
/// </summary>
internal sealed class CountMinSketch
{
    private readonly long[] _low;
    private readonly long[] _high;
    private readonly int _mask;

    /// <param name="width">Counters a row, rounded up to a power of two.</param>
    public CountMinSketch(int width)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(width, 2, 1 << 30));
        _low = new long[size];
        _high = new long[size];
        _mask = size - 1;
    }

    public void Add(ulong key, long value)
    {
        ref var low = ref _low[(int)key & _mask];
        ref var high = ref _high[(int)(key >> 32) & _mask];
        var estimate = Math.Min(low, high) + value;
        low = Math.Max(low, estimate);
        high = Math.Max(high, estimate);
    }

    /// <summary>At least the sum of the values added with <paramref name="key"/>.</summary>
    public long Estimate(ulong key) => Math.Min(_low[(int)key & _mask], _high[(int)(key >> 32) & _mask]);
}
