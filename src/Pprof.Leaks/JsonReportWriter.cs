using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pprof.Leaks;

/// <summary>
/// The report as one JSON object: <c>{"samples", "groups": [{"by", "rows": [{"rank", "verdict", "name",
/// "slope_per_min", "r2", "trend_p", "growth", "last", ...}]}], "inspections": [{"id", "message"}], "memory"}</c>.
/// </summary>
public static class JsonReportWriter
{
    public static void Write(LeakReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("samples", report.Samples);
        json.WriteStartArray("series");
        foreach (var series in report.Series)
        {
            json.WriteStartObject();
            json.WriteString("profiles", series.Shape switch
            {
                ProfileShape.HeapSnapshot => "heap_snapshot",
                ProfileShape.HeapSites => "heap",
                _ => "stacks",
            });
            json.WriteNumber("samples", series.Samples);
            json.WriteNumber("span_seconds", Math.Round(series.Span.TotalSeconds, 3));
            json.WriteBoolean("by_order", series.ByOrder);
            json.WriteString("unit", series.Counts ? "count" : "bytes");
            json.WriteNumber("first", series.First);
            json.WriteNumber("last", series.Last);
            json.WriteNumber("slope_per_min", Math.Round(series.SlopePerMinute, 3));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("groups");
        foreach (var table in report.Groups)
        {
            WriteTable(json, table);
        }

        json.WriteEndArray();
        json.WriteStartArray("inspections");
        foreach (var inspection in report.Inspections)
        {
            json.WriteStartObject();
            json.WriteString("id", inspection.Id);
            json.WriteString("message", inspection.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("memory");
        foreach (var reading in report.Memory)
        {
            json.WriteStartArray(reading.Name);
            foreach (var value in reading.Values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        if (report.GcSettings is { } settings)
        {
            json.WriteStartObject("gc_settings");
            foreach (var setting in settings.Values)
            {
                json.WriteNumber(setting.Name, setting.Value);
            }

            json.WriteString("from", string.Join(", ", settings.From));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (report.GcTrace is { } gcTrace)
        {
            WriteGcTrace(json, gcTrace);
        }

        json.WriteEndObject();
    }

    private static void WriteGcTrace(Utf8JsonWriter json, GcTraceReading gc)
    {
        json.WriteStartObject("gctrace");
        json.WriteString("source", gc.Trace.Source);
        json.WriteNumber("collections", gc.Trace.Collections.Count);
        json.WriteNumber("span_seconds", Math.Round(gc.Span.TotalSeconds, 3));
        json.WriteString("live_verdict", gc.LiveVerdict.ToString().ToUpperInvariant());
        json.WriteNumber("live_slope_per_min", Math.Round(gc.LiveTrend.Slope, 3));
        json.WriteNumber("peak_live", gc.Peak.Live);
        json.WriteNumber("peak_gc", gc.Peak.Number);
        if (gc.LastScavenge is { } scavenge)
        {
            json.WriteNumber("released", scavenge.Released);
            if (scavenge.UtilPercent is { } util)
            {
                json.WriteNumber("util_percent", util);
            }

            if (scavenge.IdleUnreleased is { } idle)
            {
                json.WriteNumber("idle_unreleased", idle);
            }
        }

        Numbers("live", gc.Trace.Collections.Select(c => c.Live));
        Numbers("goal", gc.Trace.Collections.Select(c => c.Goal));
        json.WriteEndObject();

        void Numbers(string name, IEnumerable<long> values)
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }
    }

    private static void WriteTable(Utf8JsonWriter json, GroupTable table)
    {
        json.WriteStartObject();
        json.WriteString("by", table.By.Id());
        json.WriteString("unit", table.Counts ? "count" : "bytes");
        json.WriteNumber("keys", table.Keys);
        json.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            json.WriteStartObject();
            json.WriteNumber("rank", row.Rank);
            json.WriteString("verdict", row.Verdict.ToString().ToUpperInvariant());
            json.WriteString("name", row.Name);
            json.WriteNumber("slope_per_min", Math.Round(row.Trend.Slope, 3));
            json.WriteNumber("r2", Math.Round(row.Trend.RSquared, 4));
            json.WriteNumber("trend_p", Math.Round(row.Trend.TrendP, 6));
            json.WriteNumber("growth", Math.Round(row.Trend.Growth));
            json.WriteNumber("last", row.Last);
            json.WriteNumber("share", Math.Round(row.Share, 4));
            if (row.Accumulation is { } accumulation)
            {
                json.WriteString("accumulated", accumulation);
            }

            json.WriteStartArray("values");
            foreach (var value in row.Values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
