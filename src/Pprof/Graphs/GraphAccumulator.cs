using System.Runtime.CompilerServices;
using Pprof.Profiles;

namespace Pprof.Graphs;

/// <summary>The node and edge sums of some of the samples.</summary>
internal sealed class GraphAccumulator(int count)
{
    public long[] Flat { get; } = new long[count];
    public long[] FlatDiv { get; } = new long[count];
    public long[] Cum { get; } = new long[count];
    public long[] CumDiv { get; } = new long[count];
    public EdgeTable Edges { get; } = new();

    /// <summary>Tag sums per (node, tag kind), when the options ask for them.</summary>
    public TagTable Tags { get; } = new();

    /// <param name="tagKinds">Where the kinds of tags are numbered, shared by every part of the samples.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ref SampleCursor cursor, LocationNodes locationNodes, GraphOptions options, TagKinds tagKinds)
    {
        var stamps = new int[count];
        var meanIndex = options.Mean ? 0 : -1;
        var edges = options.Edges;
        var sampleTags = options.FormatTag is null ? null : new SampleTags(options, tagKinds);
        while (cursor.MoveNext())
        {
            var values = cursor.Values;
            var weight = values[options.SampleIndex];
            var divisor = meanIndex >= 0 ? values[meanIndex] : 0;
            if (weight == 0 && divisor == 0)
            {
                continue;
            }

            var tags = ReadOnlySpan<SampleTag>.Empty;
            if (sampleTags is not null)
            {
                sampleTags.Read(ref cursor);
                tags = sampleTags.Current;
            }

            var stamp = cursor.Index + 1;
            var parent = -1;
            var residual = false;
            var stack = cursor.Stack;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                var nodes = locationNodes[stack[i]];
                for (var line = nodes.Length - 1; line >= 0; line--)
                {
                    var node = nodes[line];
                    if (node < 0)
                    {
                        residual = true;
                        continue;
                    }

                    if (stamps[node] != stamp)
                    {
                        stamps[node] = stamp;
                        Cum[node] += weight;
                        CumDiv[node] += divisor;
                        Tags.Add(node, tags, weight, divisor, flat: false);
                    }

                    if (edges && parent >= 0 && node != parent)
                    {
                        Edges.Add(parent, node, stamp, weight, divisor, residual, inline: line != nodes.Length - 1);
                    }

                    parent = node;
                    residual = false;
                }
            }

            if (parent >= 0 && !residual)
            {
                Flat[parent] += weight;
                FlatDiv[parent] += divisor;
                Tags.Add(parent, tags, weight, divisor, flat: true);
            }
        }
    }

    public void Add(GraphAccumulator other)
    {
        for (var i = 0; i < count; i++)
        {
            Flat[i] += other.Flat[i];
            FlatDiv[i] += other.FlatDiv[i];
            Cum[i] += other.Cum[i];
            CumDiv[i] += other.CumDiv[i];
        }

        Edges.Add(other.Edges);
        Tags.Add(other.Tags);
    }
}
