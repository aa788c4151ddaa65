using System.Globalization;
using System.Runtime.InteropServices;
using Pprof.Measurement;
using Pprof.Profiles;

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

    /// <summary>Below this many samples a second thread costs more than it saves.</summary>
    private const int ParallelSamples = 50_000;

    /// <summary>Label keys in order, each with its values, largest first.</summary>
    public static IReadOnlyList<TagSummary> Summarize(Report report)
    {
        var options = report.Options;
        var samples = report.Profile.Samples;
        // The samples in parts side by side, each summed on its own: sums add up alike in any order.
        var parts = samples.Count >= ParallelSamples ? Environment.ProcessorCount : 1;
        var sums = new LabelSums[parts];
        Parallel.For(0, parts, part =>
        {
            sums[part] = new LabelSums();
            var cursor = samples.GetCursor(part, parts);
            sums[part].Add(ref cursor, options.SampleIndex);
        });

        var (byKey, numbersByKey) = (sums[0].ByKey, sums[0].NumbersByKey);
        for (var part = 1; part < parts; part++)
        {
            Add(byKey, sums[part].ByKey);
            Add(numbersByKey, sums[part].NumbersByKey);
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
                return new TagSummary(key.Key, total, Scaled(total, options), [.. shares]) { IsNumeric = numbersByKey.ContainsKey(key.Key) };
            }),
        ];
    }

    private static void Add<TValue>(Dictionary<string, Dictionary<TValue, long>> into, Dictionary<string, Dictionary<TValue, long>> from)
        where TValue : notnull
    {
        foreach (var (key, values) in from)
        {
            var sums = Values(into, key);
            foreach (var (value, sum) in values)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sums, value, out _) += sum;
            }
        }
    }

    private static Dictionary<TValue, long> Values<TValue>(Dictionary<string, Dictionary<TValue, long>> byKey, string key)
        where TValue : notnull =>
        CollectionsMarshal.GetValueRefOrAddDefault(byKey, key, out _) ??= [];

    /// <summary>The value of one part of the samples by label key and value: text values, and numbers put in words after the pass.</summary>
    private sealed class LabelSums
    {
        // Numeric values are put in words once each, after the pass: a million samples carry few distinct numbers.
        public Dictionary<string, Dictionary<string, long>> ByKey { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<long, long>> NumbersByKey { get; } = new(StringComparer.Ordinal);

        public void Add(ref SampleCursor cursor, int sampleIndex)
        {
            while (cursor.MoveNext())
            {
                var value = cursor.Values[sampleIndex];
                foreach (var label in cursor.Labels)
                {
                    if (label.IsNumeric)
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(Values(NumbersByKey, label.Key), label.Num, out _) += value;
                    }
                    else
                    {
                        CollectionsMarshal.GetValueRefOrAddDefault(Values(ByKey, label.Key), label.Str!, out _) += value;
                    }
                }
            }
        }
    }

    private static string Scaled(long value, ReportSettings options)
    {
        var (scaled, unit) = Units.Scale(value, options.SampleUnit, options.OutputUnit);
        return scaled.ToString("F1", CultureInfo.InvariantCulture) + unit;
    }
}
