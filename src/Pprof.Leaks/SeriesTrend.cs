namespace Pprof.Leaks;

/// <summary>The trend of one series: over all of it, and over its second half (which warm-up does not reach).</summary>
/// <param name="Slope">Theil–Sen slope, per unit of time.</param>
/// <param name="RSquared">How well the Theil–Sen line fits.</param>
/// <param name="TrendP">One-sided Mann–Kendall p-value of an increase.</param>
/// <param name="LateSlope">The Theil–Sen slope of the second half.</param>
/// <param name="LateTrendP">The Mann–Kendall p-value of the second half.</param>
/// <param name="Growth">The slope times the series' span: the growth the line fits.</param>
public sealed record SeriesTrend(double Slope, double RSquared, double TrendP, double LateSlope, double LateTrendP, double Growth)
{
    public static SeriesTrend Fit(ReadOnlySpan<double> times, ReadOnlySpan<double> values)
    {
        var slope = TrendStatistics.TheilSenSlope(times, values);
        var intercept = TrendStatistics.Intercept(times, values, slope);
        var late = values.Length / 2;
        return new SeriesTrend(
            slope,
            TrendStatistics.RSquared(times, values, slope, intercept),
            TrendStatistics.MannKendallIncreasingP(values),
            TrendStatistics.TheilSenSlope(times[late..], values[late..]),
            TrendStatistics.MannKendallIncreasingP(values[late..]),
            times.Length < 2 ? 0 : slope * (times[^1] - times[0]));
    }
}
