using System.Globalization;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The header lines above a report: what the profile is, which filters apply, and what trimming hid.</summary>
internal static class ReportLabels
{
    /// <summary>File, Build ID, comments, Type, Time and Duration, as pprof prints them.</summary>
    public static List<string> ProfileLabels(Report report)
    {
        var profile = report.Profile;
        var labels = new List<string>();
        if (profile.Mappings.Count > 0)
        {
            var main = profile.Mappings[0];
            if (main.File.Length != 0)
            {
                labels.Add("File: " + Path.GetFileName(main.File));
            }

            if (main.BuildId.Length != 0)
            {
                labels.Add("Build ID: " + main.BuildId);
            }
        }

        labels.AddRange(profile.Comments.Where(c => !c.StartsWith('#')));
        if (report.Options.SampleType.Length != 0)
        {
            labels.Add("Type: " + report.Options.SampleType);
        }

        if (profile.TimeNanos != 0)
        {
            labels.Add("Time: " + GoTime.Format(profile.TimeNanos));
        }

        if (profile.DurationNanos != 0)
        {
            var duration = Units.Label(profile.DurationNanos, "nanoseconds");
            var (totalNanos, totalUnit) = Units.Scale(report.Total, report.Options.SampleUnit, "nanoseconds");
            var ratio = totalUnit == "ns" && totalNanos != 0
                ? "(" + Units.Percentage((long)totalNanos, profile.DurationNanos) + ")"
                : "";
            labels.Add($"Duration: {duration}, Total samples = {report.FormatValue(report.Total)} {ratio}");
        }

        return labels;
    }

    /// <summary>The header of a graph-based report; <paramref name="fullHeaders"/> always includes the profile labels.</summary>
    public static List<string> For(Report report, TrimmedGraph trimmed, bool fullHeaders)
    {
        var options = report.Options;
        var graph = trimmed.Graph;
        var labels = fullHeaders || !options.CompactLabels ? ProfileLabels(report) : [];
        var flatSum = graph.Nodes.Sum(n => n.FlatValue);
        if (options.ActiveFilters.Count > 0)
        {
            labels.Add("Active filters:");
            labels.AddRange(options.ActiveFilters.Select(f => "   " + (f.Length > 80 ? f[..80] + "…" : f)));
        }

        labels.Add(string.Create(CultureInfo.InvariantCulture,
            $"Showing nodes accounting for {report.FormatValue(flatSum)}, {Units.Percentage(flatSum, report.Total).Trim()} of {report.FormatValue(report.Total)} total"));
        if (report.Total != 0)
        {
            if (trimmed.DroppedNodes > 0)
            {
                labels.Add(Dropped(trimmed.DroppedNodes, "node", "cum", report.FormatValue(LongMath.Abs((long)(report.Total * options.NodeFraction)))));
            }

            if (trimmed.DroppedEdges > 0)
            {
                labels.Add(Dropped(trimmed.DroppedEdges, "edge", "freq", report.FormatValue(LongMath.Abs((long)(report.Total * options.EdgeFraction)))));
            }

            if (graph.Nodes.Count > 0 && graph.Nodes.Count < trimmed.OriginalCount)
            {
                labels.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Showing top {graph.Nodes.Count} nodes out of {trimmed.OriginalCount}"));
            }
        }

        if (fullHeaders)
        {
            labels.Add("\nSee https://git.io/JfYMW for how to read the graph");
        }

        return labels;
    }

    private static string Dropped(int count, string what, string measure, string limit) =>
        string.Create(CultureInfo.InvariantCulture, $"Dropped {count} {what}{(count > 1 ? "s" : "")} ({measure} <= {limit})");
}
