using CsCheck;
using Pprof.Leaks;

namespace Pprof.Tests.Leaks;

/// <summary>Properties of the trend statistics and the verdicts, on generated series.</summary>
public sealed class LeakStatisticsProperties
{
    private const double MB = 1 << 20;
    private static readonly VerdictRules Rules = new(new LeakThresholds());
    private static readonly double[] TwelveMinutes = [.. Enumerable.Range(0, 12).Select(i => (double)i)];

    [Fact]
    public void ConstantSeriesIsNeverALeak() =>
        Gen.Select(Gen.Int[3, 40], Gen.Double[0, 1e12]).Sample((n, value) =>
        {
            var values = Enumerable.Repeat(value, n).ToArray();
            return Judge(values) == Verdict.Flat;
        });

    [Fact]
    public void TheilSenSlopeOfALineIsItsSlope() =>
        Gen.Select(Gen.Int[2, 30], Gen.Double[-1e6, 1e6], Gen.Double[-1e9, 1e9]).Sample((n, slope, intercept) =>
        {
            var times = Enumerable.Range(0, n).Select(i => i * 1.5).ToArray();
            var values = times.Select(t => intercept + (slope * t)).ToArray();
            return Math.Abs(TrendStatistics.TheilSenSlope(times, values) - slope) <= 1e-6 * Math.Max(1, Math.Abs(slope) + Math.Abs(intercept));
        });

    [Fact]
    public void MannKendallPIsAProbabilityAndSmallerForAMonotoneSeries() =>
        Gen.Double[-1e6, 1e6].Array[3, 30].Sample(values =>
        {
            var p = TrendStatistics.MannKendallIncreasingP(values);
            var sorted = values.Order().ToArray();
            return p is >= 0 and <= 1 && TrendStatistics.MannKendallIncreasingP(sorted) <= p + 1e-12;
        });

    [Fact]
    public void MannKendallMatchesTheTextbookValue()
    {
        // n = 10, strictly increasing: S = 45, Var(S) = 10·9·25/18 = 125, Z = 44/√125 = 3.9355, P(Z > z) = 4.15e-5.
        var p = TrendStatistics.MannKendallIncreasingP([.. Enumerable.Range(0, 10).Select(i => (double)i)]);
        Assert.Equal(4.15e-5, p, 1e-6);
    }

    [Fact]
    public void AKeyAppearingMidSeriesIsFollowedFromZero()
    {
        var values = TwelveMinutes.Select(t => t < 4 ? 0 : (t - 3) * 2 * MB).ToArray();
        Assert.Equal(Verdict.Leak, Judge(values));
    }

    [Fact]
    public void ShuffledProfilesGiveTheSameReport() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var digests = LeakScenarios.GoHeaps().Select((p, i) => Pprof.Leaks.ProfileDigester.Digest(p, $"p{i}")).ToArray();
            var shuffled = digests.ToArray();
            new Random(seed).Shuffle(shuffled);
            return Text(digests) == Text(shuffled);
        }, iter: 20);

    [Fact]
    public void TwoPercentPerSampleLeakIsCaughtEveryTime() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var values = TwelveMinutes.Select(t => (50 * MB * Math.Pow(1.02, t)) + Gaussian(random, 0.1 * MB)).ToArray();
            return Judge(values) == Verdict.Leak;
        }, iter: 1000);

    [Fact]
    public void FillingCacheIsALeakAboutOnePercentOfTheTimeWhereAPlainTrendTestSaysSoAlmostAlways()
    {
        const int Runs = 4000;
        var random = new Random(2026);
        int leaks = 0, plainTrend = 0;
        for (var run = 0; run < Runs; run++)
        {
            var values = TwelveMinutes.Select(t => (50 * MB * (1 - Math.Exp(-t / 1.5))) + Gaussian(random, 0.1 * MB)).ToArray();
            leaks += Judge(values) == Verdict.Leak ? 1 : 0;
            plainTrend += TrendStatistics.MannKendallIncreasingP(values) < 0.05 ? 1 : 0;
        }

        Assert.True(leaks <= Runs * 0.015, $"a filling cache was a LEAK {leaks} times in {Runs}");
        Assert.True(plainTrend >= Runs * 0.99, $"a plain trend test flagged the cache {plainTrend} times in {Runs}");
    }

    private static Verdict Judge(double[] values)
    {
        var minutes = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
        return Rules.Judge(values, SeriesTrend.Fit(minutes, values), isCount: false, values[^1], values[^1] - values[0]);
    }

    private static double Gaussian(Random random, double deviation) =>
        deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Text(IReadOnlyList<ProfileDigest> digests)
    {
        using var output = new StringWriter();
        TextReportWriter.Write(new LeakAnalysis(new LeakAnalysisOptions()).Analyse(digests), new LeakThresholds(), output);
        return output.ToString();
    }
}
