namespace Pprof.Leaks;

public sealed record LeakAnalysisOptions
{
    public LeakThresholds Thresholds { get; init; } = new();

    /// <summary>Take the profiles in the order given, one minute apart, rather than by their times.</summary>
    public bool ByOrder { get; init; }

    /// <summary>The most rows a table lists (FLAT keys, and others too small to matter, are never listed).</summary>
    public int MaxRows { get; init; } = 20;
}
