namespace Pprof.Graphs;

/// <summary>How to order nodes: by flat or cum value, ties broken by name.</summary>
internal enum NodeOrder
{
    FlatName,
    CumName,

    /// <summary>For pictures: branch points before pass-through nodes (see <see cref="Graph.EntropyScore"/>).</summary>
    Entropy,
}

/// <summary>Nodes and the edges between them, built from a profile's samples.</summary>
internal sealed class Graph(List<Node> nodes)
{
    public List<Node> Nodes { get; private set; } = nodes;

    public long FlatSum() => Nodes.Sum(n => n.Flat);

    /// <summary>Nodes that can be shown as nodelets of one node in a picture.</summary>
    public const int MaxNodelets = 4;

    public void Sort(NodeOrder order)
    {
        switch (order)
        {
            case NodeOrder.CumName:
                Nodes.Sort(CompareByCum);
                break;
            case NodeOrder.Entropy:
                var scores = Nodes.ToDictionary(n => n, EntropyScore);
                Nodes.Sort((left, right) => CompareByScore(left, right, scores[left], scores[right]));
                break;
            default:
                Nodes.Sort(CompareByFlat);
                break;
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> nodes; in pictures each node's tags count as nodes too (up to
    /// <see cref="MaxNodelets"/>), since they take room as well.
    /// </summary>
    public HashSet<NodeInfo> TopNodes(int count, bool visual)
    {
        if (visual && count > 0)
        {
            var shown = 0;
            for (var i = 0; i < Nodes.Count; i++)
            {
                shown += Math.Min(CountFlatTags(Nodes[i]), MaxNodelets) + 1;
                if (shown >= count)
                {
                    count = i + 1;
                    break;
                }
            }
        }

        return [.. Nodes.Take(count).Select(n => n.Info)];
    }

    public void TrimLowFrequencyTags(long cutoff)
    {
        bool Keep(Tag tag) => LongMath.Abs(tag.Flat) >= cutoff || LongMath.Abs(tag.Cum) >= cutoff;
        foreach (var node in Nodes)
        {
            node.LabelTags = node.LabelTags.Where(t => Keep(t.Value)).ToDictionary();
            foreach (var group in node.NumericTags.Keys.ToList())
            {
                node.NumericTags[group] = node.NumericTags[group].Where(t => Keep(t.Value)).ToDictionary();
            }
        }
    }

    /// <summary>Gives each node the tags of the node of <paramref name="other"/> that stands for the same thing.</summary>
    public void TakeTagsFrom(Graph other)
    {
        var byInfo = other.Nodes.ToDictionary(n => n.Info);
        foreach (var node in Nodes)
        {
            var source = byInfo[node.Info];
            node.LabelTags = source.LabelTags;
            foreach (var (group, tags) in source.NumericTags)
            {
                node.NumericTags[group] = tags;
            }
        }
    }

    /// <summary>Removes residual edges whose destination is still reachable from their source another way.</summary>
    public void RemoveRedundantEdges()
    {
        // Lightest edges of the lowest-ranked nodes go first.
        for (var i = Nodes.Count - 1; i >= 0; i--)
        {
            var incoming = EdgeOrder.Sort(Nodes[i].In.Values);
            for (var j = incoming.Count - 1; j >= 0; j--)
            {
                var edge = incoming[j];
                if (!edge.Residual)
                {
                    // Never remove an edge heavier than a direct call: that would confuse more than it clears.
                    break;
                }

                if (IsRedundant(edge))
                {
                    edge.Source.Out.Remove(edge.Destination);
                    edge.Destination.In.Remove(edge.Source);
                }
            }
        }
    }

    /// <summary>
    /// How much a node adds to a picture: the entropy of its incoming and outgoing weights (entries and leaves
    /// count one), times its cum, plus its flat. Nodes that merely pass weight through score low.
    /// </summary>
    public static long EntropyScore(Node node)
    {
        double score = 0;
        score += node.In.Count == 0 ? 1 : EdgeEntropy(node.In.Values, 0);
        score += node.Out.Count == 0 ? 1 : EdgeEntropy(node.Out.Values, node.Flat);
        return (long)(score * node.Cum) + node.Flat;
    }

    private static double EdgeEntropy(IEnumerable<Edge> edges, long self)
    {
        var list = edges.ToList();
        var total = self + list.Where(e => e.Weight > 0).Sum(e => LongMath.Abs(e.Weight));
        if (total == 0)
        {
            return 0;
        }

        double score = 0;
        foreach (var edge in list)
        {
            var fraction = (double)LongMath.Abs(edge.Weight) / total;
            score += -fraction * Math.Log2(fraction);
        }

        if (self > 0)
        {
            var fraction = (double)LongMath.Abs(self) / total;
            score += -fraction * Math.Log2(fraction);
        }

        return score;
    }

    private static bool IsRedundant(Edge edge)
    {
        var source = edge.Source;
        var seen = new HashSet<Node> { edge.Destination };
        var queue = new Queue<Node>();
        queue.Enqueue(edge.Destination);
        while (queue.TryDequeue(out var node))
        {
            foreach (var incoming in node.In.Values)
            {
                if (incoming == edge || seen.Contains(incoming.Source))
                {
                    continue;
                }

                if (incoming.Source == source)
                {
                    return true;
                }

                seen.Add(incoming.Source);
                queue.Enqueue(incoming.Source);
            }
        }

        return false;
    }

    private static int CountFlatTags(Node node) =>
        node.LabelTags.Values.Count(t => t.Flat != 0) + node.NumericTags.Values.Sum(g => g.Values.Count(t => t.Flat != 0));

    /// <summary>The infos of nodes whose |cum| reaches <paramref name="cutoff"/>.</summary>
    public HashSet<NodeInfo> NodesAboveCumCutoff(long cutoff) =>
        [.. Nodes.Where(n => LongMath.Abs(n.Cum) >= cutoff).Select(n => n.Info)];

    /// <summary>Removes edges lighter than <paramref name="cutoff"/>; returns how many went.</summary>
    public int TrimLowFrequencyEdges(long cutoff)
    {
        var dropped = 0;
        foreach (var node in Nodes)
        {
            foreach (var (source, edge) in node.In.ToList())
            {
                if (LongMath.Abs(edge.Weight) < cutoff)
                {
                    node.In.Remove(source);
                    source.Out.Remove(node);
                    dropped++;
                }
            }
        }

        return dropped;
    }

    private static int CompareByFlat(Node left, Node right)
    {
        var c = LongMath.Abs(right.Flat).CompareTo(LongMath.Abs(left.Flat));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(left.PrintableName, right.PrintableName);
        if (c != 0)
        {
            return c;
        }

        c = LongMath.Abs(right.Cum).CompareTo(LongMath.Abs(left.Cum));
        return c != 0 ? c : CompareInfos(left, right);
    }

    private static int CompareByCum(Node left, Node right) => CompareByScore(left, right, left.Cum, right.Cum);

    private static int CompareByScore(Node left, Node right, long leftScore, long rightScore)
    {
        var c = LongMath.Abs(rightScore).CompareTo(LongMath.Abs(leftScore));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(left.PrintableName, right.PrintableName);
        if (c != 0)
        {
            return c;
        }

        c = LongMath.Abs(right.Flat).CompareTo(LongMath.Abs(left.Flat));
        return c != 0 ? c : CompareInfos(left, right);
    }

    private static int CompareInfos(Node left, Node right) =>
        string.CompareOrdinal(left.Info.ToString(), right.Info.ToString());
}
