using Pprof.Leaks;
using Pprof.Profiles;

namespace Pprof.Tests.Leaks;

/// <summary>The "accumulated in" line of LEAK rows by allocation site and by stack, and the walk behind it.</summary>
public sealed class CallAccumulationTests
{
    private const long MB = 1 << 20;

    [Fact]
    public void WalkFollowsTheChildThatHoldsTheShareAndStopsWhereNoneDoes()
    {
        var steps = GrowthWalk.Walk(
        [
            (["site", "a", "x"], 50),
            (["site", "a", "y"], 40),
            (["site", "b"], 10),
            (["site", "c"], -30),
        ], 0.7);

        Assert.Equal(["site", "a"], steps.Select(s => s.Frame));
        Assert.Equal([100.0, 90.0], steps.Select(s => s.Growth));
        Assert.Equal(["site", "a"], steps[^1].Frames);
        Assert.Empty(GrowthWalk.Walk([(["site"], -5)], 0.7));
    }

    [Fact]
    public void LibrarySiteIsNamedWithTheProgramsOwnCallerAndTheLibraryEntryBetween()
    {
        var (line, callers) = Site("bytes.growSlice",
        [
            (["bytes.growSlice", "bytes.(*Buffer).grow", "bytes.(*Buffer).ReadFrom", "main.download", "main.handle"], 2 * MB, 18 * MB),
            (["bytes.growSlice", "bytes.(*Buffer).grow", "bytes.(*Buffer).Write", "main.log"], MB, MB),
        ]);

        Assert.Equal("accumulated in bytes.growSlice called from main.download via bytes.(*Buffer).ReadFrom (100 % of the growth)", line);
        Assert.Equal(["bytes.(*Buffer).grow", "bytes.(*Buffer).ReadFrom", "main.download", "main.handle"], callers);
    }

    [Fact]
    public void LibrarySiteCalledDirectlyByTheProgramHasNoVia()
    {
        var (line, _) = Site("sync.(*Map).Store",
        [
            (["sync.(*Map).Store", "main.(*Topic).Subscribe", "main.main"], MB, 9 * MB),
            (["sync.(*Map).Store", "main.(*Cache).Put", "main.main"], MB, 2 * MB),
        ]);

        Assert.Equal("accumulated in sync.(*Map).Store called from main.(*Topic).Subscribe (89 % of the growth)", line);
    }

    [Fact]
    public void OwnSiteIsNamedWithItsCallerOrSaysItHasSeveral()
    {
        Assert.Equal("accumulated in main.(*SessionStore).Open called from main.handleLogin (100 % of the growth)",
            Site("main.(*SessionStore).Open", [(["main.(*SessionStore).Open", "main.handleLogin", "net/http.HandlerFunc.ServeHTTP"], MB, 5 * MB)]).Line);
        Assert.Equal("accumulated in main.(*SessionStore).Open, called from several places (100 % of the growth)",
            Site("main.(*SessionStore).Open",
            [
                (["main.(*SessionStore).Open", "main.handleLogin"], MB, 3 * MB),
                (["main.(*SessionStore).Open", "main.handleSignup"], MB, 3 * MB),
            ]).Line);
    }

    [Fact]
    public void DotnetSiteNamesTheTypeThatHoldsTheGrowth()
    {
        const string Site = "System.Collections.Generic.Dictionary`2.Resize";
        const string Entries = "System.Collections.Generic.Dictionary`2+Entry[System.Int64,Shop.Order][]";
        string[] stack = [Site, "System.Collections.Generic.Dictionary`2.TryInsert", "Shop.OrderBook.Add", "Shop.Api.Post"];
        var first = Typed(stack, (Entries, MB), ("System.Int32[]", MB));
        var last = Typed(stack, (Entries, 9 * MB), ("System.Int32[]", 2 * MB));

        var (line, _) = CallAccumulation.Site(Site, SiteOrigins.Of(first, Site), SiteOrigins.Of(last, Site), 9 * MB, 0.7);

        Assert.Equal("accumulated in Entry<Int64, Order>[] objects from System.Collections.Generic.Dictionary`2.Resize called from Shop.OrderBook.Add "
            + "via System.Collections.Generic.Dictionary`2.TryInsert (100 % of the growth)", line);
    }

