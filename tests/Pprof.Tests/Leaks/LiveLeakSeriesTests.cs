using Pprof.Leaks;

namespace Pprof.Tests.Leaks;

/// <summary>The live series the web UI reads while the command line adds to it: what a reader sees after each change.</summary>
public sealed class LiveLeakSeriesTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_change_is_a_new_state_with_a_higher_version()
    {
        var series = new LiveLeakSeries("process 1 (App)", 12, new LeakAnalysisOptions());
        var profiles = LeakScenarios.GoHeaps(2).ToList();
        var seen = new List<LiveLeakSeriesState> { series.State };

        series.Expect(Due);
        seen.Add(series.State);
        series.Add([ProfileDigester.Digest(profiles[0], "heap.01")], profiles[0]);
        seen.Add(series.State);
        series.Add([ProfileDigester.Digest(profiles[1], "heap.02")], profiles[1]);
        seen.Add(series.State);

        Assert.Equal([0, 1, 2, 3], seen.Select(s => s.Version));
        Assert.Equal([0, 0, 1, 2], seen.Select(s => s.Taken));
        Assert.Equal([null, Due, null, null], seen.Select(s => s.Next));
        Assert.Same(profiles[1], seen[^1].Latest);
        Assert.Equal(["heap.01", "heap.02"], seen[^1].Digests.Select(d => d.Source));
        Assert.Single(seen[2].Digests);
    }

    [Fact]
    public void Only_the_first_end_counts()
    {
        var series = new LiveLeakSeries("process 1 (App)", 12, new LeakAnalysisOptions());

        series.End("process 1 (App) exited");
        var ended = series.State;
        series.End();

        Assert.Same(ended, series.State);
        Assert.True(ended.Ended);
        Assert.Equal("process 1 (App) exited", ended.EndedEarly);
    }

    [Fact]
    public void The_analysis_of_a_state_is_the_report_of_its_digests()
    {
        var series = new LiveLeakSeries("process 1 (App)", 12, new LeakAnalysisOptions());
        var digests = LeakScenarios.GoHeaps().Select((profile, i) => (Profile: profile, Digest: ProfileDigester.Digest(profile, $"heap.{i + 1:D2}"))).ToList();
        foreach (var (profile, digest) in digests)
        {
            series.Add([digest], profile);
        }

        var live = Text(series.Analyse(series.State));
        var files = Text(new LeakAnalysis(new LeakAnalysisOptions()).Analyse([.. digests.Select(d => d.Digest)]));

        Assert.Equal(files, live);
        Assert.StartsWith("LEAK ", LeakReportRows.Of(live)["by allocation site"][0], StringComparison.Ordinal);
    }

    private static string Text(LeakReport report)
    {
        using var text = new StringWriter { NewLine = "\n" };
        TextReportWriter.Write(report, new LeakThresholds(), text);
        return text.ToString();
    }
}
