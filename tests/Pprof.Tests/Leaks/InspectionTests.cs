using Pprof.Leaks;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Leaks;

/// <summary>The classic leaks' inspections, each found with its evidence, and none where there is no such leak.</summary>
public sealed class InspectionTests
{
    private const long MB = 1 << 20;

    [Fact]
    public void StaticCollectionEventHandlersTimersAndThreadsAreNamed()
    {
        var profiles = Enumerable.Range(0, 12).Select(i => SyntheticProfiles.HeapSnapshot(TimeSpan.FromMinutes(i),
        [
            (["[static] s_orders: Dictionary", "System.Collections.Generic.Dictionary`2[System.Int64,Shop.Order]", "Shop.Order"], (10 + (2 * i)) * MB, 1000 * (i + 1)),
            (["[static] Changed: System.EventHandler", "System.EventHandler", "System.Object[]", "System.EventHandler", "Shop.Watcher"], (5 + i) * MB, 100 * (i + 1)),
            (["[static] s_queue: System.Threading.TimerQueue[]", "System.Threading.TimerQueue", "System.Threading.TimerQueueTimer", "System.Threading.TimerCallback", "Shop.Poller"], (4 + i) * MB, 50 * (i + 1)),
            (["[stack]", "System.Byte[]"], 20 * MB, 10),
        ]));
        var found = Inspect(profiles);

        Assert.Contains(found, f => f.Id == "static-collection" && f.Message.StartsWith("static s_orders holds an unbounded Dictionary<Int64, Order>: +22.00MB", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Id == "event-handlers" && f.Message.StartsWith("handlers pile up on static Changed: subscriber Watcher", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Id == "timers" && f.Message.StartsWith("timers never disposed: TimerQueueTimer objects grow under static s_queue, callback target Poller", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Message.Contains("[stack]", StringComparison.Ordinal));
    }

    /// <summary>What an HttpClient cache's growth also grows (seen on ClassicLeaksApp's httpclient mode): no inspection.</summary>
    [Fact]
    public void SocketCallbacksAndThreadPoolWorkersAreNotSubscriptionsOrThreadsPerRequest()
    {
        var heaps = Enumerable.Range(0, 12).Select(i => SyntheticProfiles.HeapSnapshot(TimeSpan.FromMinutes(i),
        [
            (["[static] System.Net.Sockets.SocketAsyncEngine.s_registeredContexts: System.Net.Sockets.SocketAsyncContext[]",
                "System.Net.Sockets.SocketAsyncContext[]", "System.Net.Sockets.SocketAsyncContext", "System.Net.Sockets.BufferMemoryReceiveOperation",
                "System.Action`5[System.Int32,System.Byte[],System.Int32,System.Net.Sockets.SocketFlags,System.Net.Sockets.SocketError]",
                "System.Net.Sockets.AwaitableSocketAsyncEventArgs"], (2 + i) * MB, 100 * (i + 1)),
        ]));
        var threads = Enumerable.Range(0, 12).Select(i => SyntheticProfiles.Goroutines(TimeSpan.FromMinutes(i),
        [
            (["System.Threading.LowLevelLifoSemaphore.WaitNative", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart"], 2 + (2 * i)),
            (["System.Threading.ManualResetEventSlim.Wait", "Shop.SessionLogger.Run"], 10 + (20 * i)),
        ]));

        var found = Inspect(heaps.Concat(threads));

        Assert.DoesNotContain(found, f => f.Id == "event-handlers");
        var thread = Assert.Single(found, f => f.Id == "thread-per-request");
        Assert.Contains("Shop.SessionLogger.Run", thread.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoSeriesInspectionsNameTheSites()
    {
        Assert.Contains(Inspect(Series("gobmap.heap")), f => f.Id == "go-map" && f.Message.Contains("reflect.mapassign_faststr", StringComparison.Ordinal));
        Assert.Contains(Inspect(Series("bytesbuffer.heap")), f => f.Id == "go-bytes-buffer" && f.Message.Contains("bytes.growSlice", StringComparison.Ordinal));
        Assert.Contains(Inspect(Series("loggerleak.goroutine")), f => f.Id == "thread-per-request"
            && f.Message.StartsWith("2000 threads or goroutines wait at main.(*asyncLogger).processQueue", StringComparison.Ordinal));
    }

    [Fact]
    public void RssFarAboveAFlatHeapIsHeldByTheRuntimeNotALeak()
    {
        var found = Inspect(Snapshots(i => 100 * MB, i => 400 * MB));
        var finding = Assert.Single(found);
        Assert.Equal("rss-above-heap", finding.Id);
        Assert.StartsWith("RSS 400.00MB stays far above a flat heap of 100.00MB: held by the GC and the runtime, not a leak", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RssGrowingOutsideTheHeapIsNativeGrowth()
    {
        var found = Inspect(Snapshots(i => 100 * MB, i => (150 + (10 * i)) * MB));
        Assert.Equal("native-growth", Assert.Single(found).Id);
    }

    [Fact]
    public void HeapGrowingWithRssIsNeitherMemoryFinding()
    {
        var found = Inspect(Snapshots(i => (100 + (10 * i)) * MB, i => (150 + (10 * i)) * MB));
        Assert.DoesNotContain(found, f => f.Id is "native-growth" or "rss-above-heap");
    }

    [Fact]
    public void GoIdleHeapFromTheMemStatsBlockIsHeldByTheRuntime()
    {
        var text = File.ReadAllText(TestData.File("gobmap.heap.debug1.txt"));
        var idle = text.Replace("# HeapIdle = 6324224\n", "# HeapIdle = 602514944\n", StringComparison.Ordinal);
        Assert.NotEqual(text, idle);
        var file = Path.Combine(Path.GetTempPath(), $"idle-{Guid.NewGuid():N}.heap.txt");
        File.WriteAllText(file, idle);
        try
        {
            var digest = SeriesLoader.Load(file);
            Assert.Equal(602514944 - 2514944, digest.Memory[GoMemStats.IdleNotReleased]);
            var report = new LeakAnalysis(new LeakAnalysisOptions { ByOrder = true }).Analyse([digest, SeriesLoader.Load(file)]);
            var finding = Assert.Single(report.Inspections);
            Assert.Equal("go-idle-heap", finding.Id);
            Assert.StartsWith("the Go runtime holds 572.20MB of idle heap not returned to the OS (HeapIdle − HeapReleased) next to a live heap of 7.61MB: not a leak", finding.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<Profile> Snapshots(Func<int, long> heap, Func<int, long> rss) =>
        Enumerable.Range(0, 12).Select(i =>
        {
            var profile = SyntheticProfiles.HeapSnapshot(TimeSpan.FromMinutes(i), [(["[stack]", "System.Byte[]"], heap(i), 100)]);
            profile.Comments.Add(MemoryComment.Format(MemoryComment.Rss, rss(i)));
            return profile;
        });

    private static IEnumerable<Profile> Series(string name) =>
        Enumerable.Range(0, 5).Select(i => ProfileSource.Load(TestData.File($"{name}.{i}.pb.gz")));

    private static IReadOnlyList<Inspection> Inspect(IEnumerable<Profile> profiles) =>
        new LeakAnalysis(new LeakAnalysisOptions())
            .Analyse([.. profiles.Select((p, i) => ProfileDigester.Digest(p, $"p{i}"))])
            .Inspections;
}
