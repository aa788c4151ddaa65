using System.Text.RegularExpressions;
using Pprof.Leaks;
using Pprof.Profiles;

namespace Pprof.Tests.Leaks;

/// <summary>The picture's time axis: each tick reads differently, in seconds when the series is shorter than a minute.</summary>
public sealed partial class MemoryChartTests
{
    private const long MB = 1 << 20;

    [Theory]
    [InlineData(15, new[] { "0 s", "4 s", "8 s", "11 s", "15 s" })]
    [InlineData(60 * 11, new[] { "0.0 min", "2.8 min", "5.5 min", "8.2 min", "11.0 min" })]
    [InlineData(60 * 60, new[] { "0.0 min", "15.0 min", "30.0 min", "45.0 min", "60.0 min" })]
    public void The_time_axis_ticks_read_apart(int seconds, string[] ticks)
    {
        var profiles = Enumerable.Range(0, 12).Select(i => SyntheticProfiles.HeapSnapshot(
            TimeSpan.FromSeconds(seconds * i / 11.0), [(["[static] s_orders: Shop.Orders", "Shop.Order"], (10 + i) * MB, 100 * (i + 1))]));
        var report = new LeakAnalysis(new LeakAnalysisOptions()).Analyse([.. profiles.Select((p, i) => ProfileDigester.Digest(p, $"p{i}"))]);

        var svg = MemoryChart.Svg(report);

        Assert.Equal(ticks, TimeTick().Matches(svg).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex(@">([0-9.]+ (?:s|min))</text>")]
    private static partial Regex TimeTick();
}
