using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>The lines of <c>collect gc</c>: one per GC, then the summary.</summary>
public sealed class GcTraceTextTests
{
    private const long MB = 1024 * 1024;
    private static readonly DateTime ProcessStart = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_blocking_GC_reads_like_gctrace()
    {
        var gc = Gc(12, 0, GCType.NonConcurrentGC, 3.2012, before: 25.9 * MB, after: 17.6 * MB, pauseMs: 1.25, committed: 30 * MB);

        var line = GcTraceText.Line(gc, ProcessStart, 80 * MB);

        Assert.Equal(
            "gc 12 @3.201 s: gen 0, reason AllocSmall, heap 25.9 -> 17.6 MB, pause 1.25 ms, committed 30.0 MB, rss 80.0 MB", line);
    }

    [Fact]
    public void What_the_runtime_did_not_report_is_left_out()
    {
        var gc = Gc(3, 1, GCType.NonConcurrentGC, 0.5, before: null, after: 10 * MB, pauseMs: 0.1234, committed: null);

        var line = GcTraceText.Line(gc, ProcessStart, residentBytes: null);

        Assert.Equal("gc 3 @0.500 s: gen 1, reason AllocSmall, heap after 10.0 MB, pause 0.123 ms", line);
    }

    [Fact]
    public void A_background_GC_says_how_long_it_ran_beside_the_app_and_its_own_pause()
    {
        var gc = Gc(7, 2, GCType.BackgroundGC, 2, before: 40 * MB, after: 31 * MB, pauseMs: 0.052, committed: 50 * MB) with { Duration = TimeSpan.FromMilliseconds(146.04) };

        var line = GcTraceText.Line(gc, ProcessStart, 90 * MB);

        Assert.Equal(
            "gc 7 @2.000 s: gen 2 background, reason AllocSmall, heap 40.0 -> 31.0 MB, ran 146.0 ms beside the app, pause 0.052 ms, committed 50.0 MB, rss 90.0 MB",
            line);
    }

    [Fact]
    public void The_summary_adds_up_the_GCs_and_explains_a_resident_size_far_above_the_heap()
    {
        var summary = new GcSummary();
        summary.Add(Gc(1, 0, GCType.NonConcurrentGC, 1, before: 130 * MB, after: 125 * MB, pauseMs: 2, committed: 300 * MB), 850 * MB);
        summary.Add(Gc(2, 2, GCType.BackgroundGC, 2, before: 125 * MB, after: 120 * MB, pauseMs: 5, committed: 300 * MB), 880 * MB);
        summary.SampleResident(900 * MB);
        using var output = new StringWriter();

        summary.Write(output, TimeSpan.FromSeconds(10));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2 GCs in 10.0 s (1 gen 0, 0 gen 1, 1 gen 2, 1 of them in the background): pauses 7.0 ms in all, 5.0 ms the longest", lines[0]);
        Assert.Equal("heap after the last GC 120.0 MB, committed 300.0 MB; rss 900.0 MB at the end, 900.0 MB at most", lines[1]);
        Assert.StartsWith(
            "RSS 900.0 MB vs heap 120.0 MB after GC: 180.0 MB of the 780.0 MB above the heap is memory the GC keeps", lines[2]);
        Assert.Contains("DOTNET_GCConserveMemory", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void A_resident_size_near_the_heap_needs_no_explanation()
    {
        Assert.Null(MemoryGap.Explain(residentBytes: 160 * MB, heapBytes: 100 * MB, committedBytes: 120 * MB));
        Assert.Null(MemoryGap.Explain(residentBytes: 1400 * MB, heapBytes: 1000 * MB, committedBytes: 1100 * MB));
        Assert.NotNull(MemoryGap.Explain(residentBytes: 400 * MB, heapBytes: 100 * MB, committedBytes: null));
    }

    [Fact]
    public void A_trace_without_GCs_says_so()
    {
        var summary = new GcSummary();
        using var output = new StringWriter();

        summary.Write(output, TimeSpan.FromSeconds(2));

        Assert.Equal("no GC in 2.0 s; rss unknown" + Environment.NewLine, output.ToString());
    }

    private static GcRecord Gc(
        int number, int generation, GCType type, double atSeconds, double? before, double after, double pauseMs, double? committed) =>
        new(number, generation, type, GCReason.AllocSmall, ProcessStart.AddSeconds(atSeconds), (long?)before, (long)after,
            TimeSpan.FromMilliseconds(pauseMs), (long?)committed);
}
