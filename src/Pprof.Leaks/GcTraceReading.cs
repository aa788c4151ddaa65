namespace Pprof.Leaks;

/// <summary>
/// What a Go program's gctrace says about its memory: the live heap after each collection judged as any key is,
/// its peak, the heap goal, and what the scavenger returned to the OS or kept.
/// </summary>
public sealed record GcTraceReading(GoGcTrace Trace, SeriesTrend LiveTrend, Verdict LiveVerdict)
{
    /// <summary>More points than this are thinned evenly before the fits, whose cost grows with the square.</summary>
    private const int MaxPoints = 1000;

    public GoCollection First => Trace.Collections[0];

    public GoCollection Last => Trace.Collections[^1];

    /// <summary>The collection that found the most live heap (the first of them).</summary>
    public GoCollection Peak => Trace.Collections.MaxBy(c => c.Live);

    public TimeSpan Span => TimeSpan.FromSeconds(Last.Seconds - First.Seconds);

    public GoScavenge? LastScavenge => Trace.Scavenges.Count == 0 ? null : Trace.Scavenges[^1];

    public static GcTraceReading Of(GoGcTrace trace, VerdictRules rules)
    {
        var step = Math.Max(1, (int)Math.Ceiling(trace.Collections.Count / (double)MaxPoints));
        var points = trace.Collections.Where((_, i) => i % step == 0 || i == trace.Collections.Count - 1).ToArray();
        double[] minutes = [.. points.Select(c => c.Seconds / 60)];
        double[] live = [.. points.Select(c => (double)c.Live)];
        var trend = SeriesTrend.Fit(minutes, live);
        // The live heap is the whole of what is judged: it is all of the last total and of the growth.
        var verdict = rules.Judge(live, trend, isCount: false, live[^1], live[^1] - live[0]);
        return new GcTraceReading(trace, trend, verdict);
    }
}
