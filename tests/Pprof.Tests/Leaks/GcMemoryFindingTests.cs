using System.Text;
using System.Text.Json;
using Pprof.Leaks;
using Pprof.Profiles;

namespace Pprof.Tests.Leaks;

/// <summary>
/// Heap versus GC committed and RSS: memory held by the GC beyond a flat heap (with the setting that changes it), RSS
/// growing outside what the GC holds, and the GC's settings carried by the profiles into the report.
/// </summary>
public sealed class GcMemoryFindingTests
{
    private const long MB = 1 << 20;

    private static readonly GcSettingsReading Workstation = new([new("gcServer", 0), new("gcConcurrent", 1), new("heaps", 1)], ["runtime events"]);

    [Fact]
    public void CommittedFarAboveAFlatHeapIsHeldByTheGcWithTheSettingsAdvice()
    {
        var server = new GcSettingsReading([new("gcServer", 1), new("gcConcurrent", 1), new("heaps", 4)], ["runtime events", "environment"]);

        var finding = Assert.Single(Inspect(Snapshots(heap: _ => 100 * MB, committed: _ => 600 * MB, rss: _ => 650 * MB, server)));

        Assert.Equal("committed-above-heap", finding.Id);
        Assert.Equal(
            "GC committed 600.00MB (RSS 650.00MB) stays far above a flat heap of 100.00MB under Server GC (4 heaps), concurrent: held by the GC, not a leak; "
            + "Server GC keeps a heap and a gen-0 budget per core: DATAS (DOTNET_GCDynamicAdaptationMode=1), fewer heaps (DOTNET_GCHeapCount) or Workstation GC (DOTNET_gcServer=0) holds less; "
            + "DOTNET_GCConserveMemory=1-9 compacts to keep the heap small; DOTNET_GCHeapHardLimit caps what the GC commits",
            finding.Message);
    }

    [Fact]
    public void TheAdviceNamesWhatTheProcessRunsWithAndLeavesOutWhatIsAlreadySet()
    {
        var settings = new GcSettingsReading(
            [new("gcServer", 0), new("GCConserveMemory", 5), new("GCgen0size", 256 * MB), new("GCRetainVM", 1), new("GCHeapHardLimit", 2048 * MB)], []);

        var advice = GcAdvice.For(settings);

        Assert.Equal("GCRetainVM=1 keeps freed memory for reuse: unset it to give memory back; GCgen0size=256.00MB asks for a large gen-0 budget: lower it or unset it", advice);
    }

    [Fact]
    public void RssFarAboveWhatTheGcHoldsIsMemoryOutsideTheGcThatNoGcSettingChanges()
    {
        var finding = Assert.Single(Inspect(Snapshots(heap: _ => 100 * MB, committed: _ => 120 * MB, rss: _ => 500 * MB, Workstation)));

        Assert.Equal("rss-above-heap", finding.Id);
        Assert.Equal(
            "RSS 500.00MB stays far above a flat heap of 100.00MB and what the GC holds (120.00MB committed): memory outside the GC "
            + "(native allocations, the runtime's own data, mapped files) that does not grow: not a leak, and no GC setting changes it",
            finding.Message);
    }

    [Fact]
    public void RssGrowingWhileTheGcHoldsTheSameIsNativeGrowth()
    {
        var finding = Assert.Single(Inspect(Snapshots(heap: _ => 100 * MB, committed: _ => 130 * MB, rss: i => (200 + (20 * i)) * MB, Workstation)));

        Assert.Equal("native-growth", finding.Id);
        Assert.Equal("RSS grows outside the GC heap: RSS +220.00MB, GC committed 0B, heap 0B over the series; look at native allocations (interop, unmanaged buffers, a native library)", finding.Message);
    }

    [Fact]
    public void RssGrowingWithWhatTheGcCommitsIsNotNativeGrowth()
    {
        // The GC commits more and more (fragmentation, a growing budget) and RSS follows: the GC's, not native.
        var found = Inspect(Snapshots(heap: _ => 100 * MB, committed: i => (130 + (20 * i)) * MB, rss: i => (160 + (20 * i)) * MB, Workstation));

        Assert.DoesNotContain(found, f => f.Id == "native-growth");
        Assert.Contains(found, f => f.Id == "committed-above-heap");
    }

    [Fact]
    public void AGrowingHeapIsLeftToTheLeakTables()
    {
        var found = Inspect(Snapshots(heap: i => (100 + (20 * i)) * MB, committed: i => (300 + (20 * i)) * MB, rss: i => (350 + (20 * i)) * MB, Workstation));

        Assert.DoesNotContain(found, f => f.Id is "native-growth" or "rss-above-heap" or "committed-above-heap");
    }

    [Fact]
    public void TheSettingsCommentReadsBackAsWritten()
    {
        var settings = new GcSettingsReading([new("gcServer", 1), new("GCgen0size", 64 * MB), new("heaps", 2)], ["runtime events", "environment"]);

        var comment = MemoryComment.Format(settings);

        Assert.Equal("dotnet-pprof leaks: gc settings gcServer=1 GCgen0size=67108864 heaps=2 (from runtime events, environment)", comment);
        Assert.True(MemoryComment.TryParse(comment, out GcSettingsReading read));
        Assert.Equal(settings.Values, read.Values);
        Assert.Equal(settings.From, read.From);
        Assert.False(MemoryComment.TryParse("dotnet-pprof leaks: rss 10 bytes", out GcSettingsReading _));
    }

