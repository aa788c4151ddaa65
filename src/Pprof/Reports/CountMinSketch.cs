using System.Numerics;

namespace Pprof.Reports;

/// <summary>
/// Sums of non-negative values by key in fixed memory, read back as an over-estimate: each key adds to one counter in
/// each of two rows, keys that share a counter add up there, and a key's estimate is the smaller of its two counters.
/// Added conservatively (a counter grows only as far as the key's new estimate needs), which keeps the excess small.
/// Keys are 64-bit hashes; the rows take their counters from the low and the high half. Counters are 32 bits, in
/// units of a quantum that fits the largest sum in them, each value rounded up; one that would overflow stays at its
/// largest, which still over-estimates.
/// </summary>
internal sealed class CountMinSketch
{
    private readonly uint[] _low;
    private readonly uint[] _high;
    private readonly int _mask;
    private readonly long _quantum;

    /// <param name="width">Counters a row, rounded up to a power of two.</param>
    /// <param name="largestSum">No key's values add up to more.</param>
    public CountMinSketch(int width, long largestSum)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(width, 2, 1 << 30));
        _low = new uint[size];
        _high = new uint[size];
        _mask = size - 1;
        _quantum = Math.Max(1, (largestSum >> 30) + 1);
    }

    public void Add(ulong key, long value)
    {
        ref var low = ref _low[(int)key & _mask];
        ref var high = ref _high[(int)(key >> 32) & _mask];
        var estimate = (uint)Math.Min(Math.Min(low, high) + ((value + _quantum - 1) / _quantum), uint.MaxValue);
        low = Math.Max(low, estimate);
        high = Math.Max(high, estimate);
    }

    /// <summary>At least the sum of the values added with <paramref name="key"/>.</summary>
    public long Estimate(ulong key)
    {
        long count = Math.Min(_low[(int)key & _mask], _high[(int)(key >> 32) & _mask]);
        return count == uint.MaxValue || count > long.MaxValue / _quantum ? long.MaxValue : count * _quantum;
    }
}
