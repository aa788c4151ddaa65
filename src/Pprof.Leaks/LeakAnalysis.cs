using Pprof.Profiles;

namespace Pprof.Leaks;

/// <summary>
/// Fits every key of every grouping over the series and judges it; the same digests give the same report whatever
/// order they come in.
/// </summary>
public sealed class LeakAnalysis(LeakAnalysisOptions options)
{
    private readonly VerdictRules _rules = new(options.Thresholds);

    /// <param name="gcTrace">The Go program's gctrace lines, for the heap-versus-RSS findings.</param>
    public LeakReport Analyse(IReadOnlyList<ProfileDigest> digests, GoGcTrace? gcTrace = null)
    {
        if (digests.Count == 0 && gcTrace is null)
        {
            throw new LeakInputException("no profiles to analyse: give two or more profiles of one process, taken minutes apart");
        }

        var headers = new List<SeriesHeader>();
        var memory = new List<MemoryReading>();
        var tables = new List<(Grouping By, GroupTable Table)>();
        foreach (var shape in digests.Select(d => d.Shape).Distinct().Order())
        {
            var (ordered, minutes) = SeriesOrder.Arrange([.. digests.Where(d => d.Shape == shape)], options.ByOrder);
            var counts = shape == ProfileShape.Stacks;
            var totals = ordered.Select(d => (double)(counts ? d.Total.Count : d.Total.Bytes)).ToArray();
            headers.Add(Header(shape, ordered, minutes, counts, totals));
            memory.AddRange(ordered[0].Memory.Keys.Order(StringComparer.Ordinal)
                .Where(name => ordered.All(d => d.Memory.ContainsKey(name)))
                .Select(name => new MemoryReading(name, [.. ordered.Select(d => (double)d.Memory[name])])));
            foreach (var grouping in GroupingNames.All.Where(g => ordered.Any(d => d.Groupings.Contains(g))))
            {
                tables.Add((grouping, Table(grouping, ordered, minutes, counts, totals)));
            }
        }

        GroupTable[] groups = [.. tables.OrderBy(t => t.By).Select(t => t.Table)];
        var reading = gcTrace is null ? null : GcTraceReading.Of(gcTrace, _rules);
        var settings = Latest(digests.Where(d => d.GcSettings is not null))?.GcSettings;
        var duplicates = Latest(digests.Where(d => d.DuplicateStrings.Count > 0))?.DuplicateStrings ?? [];
        var findings = Inspections.Find(headers, groups, memory, options.Thresholds, reading, settings, duplicates);
        return new LeakReport(headers, groups, findings, memory) { GcTrace = reading, GcSettings = settings };
    }

    /// <summary>The last of these profiles in time; of profiles taken at the same time, the last by name.</summary>
    private static ProfileDigest? Latest(IEnumerable<ProfileDigest> digests) =>
        digests.OrderBy(d => d.TimeNanos).ThenBy(d => d.Source, StringComparer.Ordinal).LastOrDefault();

    private SeriesHeader Header(ProfileShape shape, ProfileDigest[] ordered, double[] minutes, bool counts, double[] totals)
    {
        var span = ordered.Length < 2 || options.ByOrder
            ? TimeSpan.Zero
            : TimeSpan.FromTicks((ordered[^1].TimeNanos - ordered[0].TimeNanos) / 100);
        var slope = TrendStatistics.TheilSenSlope(minutes, totals);
        return new SeriesHeader(shape, ordered.Length, span, options.ByOrder, counts, totals[0], totals[^1], slope, totals, minutes);
    }

