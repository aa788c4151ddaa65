namespace Pprof.Leaks;

/// <summary>What <c>dotnet-pprof leaks</c> found in a series: the report's content, whatever its layout.</summary>
public sealed record LeakReport(
    IReadOnlyList<SeriesHeader> Series,
    IReadOnlyList<GroupTable> Groups,
    IReadOnlyList<Inspection> Inspections,
    IReadOnlyList<MemoryReading> Memory)
{
    /// <summary>The number of samples of the longest series.</summary>
    public int Samples => Series.Count == 0 ? 0 : Series.Max(s => s.Samples);

    public bool HasLeak => Has(Verdict.Leak);

    /// <summary>A row, or the gctrace's live heap, has one of these verdicts.</summary>
    public bool Has(params Verdict[] verdicts) =>
        Groups.Any(g => g.Rows.Any(r => verdicts.Contains(r.Verdict))) || (GcTrace is { } gc && verdicts.Contains(gc.LiveVerdict));

    /// <summary>What a Go program's gctrace lines (<c>-gctrace FILE</c>) say about its memory, when given.</summary>
    public GcTraceReading? GcTrace { get; init; }

    /// <summary>The GC's settings in the series' last profile that says them; null when none does.</summary>
    public GcSettingsReading? GcSettings { get; init; }
}

/// <summary>One shape's series as a whole: how many samples, over how long, and its total first and last.</summary>
/// <param name="ByOrder">Taken in the order given, one minute apart, rather than by the profiles' times.</param>
public sealed record SeriesHeader(
    ProfileShape Shape, int Samples, TimeSpan Span, bool ByOrder, bool Counts, double First, double Last, double SlopePerMinute,
    IReadOnlyList<double> Totals, IReadOnlyList<double> Minutes);

/// <summary>One grouping's table, its rows ranked.</summary>
public sealed record GroupTable(Grouping By, bool Counts, IReadOnlyList<KeyRow> Rows, int Keys);

/// <summary>One key's series and what it does.</summary>
/// <param name="Share">Its last value's share of the grouping's last total.</param>
/// <param name="Accumulation">For a LEAK, where the memory accumulates (Eclipse MAT's leak suspects' walk).</param>
/// <param name="Objects">The key's objects (or threads) in the first and the last sample.</param>
public sealed record KeyRow(
    int Rank, Verdict Verdict, string Name, string Key, SeriesTrend Trend, double Share, IReadOnlyList<double> Values,
    string? Accumulation, (long First, long Last) Objects)
{
    public double Last => Values[^1];

    /// <summary>For a LEAK site: the callers the accumulation walk went through, innermost first.</summary>
    public IReadOnlyList<string> Callers { get; init; } = [];

    /// <summary>For a LEAK site: block sizes it allocated, each twice the one before (a growing map or slice).</summary>
    public IReadOnlyList<long> DoublingBlocks { get; init; } = [];
}

/// <summary>A finding of one of the classic leaks' inspections, with its evidence.</summary>
public sealed record Inspection(string Id, string Message);

/// <summary>A memory figure over the series (GC committed, RSS), where the inputs say it.</summary>
public sealed record MemoryReading(string Name, IReadOnlyList<double> Values);
