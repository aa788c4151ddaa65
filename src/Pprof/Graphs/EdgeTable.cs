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
internal sealed class EdgeTable(int nodeCount)
{
    // Up to this many nodes, edges live in a dense nodes × nodes table; beyond it, in a dictionary.
    private const int DenseEdgeLimit = 2048;

    private readonly int[]? _dense = nodeCount <= DenseEdgeLimit ? new int[nodeCount * nodeCount] : null;
    private readonly Dictionary<long, int>? _sparse = nodeCount <= DenseEdgeLimit ? null : [];
    private EdgeData[] _edges = new EdgeData[16];
    private int _count;

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

    public IEnumerable<EdgeData> All() => _edges.Take(_count);

    /// <summary>Adds the edges of another part of the samples: an edge is inline only if inline in every part.</summary>
    public void Add(EdgeTable other)
    {
        foreach (var e in other.All())
        {
            ref var edge = ref Find(e.Source, e.Destination);
            edge.Inline = edge.Stamp == 0 ? e.Inline : edge.Inline && e.Inline;
            edge.Stamp = -1;
            edge.Weight += e.Weight;
            edge.WeightDiv += e.WeightDiv;
            edge.Residual |= e.Residual;
        }
    }

    private ref EdgeData Find(int source, int destination)
    {
        int index;
        if (_dense is not null)
        {
            ref var slot = ref _dense[source * nodeCount + destination];
            if (slot == 0)
            {
                slot = NewEdge(source, destination);
            }

            index = slot - 1;
        }
        else
        {
            var key = ((long)source << 32) | (uint)destination;
            if (!_sparse!.TryGetValue(key, out var slot))
            {
                slot = NewEdge(source, destination);
                _sparse[key] = slot;
            }

            index = slot - 1;
        }

        return ref _edges[index];
    }

    private int NewEdge(int source, int destination)
    {
        if (_count == _edges.Length)
        {
            Array.Resize(ref _edges, _count * 2);
        }

        _edges[_count] = new EdgeData { Source = source, Destination = destination };
        return ++_count;
    }
}