    [Fact]
    public void StackIsNamedByWhereItsGoroutinesStartedAndWhatTheyAreBlockedIn()
    {
        Assert.Equal("accumulated in threads or goroutines started at main.(*Poller).watch, blocked in runtime.chanrecv2 (100 % of the growth)",
            CallAccumulation.Stack(Key("runtime.gopark", "runtime.chanrecv", "runtime.chanrecv2", "main.(*Poller).watch", "runtime.goexit"), "main.(*Poller).watch", 275, 275));
        Assert.Equal("accumulated in threads or goroutines started at main.serve that wait in main.wait, blocked in runtime.gopark (50 % of the growth)",
            CallAccumulation.Stack(Key("runtime.gopark", "main.wait", "main.serve", "runtime.goexit"), "main.wait", 50, 100));
    }

    [Theory]
    [InlineData("runtime.mallocgc", true)]
    [InlineData("encoding/gob.decString", true)]
    [InlineData("sync.(*Map).Store", true)]
    [InlineData("net/http.(*conn).serve", true)]
    [InlineData("System.Collections.Generic.Dictionary`2.Resize", true)]
    [InlineData("<unknown>", true)]
    [InlineData("main.(*SessionStore).Open", false)]
    [InlineData("github.com/acme/store.(*Store).Put", false)]
    [InlineData("Shop.OrderBook.Add", false)]
    public void LibraryFramesAreGosStandardLibraryAndDotnetsBaseLibraries(string function, bool library) =>
        Assert.Equal(library, LibraryFrames.IsLibrary(function));

    [Fact]
    public void DoublingLadderIsTheLongestRunOfBlocksEachTwiceTheLast()
    {
        var profile = Profile(("main.(*Store).Put", [14336, 28672, 57344, 114688, 576, 1000]));
        Assert.Equal([14336L, 28672, 57344, 114688], SiteOrigins.Of(profile, "main.(*Store).Put").DoublingLadder());
    }

    [Fact]
    public void PluralsFollowTheCount()
    {
        Assert.Equal("1 heap snapshot", Quantities.Count(1, "heap snapshot"));
        Assert.Equal("12 heap snapshots", Quantities.Count(12, "heap snapshot"));
        Assert.Equal("0 threads or goroutines", Quantities.Count(0, "thread or goroutine", "threads or goroutines"));

        var one = SyntheticProfiles.GoHeap(TimeSpan.Zero, [(["main.f"], MB, 1)]);
        var report = new LeakAnalysis(new LeakAnalysisOptions()).Analyse([ProfileDigester.Digest(one, "one")]);
        using var text = new StringWriter();
        TextReportWriter.Write(report, new LeakThresholds(), text);
        Assert.StartsWith("1 heap profile over 0s: heap 1.00MB -> 1.00MB", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("by allocation site: 0 of 1 key grow\n", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static (string Line, IReadOnlyList<string> Callers) Site(string site, (string[] Stack, long First, long Last)[] chains)
    {
        var first = SyntheticProfiles.GoHeap(TimeSpan.Zero, chains.Select(c => (c.Stack, c.First, 1L)));
        var last = SyntheticProfiles.GoHeap(TimeSpan.FromMinutes(11), chains.Select(c => (c.Stack, c.Last, 1L)));
        var totalGrowth = chains.Sum(c => c.Last - c.First);
        return CallAccumulation.Site(site, SiteOrigins.Of(first, site), SiteOrigins.Of(last, site), totalGrowth, 0.7);
    }

    /// <summary>A heap profile whose site allocated blocks of these sizes (Go's <c>bytes</c> label).</summary>
    private static Profile Profile((string Site, long[] Blocks) site)
    {
        var profile = SyntheticProfiles.GoHeap(TimeSpan.Zero, [([site.Site], 1, 1)]);
        var stack = profile.Samples.Stack(0);
        foreach (var block in site.Blocks)
        {
            profile.Samples.Add(stack, [1, block, 0, 0], [Label.Number("bytes", block, "bytes")]);
        }

        return profile;
    }

    /// <summary>A .NET allocation profile (collect heap --alloc-stacks) with one stack and these types' live bytes.</summary>
    private static Profile Typed(string[] stack, params (string Type, long Bytes)[] types)
    {
        var profile = SyntheticProfiles.GoHeap(TimeSpan.Zero, [(stack, 0, 0)]);
        var locations = profile.Samples.Stack(0);
        foreach (var (type, bytes) in types)
        {
            profile.Samples.Add(locations, [1, bytes, 1, bytes], [Label.String("type", type)]);
        }

        return profile;
    }

    private static string Key(params string[] frames) => string.Join(RetentionPathName.KeySeparator, frames);
}
