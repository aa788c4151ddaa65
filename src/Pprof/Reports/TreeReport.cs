using Pprof.Graphs;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-tree</c> and <c>-peek</c> reports: every node with its callers above and its callees below, each edge
/// with its share of the node's cum. <c>-peek</c> shows only the nodes matching its regexp.
/// </summary>
internal static class TreeReport
{
    private const string Separator = "----------------------------------------------------------+-------------";
    private const string Legend = "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ";

    public static void Write(TextWriter output, Report report)
    {
        var trimmed = report.NewTrimmedGraph();
        var graph = trimmed.Graph;
        var symbol = report.Options.Symbol;
        if (symbol is not null && !graph.Nodes.Any(node => symbol.IsMatch(node.PrintableName)))
        {
            // Checked before writing, as pprof writes nothing of a report that fails.
            throw new ReportException($"no matches found for regexp: {symbol}");
        }

        report.SelectOutputUnit(graph);
        output.Write(string.Join('\n', ReportLabels.For(report, trimmed with { DroppedEdges = 0 }, fullHeaders: false)) + "\n");
        output.Write(Separator + "\n");
        output.Write(Legend + "\n");
        long flatSum = 0;
        foreach (var node in graph.Nodes)
        {
            var name = node.PrintableName;
            if (symbol is not null && !symbol.IsMatch(name))
            {
                continue;
            }

            var cum = node.CumValue;
            output.Write(Separator + "\n");
            foreach (var edge in EdgeOrder.Sort(node.In.Values))
            {
                WriteEdge(output, report, edge, cum, edge.Source);
            }

            flatSum += node.FlatValue;
            output.Write(
                $"{report.FormatValue(node.FlatValue),10} {Units.Percentage(node.FlatValue, report.Total)} " +
                $"{Units.Percentage(flatSum, report.Total)} {report.FormatValue(cum),10} {Units.Percentage(cum, report.Total)}" +
                $"                | {name}\n");
            foreach (var edge in EdgeOrder.Sort(node.Out.Values))
            {
                WriteEdge(output, report, edge, cum, edge.Destination);
            }
        }

        if (graph.Nodes.Count > 0)
        {
            output.Write(Separator + "\n");
        }
    }

    private static void WriteEdge(TextWriter output, Report report, Edge edge, long cum, Node other) =>
        output.Write(
            $"{report.FormatValue(edge.Weight),50} {Units.Percentage(edge.Weight, cum)} |   {other.PrintableName}{(edge.Inline ? " (inline)" : "")}\n");
}
