namespace ServiceLoad;

/// <summary>
/// How a percentile of one mode compares with the baseline's, with the uncertainty that the rounds' spread leaves:
/// the ratio of the percentiles of all rounds pooled, and a 95% interval from a paired bootstrap that draws whole
/// rounds (each round's two runs together, so that what a round shares, such as the machine's load then, stays
/// paired); beside it the median of the rounds' own ratios, with its distribution-free 95% interval.
/// </summary>
internal sealed record RatioEstimate(double Pooled, double Low, double High, double RoundMedian, double RoundLow, double RoundHigh)
{
    private const int Resamples = 2_000;

    /// <summary>The question a benchmark of a change's cost asks: is the change within <paramref name="bar"/> (0.05 for 5%)?</summary>
    public string Verdict(double bar) =>
        Low > 1 - bar && High < 1 + bar ? "shown"
        : Low >= 1 + bar ? $"fails (more than {bar:0%} slower)"
        : High <= 1 - bar ? $"fails (more than {bar:0%} faster)"
        : "not shown";

    /// <param name="baseline">Per round, the baseline's latencies.</param>
    /// <param name="other">Per round (the same rounds), the other mode's.</param>
    public static RatioEstimate Of(IReadOnlyList<LatencyHistogram> baseline, IReadOnlyList<LatencyHistogram> other, double quantile)
    {
        var rounds = baseline.Count;
        var pooled = Ratio(Enumerable.Range(0, rounds));
        var random = new Random(1);
        var ratios = new double[Resamples];
        for (var i = 0; i < ratios.Length; i++)
        {
            ratios[i] = Ratio([.. Enumerable.Range(0, rounds).Select(_ => random.Next(rounds))]);
        }

        Array.Sort(ratios);
        double[] perRound = [.. Enumerable.Range(0, rounds).Select(r => Ratio([r])).Order()];
        var (low, high) = MedianInterval(rounds);
        return new RatioEstimate(
            pooled, ratios[(int)(Resamples * 0.025)], ratios[(int)(Resamples * 0.975) - 1],
            rounds % 2 == 1 ? perRound[rounds / 2] : (perRound[(rounds / 2) - 1] + perRound[rounds / 2]) / 2,
            perRound[low], perRound[high]);

        double Ratio(IEnumerable<int> chosen) =>
            LatencyHistogram.Quantile(chosen.Select(r => other[r]), quantile).Ticks
            / (double)LatencyHistogram.Quantile(chosen.Select(r => baseline[r]), quantile).Ticks;
    }

    /// <summary>
    /// The order statistics (0-based) around the median of <paramref name="n"/> values that cover it with at least 95%
    /// confidence, from the binomial distribution; the whole range when there are too few values for that.
    /// </summary>
    private static (int Low, int High) MedianInterval(int n)
    {
        // P(at most k of n values below the median) for a fair coin.
        var below = 0.0;
        var k = 0;
        for (var j = 0; j <= n; j++)
        {
            below += Choose(n, j) / Math.Pow(2, n);
            if (below > 0.025)
            {
                break;
            }

            k = j + 1;
        }

        return k == 0 ? (0, n - 1) : (k - 1, n - k);
    }

    private static double Choose(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
