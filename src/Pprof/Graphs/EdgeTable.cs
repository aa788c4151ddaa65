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

/// <summary>Edge sums keyed by (caller, callee); stamps make each edge count once per sample.</summary>
internal sealed class EdgeTable
{
    private readonly PairIndex _index = new();
    private EdgeData[] _edges = new EdgeData[32];

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

    public ReadOnlySpan<EdgeData> All() => _edges.AsSpan(0, _index.Count);

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
        var index = _index.Find(source, destination, out var added);
        if (added)
        {
            if (index == _edges.Length)
            {
                Array.Resize(ref _edges, index * 2);
            }

            _edges[index] = new EdgeData { Source = source, Destination = destination };
        }

        return ref _edges[index];
    }
}
