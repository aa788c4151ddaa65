using System.Globalization;
using System.Runtime.InteropServices;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The <c>-tags</c> report: for each label key, how the selected value splits over its values.</summary>
internal static class TagsReport
{
    public static void Write(TextWriter output, Report report) => Write(output, Summarize(report));

    public static void Write(TextWriter output, IReadOnlyList<TagSummary> tags)
    {
        var table = new TabWriter(output);
        foreach (var key in tags)
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
        // Numeric values are put in words once each, after the pass: a million samples carry few distinct numbers.
        var byKey = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var numbersByKey = new Dictionary<string, Dictionary<long, long>>(StringComparer.Ordinal);
        var cursor = report.Profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var value = cursor.Values[options.SampleIndex];
            foreach (var label in cursor.Labels)
            {
                if (label.IsNumeric)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(Values(numbersByKey, label.Key), label.Num, out _) += value;
                }
                else
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(Values(byKey, label.Key), label.Str!, out _) += value;
                }
            }
        }

        foreach (var (key, numbers) in numbersByKey)
        {
            var unit = options.NumLabelUnits.TryGetValue(key, out var given) ? given : key;
            var values = Values(byKey, key);
            foreach (var (number, sum) in numbers)
            {
                // Numbers can round to one text (1.43MB), and a key can carry text in some samples: they add up.
                CollectionsMarshal.GetValueRefOrAddDefault(values, Units.ScaledLabel(number, unit, options.OutputUnit), out _) += sum;
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

    private static Dictionary<TValue, long> Values<TValue>(Dictionary<string, Dictionary<TValue, long>> byKey, string key)
        where TValue : notnull =>
        CollectionsMarshal.GetValueRefOrAddDefault(byKey, key, out _) ??= [];

    private static string Scaled(long value, ReportSettings options)
    {
        var (scaled, unit) = Units.Scale(value, options.SampleUnit, options.OutputUnit);
        return scaled.ToString("F1", CultureInfo.InvariantCulture) + unit;
    }
}
