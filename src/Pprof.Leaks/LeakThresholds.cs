namespace Pprof.Leaks;

/// <summary>The thresholds of the verdicts; each is a flag of <c>dotnet-pprof leaks</c>, with these defaults.</summary>
public sealed record LeakThresholds
{
    public const long MiB = 1 << 20;

    /// <summary>No key is a LEAK in a shorter series: warm-up cannot be ruled out.</summary>
    public int MinSamples { get; init; } = 8;

    /// <summary>The significance level of the Mann–Kendall tests (one-sided, increasing).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The second half's slope must be at least this share of the whole series' slope.</summary>
    public double LateSlopeRatio { get; init; } = 0.5;

    /// <summary>A leak of bytes grows by at least this much over the series...</summary>
    public long MinGrowthBytes { get; init; } = MiB;

    /// <summary>... a leak of threads or goroutines by at least this many...</summary>
    public long MinGrowthCount { get; init; } = 10;

    /// <summary>... and either by at least this share of its first value.</summary>
    public double MinGrowthOfFirst { get; init; } = 0.05;

    /// <summary>A leak is at least this share of the final total...</summary>
    public double MinShareOfTotal { get; init; } = 0.005;

    /// <summary>... or at least this share of the total's growth.</summary>
    public double MinShareOfGrowth { get; init; } = 0.02;

    /// <summary>A STEP's one jump is at least this share of the series' range.</summary>
    public double StepShare { get; init; } = 0.7;

    /// <summary>The "accumulated in" walk goes down while one child holds at least this share.</summary>
    public double AccumulationShare { get; init; } = 0.7;
}
