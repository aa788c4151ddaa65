using System.Globalization;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The <c>-tags</c> report: for each label key, how the selected value splits over its values.</summary>
internal static class TagsReport
{
    public static void Write(TextWriter output, Report report)
    {
        var table = new TabWriter(output);
        foreach (var key in Summarize(report))
        {
            table.WriteLine($"{key.Key}:\t Total {key.TotalText}");
            foreach (var share in key.Values)
            {
                table.WriteLine(key.Total > 0
                    ? $" \t{share.AmountText} ({Units.Percentage(share.Amount, key.Total)}):\t {share.Value}"
                    : $" \t{share.AmountText}:\t {share.Value}");
            }

            table.WriteLine("");
        }

        table.Flush();
    }

    /// <summary>Label keys in order, each with its values, largest first.</summary>
    public static IReadOnlyList<TagSummary> Summarize(Report report)
    {
        var options = report.Options;
        var byKey = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var cursor = report.Profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var value = cursor.Values[options.SampleIndex];
            foreach (var label in cursor.Labels)
            {
                var text = label.IsNumeric
                    ? Units.ScaledLabel(label.Num, options.NumLabelUnits.TryGetValue(label.Key, out var unit) ? unit : label.Key, options.OutputUnit)
                    : label.Str!;
                if (!byKey.TryGetValue(label.Key, out var values))
                {
                    byKey[label.Key] = values = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                values[text] = values.GetValueOrDefault(text) + value;
            }
        }

        return
        [
            .. byKey.OrderBy(k => k.Key, StringComparer.Ordinal).Select(key =>
            {
                var total = key.Value.Values.Sum();
                var shares = key.Value
                    .OrderByDescending(v => LongMath.Abs(v.Value)).ThenBy(v => v.Key, StringComparer.Ordinal)
                    .Select(v => new TagShare(v.Key, v.Value, Scaled(v.Value, options), total > 0 ? Units.Percent(v.Value, total) : 0));
                return new TagSummary(key.Key, total, Scaled(total, options), [.. shares]);
            }),
        ];
    }

    private static string Scaled(long value, ReportSettings options)
    {
        var (scaled, unit) = Units.Scale(value, options.SampleUnit, options.OutputUnit);
        return scaled.ToString("F1", CultureInfo.InvariantCulture) + unit;
    }
}
