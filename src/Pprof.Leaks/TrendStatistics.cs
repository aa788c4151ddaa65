namespace Pprof.Leaks;

/// <summary>
/// Robust trend statistics of a series of values over time: the Theil–Sen slope (the median of the slopes between
/// every pair of points, which a few outliers cannot move) and the Mann–Kendall test of a monotonic increase.
/// </summary>
public static class TrendStatistics
{
    /// <summary>The Theil–Sen slope: the median of (y[j] − y[i]) / (t[j] − t[i]) over all pairs i &lt; j.</summary>
    public static double TheilSenSlope(ReadOnlySpan<double> times, ReadOnlySpan<double> values)
    {
        var n = times.Length;
        if (n < 2)
        {
            return 0;
        }

        var slopes = new double[n * (n - 1) / 2];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                slopes[k++] = (values[j] - values[i]) / (times[j] - times[i]);
            }
        }

        return Median(slopes);
    }

    /// <summary>The line's value at time 0: the median of y − slope·t.</summary>
    public static double Intercept(ReadOnlySpan<double> times, ReadOnlySpan<double> values, double slope)
    {
        var residuals = new double[times.Length];
        for (var i = 0; i < residuals.Length; i++)
        {
            residuals[i] = values[i] - (slope * times[i]);
        }

        return Median(residuals);
    }

    /// <summary>How much of the variance the line explains, 1 − SSres/SStot, clamped to [0, 1]; 0 for a constant series.</summary>
    public static double RSquared(ReadOnlySpan<double> times, ReadOnlySpan<double> values, double slope, double intercept)
    {
        double mean = 0;
        foreach (var value in values)
        {
            mean += value;
        }

        mean /= values.Length;
        double residual = 0, total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var fitted = intercept + (slope * times[i]);
            residual += (values[i] - fitted) * (values[i] - fitted);
            total += (values[i] - mean) * (values[i] - mean);
        }

        return total == 0 ? 0 : Math.Clamp(1 - (residual / total), 0, 1);
    }

    /// <summary>
    /// The one-sided p-value of the Mann–Kendall test against "no trend", for the alternative "increasing": the
    /// normal approximation of S = Σ sign(y[j] − y[i]) with the variance corrected for ties and a continuity
    /// correction. Values must be in time order. 1 when the series is constant.
    /// </summary>
    public static double MannKendallIncreasingP(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 3)
        {
            return 1;
        }

        long s = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                s += Math.Sign(values[j] - values[i]);
            }
        }

        var variance = (n * (n - 1.0) * ((2.0 * n) + 5)) - TieCorrection(values);
        variance /= 18;
        if (variance <= 0)
        {
            return 1;
        }

        var z = s == 0 ? 0 : (s - Math.Sign(s)) / Math.Sqrt(variance);
        return NormalUpperTail(z);
    }

    /// <summary>Σ t(t−1)(2t+5) over the groups of t equal values.</summary>
    private static double TieCorrection(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double correction = 0;
        var run = 1;
        for (var i = 1; i <= sorted.Length; i++)
        {
            if (i < sorted.Length && sorted[i] == sorted[i - 1])
            {
                run++;
                continue;
            }

            correction += run * (run - 1.0) * ((2.0 * run) + 5);
            run = 1;
        }

        return correction;
    }

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>The complementary error function, to about 1.2e-7 relative (Chebyshev fit, Numerical Recipes' erfcc).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = -z * z - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var result = t * Math.Exp(poly);
        return x >= 0 ? result : 2 - result;
    }

    public static double Median(Span<double> values)
    {
        values.Sort();
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