    private GroupTable Table(Grouping grouping, ProfileDigest[] ordered, double[] minutes, bool counts, double[] totals)
    {
        var series = KeySeries(grouping, ordered, counts);
        var totalGrowth = totals[^1] - totals[0];
        var judged = series
            .Select(s =>
            {
                var trend = SeriesTrend.Fit(minutes, s.Values);
                return (s.Key, s.Values, Trend: trend, Verdict: _rules.Judge(s.Values, trend, counts, totals[^1], totalGrowth));
            })
            .Where(j => j.Verdict != Verdict.Flat && _rules.Matters(j.Values, j.Trend, totals[^1], totalGrowth))
            .OrderBy(j => j.Verdict).ThenByDescending(j => j.Trend.Slope).ThenBy(j => j.Key, StringComparer.Ordinal)
            .Take(options.MaxRows)
            .ToList();

        var rows = new List<KeyRow>(judged.Count);
        var profiles = new Lazy<(Profile First, Profile Last)?>(() =>
            ordered[0].Reopen is { } first && ordered[^1].Reopen is { } last ? (first(), last()) : null);
        foreach (var (key, values, trend, verdict) in judged)
        {
            var share = totals[^1] > 0 ? values[^1] / totals[^1] : 0;
            var objects = (ordered[0].Keys(grouping).GetValueOrDefault(key).Count, ordered[^1].Keys(grouping).GetValueOrDefault(key).Count);
            var row = new KeyRow(rows.Count + 1, verdict, NameOf(key, grouping, ordered), key, trend, share, values, null, objects);
            rows.Add(verdict == Verdict.Leak ? Accumulated(row, grouping, ordered, totals[^1] - totals[0], profiles) : row);
        }

        return new GroupTable(grouping, counts, rows, series.Count);
    }

    /// <summary>Every key's values in time order, 0 where a profile lacks it; keys in ordinal order.</summary>
    private static List<(string Key, double[] Values)> KeySeries(Grouping grouping, ProfileDigest[] ordered, bool counts)
    {
        var series = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            foreach (var (key, measure) in ordered[i].Keys(grouping))
            {
                if (!series.TryGetValue(key, out var values))
                {
                    series[key] = values = new double[ordered.Length];
                }

                values[i] = counts ? measure.Count : measure.Bytes;
            }
        }

        return [.. series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value))];
    }

    /// <summary>The name the latest profile that has the key gives it.</summary>
    private static string NameOf(string key, Grouping grouping, ProfileDigest[] ordered)
    {
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            if (ordered[i].Names.TryGetValue(key, out var name))
            {
                return name;
            }
        }

        return grouping == Grouping.Path ? RetentionPathName.NameOfKey(key) : key;
    }

    /// <summary>The row with where its growth accumulates.</summary>
    private KeyRow Accumulated(KeyRow row, Grouping grouping, ProfileDigest[] ordered, double totalGrowth, Lazy<(Profile First, Profile Last)?> profiles)
    {
        switch (grouping)
        {
            case Grouping.Stack:
                return row with { Accumulation = CallAccumulation.Stack(row.Key, row.Name, row.Values[^1] - row.Values[0], totalGrowth) };
            case Grouping.Site when profiles.Value is { } pair:
                var origins = SiteOrigins.Of(pair.Last, row.Key);
                var (line, callers) = CallAccumulation.Site(row.Key, SiteOrigins.Of(pair.First, row.Key), origins, totalGrowth, options.Thresholds.AccumulationShare);
                return row with { Accumulation = line, Callers = callers, DoublingBlocks = origins.DoublingLadder() };
            case Grouping.Path or Grouping.Type:
                return row with { Accumulation = Accumulate(grouping, row.Key, ordered, totalGrowth) };
            default:
                return row;
        }
    }

    private string? Accumulate(Grouping grouping, string key, ProfileDigest[] ordered, double totalGrowth)
    {
        if (grouping is not (Grouping.Path or Grouping.Type) || ordered[0].Shape != ProfileShape.HeapSnapshot)
        {
            return null;
        }

        var first = ordered[0].Keys(Grouping.Path);
        var last = ordered[^1].Keys(Grouping.Path);
        var root = key.Split(RetentionPathName.KeySeparator)[0];
        var paths = last.Keys.Where(path => grouping == Grouping.Path
                ? path.StartsWith(root + RetentionPathName.KeySeparator, StringComparison.Ordinal) || path == root
                : LeafType(path) == key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return Accumulation.Describe(
            paths,
            path => last[path].Bytes - first.GetValueOrDefault(path).Bytes,
            path => last.GetValueOrDefault(path).Count,
            totalGrowth,
            options.Thresholds.AccumulationShare);
    }

    private static string LeafType(string path)
    {
        var separator = path.LastIndexOf(RetentionPathName.KeySeparator);
        var leaf = separator < 0 ? path : path[(separator + 1)..];
        return leaf.EndsWith(" ×", StringComparison.Ordinal) ? leaf[..^2] : leaf;
    }
}