    [Fact]
    public void TheHeaderAndTheJsonMemoryObjectCarryTheGcFiguresAndSettings()
    {
        var report = Analyse(Snapshots(heap: i => (100 + i) * MB, committed: _ => 150 * MB, rss: _ => 200 * MB, Workstation));
        using var text = new StringWriter();
        TextReportWriter.Write(report, new LeakThresholds(), text);
        using var json = new MemoryStream();
        JsonReportWriter.Write(report, json);

        var lines = text.ToString().Split('\n');
        Assert.Contains("gc_committed 150.00MB -> 150.00MB", lines);
        Assert.Contains("gc_heap 100.00MB -> 111.00MB", lines);
        Assert.Contains("gc settings gcServer=0 gcConcurrent=1 heaps=1 (from runtime events)", lines);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(json.ToArray()));
        var memory = document.RootElement.GetProperty("memory");
        Assert.Equal(150 * MB, memory.GetProperty("gc_committed")[11].GetInt64());
        Assert.Equal(111 * MB, memory.GetProperty("gc_heap")[11].GetInt64());
        Assert.Equal(0, memory.GetProperty("gc_settings").GetProperty("gcServer").GetInt64());
        Assert.Equal("runtime events", memory.GetProperty("gc_settings").GetProperty("from").GetString());
    }

    [Fact]
    public void ThePictureDrawsCommittedApartFromRss()
    {
        var svg = MemoryChart.Svg(Analyse(Snapshots(heap: _ => 100 * MB, committed: _ => 150 * MB, rss: _ => 200 * MB, Workstation)));

        Assert.Contains("stroke=\"#17becf\"", svg, StringComparison.Ordinal);
        Assert.Contains(">gc_committed</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">rss</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateStringsTableReadsBackWhateverItsValuesHold()
    {
        var duplicate = new DuplicateStringReading("say \"hi\"\\ \n ünïcode", 3, 300);

        var comment = MemoryComment.Format(duplicate);

        Assert.Equal("dotnet-pprof leaks: duplicate string 3 copies 300 bytes \"say \\\"hi\\\"\\\\ \\n ünïcode\"", comment);
        Assert.True(MemoryComment.TryParse(comment, out DuplicateStringReading read));
        Assert.Equal(duplicate, read);
        Assert.Equal(200, read.WastedBytes);
    }

    [Fact]
    public void DuplicateStringsWastingAMegabyteOrMoreAreAFindingFromTheLatestProfile()
    {
        var profiles = Snapshots(heap: _ => 100 * MB, committed: _ => 120 * MB, rss: _ => 150 * MB, Workstation).ToList();
        profiles[5].Comments.Add(MemoryComment.Format(new DuplicateStringReading("old", 1000, 100_000)));
        profiles[11].Comments.Add(MemoryComment.Format(new DuplicateStringReading("GET /api/orders", 40_000, 2_560_000)));
        profiles[11].Comments.Add(MemoryComment.Format(new DuplicateStringReading("true", 10, 240)));

        var finding = Assert.Single(Inspect(profiles));

        Assert.Equal("duplicate-strings", finding.Id);
        Assert.Equal(
            "2 string values are held in several copies, 2.44MB more than one copy each would take; the most: 40000 copies of \"GET /api/orders\" (2.44MB); "
            + "share one instance where they are made (a lookup or string.Intern) or keep fewer of them",
            finding.Message);
    }

    [Fact]
    public void AFewDuplicateStringsAreNoFinding()
    {
        var profiles = Snapshots(heap: _ => 100 * MB, committed: _ => 120 * MB, rss: _ => 150 * MB, Workstation).ToList();
        profiles[11].Comments.Add(MemoryComment.Format(new DuplicateStringReading("true", 1000, 24_000)));

        Assert.Empty(Inspect(profiles));
    }

    private static IEnumerable<Profile> Snapshots(Func<int, long> heap, Func<int, long> committed, Func<int, long> rss, GcSettingsReading settings) =>
        Enumerable.Range(0, 12).Select(i =>
        {
            var profile = SyntheticProfiles.HeapSnapshot(TimeSpan.FromMinutes(i), [(["[stack]", "System.Byte[]"], heap(i), 100)]);
            profile.Comments.Add(MemoryComment.Format(MemoryComment.GcHeap, heap(i)));
            profile.Comments.Add(MemoryComment.Format(MemoryComment.GcCommitted, committed(i)));
            profile.Comments.Add(MemoryComment.Format(MemoryComment.Rss, rss(i)));
            profile.Comments.Add(MemoryComment.Format(settings));
            return profile;
        });

    private static LeakReport Analyse(IEnumerable<Profile> profiles) =>
        new LeakAnalysis(new LeakAnalysisOptions()).Analyse([.. profiles.Select((p, i) => ProfileDigester.Digest(p, $"p{i}"))]);

    private static IReadOnlyList<Inspection> Inspect(IEnumerable<Profile> profiles) => Analyse(profiles).Inspections;
}
