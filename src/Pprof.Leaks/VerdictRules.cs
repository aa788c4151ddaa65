namespace Pprof.Leaks;

/// <summary>
/// Tells a leak from what only looks like one. A LEAK grows significantly over the whole series and over its
/// second half, at least half as fast late as overall, by enough to matter; a cache that fills and then stays
/// flat fails the second half, a one-time load is a STEP, and a short series can only be GROWING.
/// </summary>
public sealed class VerdictRules(LeakThresholds thresholds)
{
    public LeakThresholds Thresholds => thresholds;

    /// <param name="values">The key's values in time order.</param>
    /// <param name="isCount">Threads or goroutines rather than bytes.</param>
    /// <param name="totalLast">The grouping's total at the last sample.</param>
    /// <param name="totalGrowth">The grouping's total growth (last − first).</param>
    public Verdict Judge(ReadOnlySpan<double> values, SeriesTrend trend, bool isCount, double totalLast, double totalGrowth)
    {
        if (IsStep(values))
        {
            return Verdict.Step;
        }

        var significant = trend.Slope > 0 && trend.TrendP < thresholds.Alpha;
        if (!significant)
        {
            return Verdict.Flat;
        }

        var growsLate = trend.LateTrendP < thresholds.Alpha && trend.LateSlope >= thresholds.LateSlopeRatio * trend.Slope;
        if (growsLate && GrowsEnough(values, trend, isCount) && Matters(values, trend, totalLast, totalGrowth))
        {
            return values.Length >= thresholds.MinSamples ? Verdict.Leak : Verdict.Growing;
        }

        return trend.LateSlope < thresholds.LateSlopeRatio * trend.Slope ? Verdict.Plateau : Verdict.Growing;
    }

    private bool GrowsEnough(ReadOnlySpan<double> values, SeriesTrend trend, bool isCount)
    {
        var floor = isCount ? thresholds.MinGrowthCount : thresholds.MinGrowthBytes;
        return trend.Growth >= Math.Max(floor, thresholds.MinGrowthOfFirst * values[0]);
    }

    /// <summary>The key is a noticeable part of the last total or of the total's growth.</summary>
    public bool Matters(ReadOnlySpan<double> values, SeriesTrend trend, double totalLast, double totalGrowth) =>
        (totalLast > 0 && values[^1] >= thresholds.MinShareOfTotal * totalLast)
        || (totalGrowth > 0 && trend.Growth >= thresholds.MinShareOfGrowth * totalGrowth);

    /// <summary>
    /// One jump up between consecutive samples that makes most of the series' range, with at least two samples and
    /// no more than a small drift on each side of it.
    /// </summary>
    public bool IsStep(ReadOnlySpan<double> values)
    {
        if (values.Length < 3)
        {
            return false;
        }

        var jumpAt = 0;
        for (var i = 1; i < values.Length - 1; i++)
        {
            if (values[i + 1] - values[i] > values[jumpAt + 1] - values[jumpAt])
            {
                jumpAt = i;
            }
        }

        // A jump with one sample on a side could as well be the start or the end of a trend.
        var before = values[..(jumpAt + 1)];
        var after = values[(jumpAt + 1)..];
        if (before.Length < 2 || after.Length < 2)
        {
            return false;
        }

        var jump = MedianOf(after) - MedianOf(before);
        var range = Max(values) - Min(values);
        if (jump <= 0 || jump < thresholds.StepShare * range)
        {
            return false;
        }

        var drift = (1 - thresholds.StepShare) * jump;
        return Max(before) - Min(before) <= drift && Max(after) - Min(after) <= drift;
    }

    private static double MedianOf(ReadOnlySpan<double> values) => TrendStatistics.Median(values.ToArray());

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.MinValue;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = double.MaxValue;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
        }

        return min;
    }
}
