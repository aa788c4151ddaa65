using System.Globalization;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The <c>-tags</c> report: for each label key, how the selected value splits over its values.</summary>
internal static class TagsReport
{
    public static void Write(TextWriter output, Report report)
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

        var table = new TabWriter(output);
        foreach (var key in byKey.Keys.Order(StringComparer.Ordinal))
        {
            var values = byKey[key];
            var total = values.Values.Sum();
            table.WriteLine($"{key}:\t Total {Scaled(total, options)}");
            foreach (var (name, value) in values.OrderByDescending(v => LongMath.Abs(v.Value)).ThenBy(v => v.Key, StringComparer.Ordinal))
            {
                table.WriteLine(total > 0
                    ? $" \t{Scaled(value, options)} ({Units.Percentage(value, total)}):\t {name}"
                    : $" \t{Scaled(value, options)}:\t {name}");
            }

            table.WriteLine("");
        }

        table.Flush();
    }

    private static string Scaled(long value, ReportSettings options)
    {
        var (scaled, unit) = Units.Scale(value, options.SampleUnit, options.OutputUnit);
        return scaled.ToString("F1", CultureInfo.InvariantCulture) + unit;
    }
}
