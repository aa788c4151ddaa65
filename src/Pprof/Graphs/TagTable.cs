using System.Runtime.CompilerServices;

namespace Pprof.Graphs;

/// <summary>One tag's sums on one node while a graph is built.</summary>
internal struct TagSums
{
    public int Node;
    public int Kind;

    /// <summary>A numeric tag's value: that of the first sample with it, as several values can print alike.</summary>
    public long Value;

    public long Flat;
    public long FlatDiv;
    public long Cum;
    public long CumDiv;
}

/// <summary>Tag sums keyed by (node, tag kind).</summary>
internal sealed class TagTable
{
    private readonly PairIndex _index = new();
    private TagSums[] _tags = new TagSums[32];

    public ReadOnlySpan<TagSums> All() => _tags.AsSpan(0, _index.Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int node, ReadOnlySpan<SampleTag> tags, long weight, long divisor, bool flat)
    {
        foreach (var tag in tags)
        {
            ref var sums = ref Find(node, tag.Kind, tag.Value);
            if (flat)
            {
                sums.Flat += weight;
                sums.FlatDiv += divisor;
            }
            else
            {
                sums.Cum += weight;
                sums.CumDiv += divisor;
            }
        }
    }

    /// <summary>Adds the sums of the samples after this table's: a tag's value stays that of its first sample.</summary>
    public void Add(TagTable later)
    {
        foreach (ref readonly var t in later.All())
        {
            ref var sums = ref Find(t.Node, t.Kind, t.Value);
            sums.Flat += t.Flat;
            sums.FlatDiv += t.FlatDiv;
            sums.Cum += t.Cum;
            sums.CumDiv += t.CumDiv;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref TagSums Find(int node, int kind, long value)
    {
        var index = _index.Find(node, kind, out var added);
        if (added)
        {
            if (index == _tags.Length)
            {
                Array.Resize(ref _tags, index * 2);
            }

            _tags[index] = new TagSums { Node = node, Kind = kind, Value = value };
        }

        return ref _tags[index];
    }
}
