using Pprof.Graphs;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-top</c> report as data: the header lines and one row per node, heaviest first (by flat, or by cum when
/// sorted so). Values are in the unit of the reported sample type (<see cref="SampleUnit"/>), percentages are of
/// <see cref="Total"/>, and each value also comes as the text the report prints.
/// </summary>
/// <param name="Legend">The lines above the table: file, type, time, active filters, what was shown and dropped.</param>
public sealed record TopTable(IReadOnlyList<string> Legend, IReadOnlyList<TopRow> Rows, long Total, string SampleType, string SampleUnit)
{
    /// <summary>The table as <c>-top</c> prints it.</summary>
    public override string ToString()
    {
        using var text = new StringWriter { NewLine = "\n" };
        TextReport.Write(text, this);
        return text.ToString();
    }

    /// <summary>The legend, total, sample type and unit above the rows.</summary>
    public ReportSummary Summary => new(Legend, Total, TotalText, SampleType, SampleUnit);

    internal static TopTable From(Report report)
    {
        var trimmed = report.NewTrimmedGraph();
        var legend = LegendOf(report, trimmed);
        var rows = new List<TopRow>(trimmed.Graph.Nodes.Count);
        long flatSum = 0;
        foreach (var node in trimmed.Graph.Nodes)
        {
            var flat = node.FlatValue;
            var cum = node.CumValue;
            flatSum += flat;
            rows.Add(new TopRow(
                node.PrintableName, InliningOf(node), flat, cum,
                Units.Percent(flat, report.Total), Units.Percent(flatSum, report.Total), Units.Percent(cum, report.Total),
                report.FormatValue(flat), report.FormatValue(cum)));
        }

        return new TopTable(legend, rows, report.Total, report.Options.SampleType, report.Options.SampleUnit)
        {
            TotalText = report.FormatValue(report.Total),
        };
    }

    /// <summary>The total as the report prints it, in its unit.</summary>
    public string TotalText { get; init; } = "";

    /// <summary><see cref="Summary"/> alone: the nodes' sums, without the edges that the rows' <see cref="Inlining"/> is read from.</summary>
    internal static ReportSummary SummaryOf(Report report)
    {
        // The legend picks the unit that the total is then printed in.
        var legend = LegendOf(report, report.NewTrimmedGraph(edges: false));
        return new(legend, report.Total, report.FormatValue(report.Total), report.Options.SampleType, report.Options.SampleUnit);
    }

    private static List<string> LegendOf(Report report, TrimmedGraph trimmed)
    {
        report.SelectOutputUnit(trimmed.Graph);
        // The table never mentions dropped edges: it shows no edges.
        return ReportLabels.For(report, trimmed with { DroppedEdges = 0 }, fullHeaders: false);
    }

    private static Inlining InliningOf(Node node)
    {
        bool inline = false, notInline = false;
        foreach (var edge in node.In.Values)
        {
            inline |= edge.Inline;
            notInline |= !edge.Inline;
        }

        return inline ? (notInline ? Inlining.Partial : Inlining.Inline) : Inlining.None;
    }
}

/// <summary>One row of <c>-top</c>: a function (or line, file, address) with its own value and its callees'.</summary>
/// <param name="Name">The node as reports name it: function, and file:line or address at finer granularities.</param>
/// <param name="Flat">The value of the samples that end here.</param>
/// <param name="Cum">The value of the samples through here.</param>
/// <param name="SumPercent">Flat% of this row and every row above it.</param>
/// <param name="FlatText">Flat as printed, scaled to the report's unit (<c>1.50MB</c>).</param>
public sealed record TopRow(
    string Name,
    Inlining Inlining,
    long Flat,
    long Cum,
    double FlatPercent,
    double SumPercent,
    double CumPercent,
    string FlatText,
    string CumText);

/// <summary>Whether calls into a node were inlined into their callers.</summary>
public enum Inlining
{
    None,
    Inline,

    /// <summary>Some calls were inlined, others not.</summary>
    Partial,
}
