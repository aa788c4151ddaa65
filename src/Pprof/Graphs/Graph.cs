namespace Pprof.Graphs;

/// <summary>How to order nodes: by flat or cum value, ties broken by name.</summary>
public enum NodeOrder
{
    FlatName,
    CumName,
}

/// <summary>Nodes and the edges between them, built from a profile's samples.</summary>
public sealed class Graph(List<Node> nodes)
{
    public List<Node> Nodes { get; private set; } = nodes;

    public long FlatSum() => Nodes.Sum(n => n.Flat);

    public void Sort(NodeOrder order)
    {
        Comparison<Node> comparison = order switch
        {
            NodeOrder.CumName => CompareByCum,
            _ => CompareByFlat,
        };
        Nodes.Sort(comparison);
    }

    /// <summary>The infos of nodes whose |cum| reaches <paramref name="cutoff"/>.</summary>
    public HashSet<NodeInfo> NodesAboveCumCutoff(long cutoff) =>
        [.. Nodes.Where(n => Math.Abs(n.Cum) >= cutoff).Select(n => n.Info)];

    /// <summary>The infos of the first <paramref name="count"/> nodes in the current order.</summary>
    public HashSet<NodeInfo> TopNodes(int count) => [.. Nodes.Take(count).Select(n => n.Info)];

    /// <summary>Removes edges lighter than <paramref name="cutoff"/>; returns how many went.</summary>
    public int TrimLowFrequencyEdges(long cutoff)
    {
        var dropped = 0;
        foreach (var node in Nodes)
        {
            foreach (var (source, edge) in node.In.ToList())
            {
                if (Math.Abs(edge.Weight) < cutoff)
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
        var c = Math.Abs(right.Flat).CompareTo(Math.Abs(left.Flat));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(left.PrintableName, right.PrintableName);
        if (c != 0)
        {
            return c;
        }

        c = Math.Abs(right.Cum).CompareTo(Math.Abs(left.Cum));
        return c != 0 ? c : CompareInfos(left, right);
    }

    private static int CompareByCum(Node left, Node right)
    {
        var c = Math.Abs(right.Cum).CompareTo(Math.Abs(left.Cum));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(left.PrintableName, right.PrintableName);
        if (c != 0)
        {
            return c;
        }

        c = Math.Abs(right.Flat).CompareTo(Math.Abs(left.Flat));
        return c != 0 ? c : CompareInfos(left, right);
    }

    private static int CompareInfos(Node left, Node right) =>
        string.CompareOrdinal(left.Info.ToString(), right.Info.ToString());
}
