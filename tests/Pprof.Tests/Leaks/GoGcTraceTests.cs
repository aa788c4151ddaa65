using Pprof.Leaks;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Leaks;

/// <summary>Go's gctrace lines as an input of the leak finder: read, judged, and explained against RSS.</summary>
public sealed class GoGcTraceTests
{
    private const long MB = 1 << 20;

    [Fact]
    public void RealGo119TraceIsReadAmongOtherLines()
    {
        var trace = GoGcTrace.Read(TestData.File("rss.gctrace.txt"));

        Assert.Equal(Enumerable.Range(1, 9), trace.Collections.Select(c => c.Number));
        Assert.Equal(new GoCollection(2, 0.246, 256 * MB, 256 * MB, 128 * MB, 256 * MB, NamesStacks: true, Forced: false), trace.Collections[1]);
        Assert.True(trace.Collections[2].Forced);
        Assert.True(trace.IsGo118OrLater);
        Assert.Equal(new GoScavenge(265616L << 10, 84, null), trace.Scavenges[^1]);
    }

    [Fact]
    public void OldScvgLinesGiveTheIdleHeapNotReturned()
    {
        var trace = GoGcTrace.Parse(
        [
            "gc 7 @12.500s 1%: 0.1+2.0+0.1 ms clock, 0.4+0.5/1.5/3.0+0.4 ms cpu, 40->41->20 MB, 41 MB goal, 4 P",
            "scvg3: 0 MB released",
            "scvg3: inuse: 30, idle: 420, sys: 450, released: 100, consumed: 350 (MB)",
        ], "old.txt");

        Assert.False(trace.IsGo118OrLater);
        Assert.Equal(new GoScavenge(100 * MB, null, 320 * MB), Assert.Single(trace.Scavenges));
        var idle = Assert.Single(Findings(trace), f => f.Id == "go-idle-heap");
        Assert.StartsWith("the Go runtime holds 320.00MB of idle heap not returned to the OS (idle − released of the last scvg line) next to a live heap of 20.00MB: not a leak", idle.Message, StringComparison.Ordinal);
        Assert.EndsWith("Go 1.12–1.15 on Linux release with MADV_FREE, so RSS drops only under memory pressure (GODEBUG=madvdontneed=1), Go 1.16+ with MADV_DONTNEED", idle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LiveHeapGrowingAfterEveryCollectionIsALeakAndItsGoalIsExplained()
    {
        var lines = Enumerable.Range(1, 12).Select(i =>
            $"gc {i} @{i * 30}.000s 0%: 0.05+1.2+0.01 ms clock, 0.1+0/0.3/0.9+0.02 ms cpu, {190 + (10 * i)}->{195 + (10 * i)}->{100 + (10 * i)} MB, {200 + (20 * i)} MB goal, 0 MB stacks, 0 MB globals, 2 P");
        var trace = GoGcTrace.Parse(lines, "growing.txt");

        var findings = Findings(trace);

        Assert.Contains(findings, f => f.Id == "go-live-heap" && f.Message.StartsWith("the live heap after each GC grows steadily: 110.00MB -> 220.00MB over 12 collections (gctrace, LEAK)", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "go-heap-goal" && f.Message.StartsWith("between collections the heap grows to its goal of 440.00MB, 2.0× the live heap of 220.00MB (gc 12)", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Id == "go-heap-freed");
    }

    [Fact]
    public void FileWithoutGcLinesNamesItselfInOneLine()
    {
        var error = Assert.Throws<LeakInputException>(() => GoGcTrace.Parse(["hello", "sample t=0 rss=1 kB"], "app.log"));
        Assert.Equal("app.log: no gctrace lines (gc N @Ts ...: ... MB goal): give the standard error of the Go program run with GODEBUG=gctrace=1", error.Message);
    }

    [Fact]
    public void CliReadsTheFileBesideTheProfilesAndNamesAMissingOne()
    {
        var heaps = Enumerable.Range(0, 5).Select(i => TestData.File($"loggerleak.heap.{i}.pb.gz")).ToArray();

        var run = CollectorCli.Run(["leaks", "-gctrace", TestData.File("rss.gctrace.txt"), .. heaps]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("gctrace: 9 collections over 2s: live heap 128.00MB -> 0B (FLAT; peak 128.00MB at gc 1), goal 4.00MB -> 4.00MB; returned to the OS 259.39MB, 84 % of the heap memory kept in use\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  go-heap-freed: the live heap after GC peaked at 128.00MB (gc 1) and is 0B at the last collection (gc 9): freed, not leaked; ", run.Stdout, StringComparison.Ordinal);

        var missing = CollectorCli.Run(["leaks", "-gctrace", "no-such.gctrace.txt", .. heaps]);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("dotnet-pprof leaks: no-such.gctrace.txt: ", Assert.Single(missing.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void GcTraceAloneIsExplainedWithoutProfiles()
    {
        var run = CollectorCli.Run(["leaks", "-gctrace", TestData.File("rss.gctrace.txt")]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("gctrace: 9 collections over 2s: live heap 128.00MB -> 0B (FLAT; peak 128.00MB at gc 1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  go-heap-freed: ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("n < 8", run.Stdout, StringComparison.Ordinal);

        var picture = CollectorCli.Run(["leaks", "-gctrace", TestData.File("rss.gctrace.txt"), "-svg", Path.Combine(Path.GetTempPath(), "never-written.svg")]);
        Assert.Equal(2, picture.ExitCode);
        Assert.Contains("-svg and -png draw the profiles' series: give the profiles too", picture.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnLeakCountsALiveHeapThatGrowsAfterEveryCollection()
    {
        var file = Path.Combine(Path.GetTempPath(), $"growing-{Guid.NewGuid():N}.gctrace.txt");
        File.WriteAllLines(file, Enumerable.Range(1, 12).Select(i =>
            $"gc {i} @{i * 30}.000s 0%: 0.05+1.2+0.01 ms clock, 0.1+0/0.3/0.9+0.02 ms cpu, {100 + (10 * i)}->{100 + (10 * i)}->{50 + (10 * i)} MB, {100 + (20 * i)} MB goal, 0 MB stacks, 0 MB globals, 2 P"));
        try
        {
            Assert.Equal(3, CollectorCli.Run(["leaks", "-fail_on", "leak", "-gctrace", file]).ExitCode);
            Assert.Equal(0, CollectorCli.Run(["leaks", "-fail_on", "leak", "-gctrace", TestData.File("rss.gctrace.txt")]).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IReadOnlyList<Inspection> Findings(GoGcTrace trace)
    {
        var heap = SyntheticProfiles.GoHeap(TimeSpan.Zero, [(["main.f"], MB, 1)]);
        return new LeakAnalysis(new LeakAnalysisOptions()).Analyse([ProfileDigester.Digest(heap, "heap")], trace).Inspections;
    }
}
