using System.Runtime.CompilerServices;

namespace Pprof.Graphs;

/// <summary>One edge's sums while a graph is built.</summary>
internal struct EdgeData
{
    public int Source;
    public int Destination;
    public int Stamp;
    public long Weight;
    public long WeightDiv;
    public bool Residual;
    public bool Inline;
}

/// <summary>
/// Edge sums keyed by (caller, callee); stamps make each edge count once per sample. An open-addressing hash
/// table: its size follows the edges that occur, not the square of the node count, so that a profile with a
/// million functions costs no more per partial graph than its call edges.
/// </summary>
internal sealed class EdgeTable
{
    private int[] _slots = new int[64];
    private int _shift = 64 - 6;
    private EdgeData[] _edges = new EdgeData[32];
    private int _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int source, int destination, int stamp, long weight, long divisor, bool residual, bool inline)
    {
        ref var edge = ref Find(source, destination);
        if (edge.Stamp == stamp)
        {
            return;
        }

        if (edge.Stamp == 0)
        {
            edge.Inline = inline;
        }
        else if (!inline)
        {
            edge.Inline = false;
        }

        edge.Stamp = stamp;
        edge.Weight += weight;
        edge.WeightDiv += divisor;
        edge.Residual |= residual;
    }

    public ReadOnlySpan<EdgeData> All() => _edges.AsSpan(0, _count);

    /// <summary>Adds the edges of another part of the samples: an edge is inline only if inline in every part.</summary>
    public void Add(EdgeTable other)
    {
        foreach (ref readonly var e in other.All())
        {
            ref var edge = ref Find(e.Source, e.Destination);
            edge.Inline = edge.Stamp == 0 ? e.Inline : edge.Inline && e.Inline;
            edge.Stamp = -1;
            edge.Weight += e.Weight;
            edge.WeightDiv += e.WeightDiv;
            edge.Residual |= e.Residual;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref EdgeData Find(int source, int destination)
    {
        var mask = _slots.Length - 1;
        for (var slot = Slot(source, destination); ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return ref NewEdge(slot, source, destination);
            }

            ref var edge = ref _edges[entry - 1];
            if (edge.Source == source && edge.Destination == destination)
            {
                return ref edge;
            }
        }
    }

    // Fibonacci hashing: the top bits of the key times 2^64/φ spread (caller, callee) pairs evenly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int source, int destination) =>
        (int)(((((ulong)(uint)source << 32) | (uint)destination) * 0x9E3779B97F4A7C15UL) >> _shift);

    private ref EdgeData NewEdge(int slot, int source, int destination)
    {
        if (_count == _edges.Length)
        {
            Array.Resize(ref _edges, _count * 2);
        }

        var index = _count++;
        _edges[index] = new EdgeData { Source = source, Destination = destination };
        _slots[slot] = index + 1;
        if (_count * 2 > _slots.Length)
        {
            Rehash();
        }

        return ref _edges[index];
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        for (var index = 0; index < _count; index++)
        {
            var slot = Slot(_edges[index].Source, _edges[index].Destination);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }
    }
}
