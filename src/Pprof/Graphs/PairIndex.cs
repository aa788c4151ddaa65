using System.Runtime.CompilerServices;

namespace Pprof.Graphs;

/// <summary>
/// Numbers (int, int) pairs densely in the order they are first found: an open-addressing hash table whose size
/// follows the pairs that occur, not the product of the ranges, so that a graph of a million functions costs no more
/// than the pairs its samples make.
/// </summary>
internal sealed class PairIndex
{
    private int[] _slots = new int[64];
    private int _shift = 64 - 6;
    private long[] _keys = new long[32];

    public int Count { get; private set; }

    /// <summary>The number of a pair; <paramref name="added"/> says whether it is new (numbered <see cref="Count"/> - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(int first, int second, out bool added)
    {
        var key = ((long)first << 32) | (uint)second;
        var mask = _slots.Length - 1;
        for (var slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                added = true;
                return Add(slot, key);
            }

            if (_keys[entry - 1] == key)
            {
                added = false;
                return entry - 1;
            }
        }
    }

    // Fibonacci hashing: the top bits of the key times 2^64/φ spread the pairs evenly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Add(int slot, long key)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
        }

        var index = Count++;
        _keys[index] = key;
        _slots[slot] = index + 1;
        if (Count * 2 > _slots.Length)
        {
            Rehash();
        }

        return index;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        for (var index = 0; index < Count; index++)
        {
            var slot = Slot(_keys[index]);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }
    }
}
