using System.Text.Json;
using Pprof.Tests.Collector;

namespace Pprof.Tests.Leaks;

/// <summary>
/// dotnet-pprof leaks on series that real Go programs wrote (tests/TestApps/GoLeaks): every leak is LEAK, ranked first
/// in its grouping under the Go function that allocates or waits, with its inspection; no look-alike is LEAK.
/// The profiles are taken in the order they were written (-by_order), so how fast the machine runs does not matter.
/// </summary>
public sealed class GoLeaksTests(GoLeakPrograms programs) : IClassFixture<GoLeakPrograms>
{
    [Theory]
    [InlineData("sessions", "site", "main.(*SessionStore).Open", "go-map", "main.(*SessionStore).Open called from main.handleLogin")]
    [InlineData("syncmap", "site", "sync.(*Map).Store", "go-sync-map", "sync.(*Map).Store called from main.(*Topic).Subscribe")]
    [InlineData("goroutines", "stack", "main.(*Poller).watch", "thread-per-request", "threads or goroutines started at main.(*Poller).watch, blocked in runtime.chanrecv2")]
    [InlineData("buffers", "site", "bytes.growSlice", "go-bytes-buffer", "bytes.growSlice called from main.download via bytes.(*Buffer).ReadFrom")]
    [InlineData("gob", "site", "encoding/gob.decString", "go-gob", "encoding/gob.decString called from main.roundTrip via encoding/gob.(*Decoder).Decode")]
    public void LeakIsRankedFirstWithItsInspectionAndWhereItAccumulates(string scenario, string grouping, string function, string inspection, string accumulated)
    {
        var report = Leaks(programs.Profiles(scenario));

        var first = report.Rows(grouping)[0];
        Assert.Equal(("LEAK", function), (first.Verdict, first.Name));
        Assert.Equal(1, first.Rank);
        Assert.Contains(report.Inspections, i => i.Id == inspection && i.Message.Contains(function, StringComparison.Ordinal));
        Assert.StartsWith($"accumulated in {accumulated} (", first.Accumulated, StringComparison.Ordinal);
        Assert.EndsWith(" % of the growth)", first.Accumulated, StringComparison.Ordinal);
    }

    [Fact]
    public void MapAtTheProgramsOwnSiteIsKnownByItsDoublingBuckets()
    {
        var finding = Leaks(programs.Profiles("sessions")).Inspections.Single(i => i.Id == "go-map");
        Assert.Matches(@"^a map grows at one site: main\.\(\*SessionStore\)\.Open \+[0-9.]+MB \(LEAK\) allocated blocks of ([0-9.]+kB, ){2,}[0-9.]+kB, each twice the last", finding.Message);
    }

    [Theory]
    [InlineData("cache")]
    [InlineData("lru")]
    [InlineData("churn")]
    [InlineData("step")]
    [InlineData("spike")]
    public void LookAlikeIsNeverALeak(string scenario)
    {
        var report = Leaks(programs.Profiles(scenario));

        Assert.Equal(12, report.Samples);
        Assert.DoesNotContain(report.AllRows, r => r.Verdict == "LEAK");
    }

    [Fact]
    public void CacheThatFillsIsPlateauAndOneTimeLoadIsStep()
    {
        Assert.Contains(Leaks(programs.Profiles("cache")).Rows("site"), r => r is { Verdict: "PLATEAU", Name: "main.(*Catalog).fill" });
        Assert.Contains(Leaks(programs.Profiles("step")).Rows("site"), r => r is { Verdict: "STEP", Name: "main.loadConfig" });
    }

    [Fact]
    public void FiveSamplesOfALeakAreGrowingNotLeak()
    {
        var report = Leaks(programs.Profiles("sessions")[..5]);

        Assert.Equal(5, report.Samples);
        Assert.DoesNotContain(report.AllRows, r => r.Verdict == "LEAK");
        Assert.Equal(("GROWING", "main.(*SessionStore).Open"), (report.Rows("site")[0].Verdict, report.Rows("site")[0].Name));
    }

