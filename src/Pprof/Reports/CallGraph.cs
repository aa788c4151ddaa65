using Pprof.Graphs;

namespace Pprof.Reports;

/// <summary>
/// The call graph as data, trimmed as <c>-top</c> and <c>-tree</c> trim it: nodes in the report's order, and the
/// calls between them. Values are in the unit of the reported sample type, with the text the reports print.
/// </summary>
public sealed record CallGraph(IReadOnlyList<string> Legend, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, long Total)
{
    internal static CallGraph From(Report report)
    {
        var trimmed = report.NewTrimmedGraph();
        var graph = trimmed.Graph;
        report.SelectOutputUnit(graph);
        var ids = new Dictionary<Node, int>(graph.Nodes.Count);
        var nodes = new List<GraphNode>(graph.Nodes.Count);
        foreach (var node in graph.Nodes)
        {
            ids[node] = nodes.Count;
            nodes.Add(GraphNode.From(nodes.Count, node, report));
        }

        var edges = new List<GraphEdge>();
        foreach (var node in graph.Nodes)
        {
            edges.AddRange(EdgeOrder.Sort(node.Out.Values).Select(e => GraphEdge.From(e, ids, report)));
        }

        return new CallGraph(ReportLabels.For(report, trimmed, fullHeaders: false), nodes, edges, report.Total);
    }
}

/// <summary>A function (or line, file, address) of the call graph.</summary>
/// <param name="Id">Its position in <see cref="CallGraph.Nodes"/>, which edges refer to.</param>
/// <param name="Name">As reports name it: function, and file:line or address at finer granularities.</param>
/// <param name="Function">The function alone ("" when unknown).</param>
/// <param name="Line">The line number at line granularity, else 0.</param>
/// <param name="Address">The address at address granularity, else 0.</param>
public sealed record GraphNode(
    int Id, string Name, string Function, string File, long Line, ulong Address, long Flat, long Cum, string FlatText, string CumText)
{
    internal static GraphNode From(int id, Node node, Report report)
    {
        var info = node.Info;
        return new GraphNode(
            id, node.PrintableName, info.Name, info.File, info.LineNumber, info.Address, node.FlatValue, node.CumValue,
            report.FormatValue(node.FlatValue), report.FormatValue(node.CumValue));
    }
}

/// <summary>Calls from node <see cref="Caller"/> to node <see cref="Callee"/> (ids in <see cref="CallGraph.Nodes"/>).</summary>
/// <param name="Weight">The value of the samples through this call.</param>
/// <param name="Residual">The call skips frames that the graph left out.</param>
/// <param name="Inline">Every call here was inlined into the caller.</param>
public sealed record GraphEdge(int Caller, int Callee, long Weight, string WeightText, bool Residual, bool Inline)
{
    internal static GraphEdge From(Edge edge, Dictionary<Node, int> ids, Report report) =>
        new(ids[edge.Source], ids[edge.Destination], edge.WeightValue, report.FormatValue(edge.WeightValue), edge.Residual, edge.Inline);
}
