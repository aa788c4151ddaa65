namespace Pprof.Leaks;

/// <summary>The report as text: a header about the whole series, then a table per grouping, LEAK rows first.</summary>
public static class TextReportWriter
{
    private const string Indent = "      ";

    public static void Write(LeakReport report, LeakThresholds thresholds, TextWriter output)
    {
        foreach (var series in report.Series)
        {
            output.WriteLine(HeaderLine(series));
        }

        foreach (var reading in report.Memory)
        {
            output.WriteLine($"{reading.Name} {Quantities.Format(reading.Values[0], false)} -> {Quantities.Format(reading.Values[^1], false)}");
        }

        if (report.GcTrace is { } gcTrace)
        {
            output.WriteLine(GcTraceLine(gcTrace));
        }

        if (report.GcSettings is { } settings)
        {
            output.WriteLine($"gc settings {settings.Describe()}");
        }

        if (report.Series.Count > 0 && report.Samples < thresholds.MinSamples)
        {
            output.WriteLine($"n < {thresholds.MinSamples}: warm-up cannot be ruled out");
        }

        foreach (var table in report.Groups)
        {
            output.WriteLine();
            WriteTable(table, output);
        }

        if (report.Inspections.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("inspections");
            foreach (var inspection in report.Inspections)
            {
                output.WriteLine($"  {inspection.Id}: {inspection.Message}");
            }
        }
    }

    private static string HeaderLine(SeriesHeader series)
    {
        var what = series.Shape switch
        {
            ProfileShape.HeapSnapshot => "heap snapshot",
            ProfileShape.HeapSites => "heap profile",
            _ => "thread or goroutine profile",
        };
        var over = series.ByOrder ? "in the order given (slopes per sample)" : $"over {Quantities.Span(series.Span)}";
        var unit = series.ByOrder ? "sample" : "min";
        var total = series.Counts ? "threads or goroutines" : "heap";
        return $"{Quantities.Count(series.Samples, what)} {over}: {total} {Quantities.Format(series.First, series.Counts)} -> "
            + $"{Quantities.Format(series.Last, series.Counts)} ({Quantities.Format(series.SlopePerMinute, series.Counts, signed: true)}/{unit})";
    }

    private static string GcTraceLine(GcTraceReading gc)
    {
        var (first, last, peak) = (gc.First, gc.Last, gc.Peak);
        var scavenger = gc.LastScavenge switch
        {
            { UtilPercent: { } util } s => $"; returned to the OS {Bytes(s.Released)}, {util:0} % of the heap memory kept in use",
            { IdleUnreleased: { } idle } => $"; idle, not returned to the OS {Bytes(idle)}",
            _ => "",
        };
        return $"gctrace: {Quantities.Count(gc.Trace.Collections.Count, "collection")} over {Quantities.Span(gc.Span)}: live heap {Bytes(first.Live)} -> {Bytes(last.Live)} "
            + $"({gc.LiveVerdict.ToString().ToUpperInvariant()}; peak {Bytes(peak.Live)} at gc {peak.Number}), goal {Bytes(first.Goal)} -> {Bytes(last.Goal)}{scavenger}";
    }

    private static string Bytes(double value) => Quantities.Format(value, false);

    private static void WriteTable(GroupTable table, TextWriter output)
    {
        output.WriteLine($"{table.By.Title()}: {table.Rows.Count} of {Quantities.Count(table.Keys, "key")} {(table.Rows.Count == 1 ? "grows" : "grow")}");
        if (table.Rows.Count == 0)
        {
            return;
        }

        output.WriteLine("rank verdict  slope/min     R²  trend p     growth  share       last  trend         name");
        foreach (var row in table.Rows)
        {
            var line = string.Join(' ',
                row.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4),
                row.Verdict.ToString().ToUpperInvariant().PadRight(7),
                Quantities.Format(row.Trend.Slope, table.Counts, signed: true).PadLeft(10),
                Quantities.Fixed(row.Trend.RSquared, 2).PadLeft(6),
                Quantities.PValue(row.Trend.TrendP).PadLeft(8),
                Quantities.Format(row.Trend.Growth, table.Counts, signed: true).PadLeft(10),
                Quantities.Percent(row.Share).PadLeft(6),
                Quantities.Format(row.Last, table.Counts).PadLeft(10),
                " " + Sparkline.Of(row.Values).PadRight(12),
                row.Name);
            output.WriteLine(line);
            if (row.Accumulation is { } accumulation)
            {
                output.WriteLine(Indent + accumulation);
            }
        }
    }
}
