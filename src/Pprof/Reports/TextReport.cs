using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The <c>-top</c> / <c>-text</c> report: one row per node with flat, running sum and cum.</summary>
internal static class TextReport
{
    public static void Write(TextWriter output, Report report)
    {
        var trimmed = report.NewTrimmedGraph();
        report.SelectOutputUnit(trimmed.Graph);
        // Text reports never mention dropped edges: they show no edges.
        var labels = ReportLabels.For(report, trimmed with { DroppedEdges = 0 }, fullHeaders: false);
        output.Write(string.Join('\n', labels));
        output.Write('\n');
        output.Write($"{"flat",10} {"flat",5}% {"sum",5}% {"cum",10} {"cum",5}%\n");
        long flatSum = 0;
        foreach (var node in trimmed.Graph.Nodes)
        {
            var flat = node.FlatValue;
            var cum = node.CumValue;
            flatSum += flat;
            output.Write(
                $"{report.FormatValue(flat),10} {Units.Percentage(flat, report.Total)} {Units.Percentage(flatSum, report.Total)} " +
                $"{report.FormatValue(cum),10} {Units.Percentage(cum, report.Total)}  {node.PrintableName}{InlineLabel(node)}\n");
        }
    }

    private static string InlineLabel(Graphs.Node node)
    {
        bool inline = false, notInline = false;
        foreach (var edge in node.In.Values)
        {
            inline |= edge.Inline;
            notInline |= !edge.Inline;
        }

        return inline ? (notInline ? " (partial-inline)" : " (inline)") : "";
    }
}
