namespace Pprof.Reports;

/// <summary>
/// One node of <c>-peek</c>: a function that matched, with each caller and callee and how much of its value passed
/// through that call.
/// </summary>
public sealed record PeekEntry(GraphNode Node, IReadOnlyList<PeekCall> Callers, IReadOnlyList<PeekCall> Callees)
{
    /// <summary>The nodes of <paramref name="graph"/> whose names <paramref name="symbol"/> matches, in the graph's order.</summary>
    internal static IReadOnlyList<PeekEntry> From(CallGraph graph, System.Text.RegularExpressions.Regex symbol)
    {
        // As pprof orders edges: heaviest first, then by caller and callee name.
        IEnumerable<GraphEdge> Ordered(IEnumerable<GraphEdge> edges) => edges
            .OrderByDescending(e => Math.Abs(e.Weight))
            .ThenBy(e => graph.Nodes[e.Caller].Name, StringComparer.Ordinal)
            .ThenBy(e => graph.Nodes[e.Callee].Name, StringComparer.Ordinal);
        PeekCall Call(GraphEdge edge, int other) => new(graph.Nodes[other].Name, edge.Weight, edge.WeightText, edge.Inline);
        return
        [
            .. graph.Nodes.Where(n => symbol.IsMatch(n.Name)).Select(node => new PeekEntry(
                node,
                [.. Ordered(graph.Edges.Where(e => e.Callee == node.Id)).Select(e => Call(e, e.Caller))],
                [.. Ordered(graph.Edges.Where(e => e.Caller == node.Id)).Select(e => Call(e, e.Callee))])),
        ];
    }
}

/// <summary>A caller or callee of a peeked node, and the value of the samples through the call.</summary>
public sealed record PeekCall(string Name, long Weight, string WeightText, bool Inline);