    [Fact]
    public void TheirOwnTimesOrderThemWhateverOrderTheyAreGivenIn()
    {
        var profiles = programs.Profiles("sessions");
        string[] shuffled = [.. profiles.Where((_, i) => i % 2 == 1).Reverse(), .. profiles.Where((_, i) => i % 2 == 0)];

        var inOrder = CollectorCli.Run(["leaks", "-json", .. profiles]);
        var outOfOrder = CollectorCli.Run(["leaks", "-json", .. shuffled]);

        Assert.True(inOrder.ExitCode == 0, inOrder.Stderr);
        Assert.Equal(inOrder.Stdout, outOfOrder.Stdout);
        using var json = JsonDocument.Parse(inOrder.Stdout);
        var series = json.RootElement.GetProperty("series")[0];
        Assert.Equal(12, series.GetProperty("samples").GetInt32());
        Assert.False(series.GetProperty("by_order").GetBoolean());
        Assert.True(series.GetProperty("span_seconds").GetDouble() > 0);
    }

    [Fact]
    public void TextProfilesWithMemStatsGiveTheRuntimesMemory()
    {
        var spike = programs.Profiles("spike");
        Assert.All(spike, f => Assert.EndsWith(".txt", f, StringComparison.Ordinal));

        var report = Leaks(spike);

        Assert.Equal(["go_heap_alloc", "go_heap_idle_unreleased", "go_sys"], report.Memory.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GcTraceOfASpikeSaysTheHeapWasFreedNotLeaked()
    {
        var (gcTrace, profiles) = programs.WithGcTrace("spike");

        var run = CollectorCli.Run(["leaks", "-json", "-by_order", "-gctrace", gcTrace, .. profiles]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var trace = json.RootElement.GetProperty("gctrace");
        Assert.True(trace.GetProperty("collections").GetInt32() >= 12, trace.ToString());
        Assert.True(trace.GetProperty("peak_live").GetInt64() >= 160L << 20, trace.ToString());
        Assert.NotEqual("LEAK", trace.GetProperty("live_verdict").GetString());
        var report = GoReport.Parse(run.Stdout);
        Assert.DoesNotContain(report.AllRows, r => r.Verdict == "LEAK");
        var freed = Assert.Single(report.Inspections, i => i.Id == "go-heap-freed").Message;
        Assert.Matches(@"^the live heap after GC peaked at 16[0-9]\.00MB \(gc \d+\) and is [0-9.]+[kM]?B at the last collection \(gc \d+\): freed, not leaked; ", freed);
        Assert.EndsWith("these gc lines come from Go 1.18 or later, which returns memory with MADV_DONTNEED: RSS drops as soon as the pages are returned", freed, StringComparison.Ordinal);

        var text = CollectorCli.Run(["leaks", "-by_order", "-gctrace", gcTrace, .. profiles]).Stdout;
        Assert.Matches(@"(?m)^gctrace: \d+ collections over \d+s: live heap [0-9.]+[kM]?B -> [0-9.]+[kM]?B \((FLAT|STEP|PLATEAU|GROWING); peak 16[0-9]\.00MB at gc \d+\), goal ", text);
    }

    private static GoReport Leaks(string[] profiles)
    {
        var run = CollectorCli.Run(["leaks", "-json", "-by_order", .. profiles]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return GoReport.Parse(run.Stdout);
    }

    private sealed record GoRow(int Rank, string Verdict, string Name, string? Accumulated);

    private sealed record GoReport(int Samples, Dictionary<string, List<GoRow>> Groups, List<(string Id, string Message)> Inspections, List<string> Memory)
    {
        public IEnumerable<GoRow> AllRows => Groups.Values.SelectMany(rows => rows);

        public List<GoRow> Rows(string by) => Groups.TryGetValue(by, out var rows) ? rows : throw new Xunit.Sdk.XunitException($"no table by {by}");

        public static GoReport Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new GoReport(
                root.GetProperty("samples").GetInt32(),
                root.GetProperty("groups").EnumerateArray().ToDictionary(
                    g => g.GetProperty("by").GetString()!,
                    g => g.GetProperty("rows").EnumerateArray().Select(r => new GoRow(
                        r.GetProperty("rank").GetInt32(), r.GetProperty("verdict").GetString()!, r.GetProperty("name").GetString()!,
                        r.TryGetProperty("accumulated", out var a) ? a.GetString() : null)).ToList()),
                [.. root.GetProperty("inspections").EnumerateArray().Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("message").GetString()!))],
                [.. root.GetProperty("memory").EnumerateObject().Select(p => p.Name)]);
        }
    }
}
