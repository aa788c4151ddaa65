namespace Pprof.Leaks;

/// <summary>
/// The classic leaks, recognised in the growing rows: a collection under a static, event handlers piling up,
/// timers never disposed, an HttpClient per request, large buffers, a finalizer backlog, a thread or goroutine
/// per request; Go's map, sync.Map, bytes.Buffer and gob growth; and the memory that RSS holds beyond the heap.
/// Each finding is one line with its evidence.
/// </summary>
public static class Inspections
{
    private const double LargeObjectBytes = 85_000;
    private const double RssOverHeapRatio = 1.5;
    internal const double RssOverHeapBytes = 100 * LeakThresholds.MiB;

    /// <summary>Doubling block sizes at one site that make a growing map (or slice) rather than chance.</summary>
    private const int MapLadder = 3;
    private const double DuplicateStringsBytes = LeakThresholds.MiB;

    private static readonly string[] Collections =
    [
        "Dictionary<", "List<", "HashSet<", "ConcurrentDictionary<", "ConcurrentBag<", "ConcurrentQueue<", "Queue<", "Stack<",
        "SortedDictionary<", "SortedList<", "LinkedList<", "Hashtable", "ArrayList", "ImmutableList<", "ImmutableDictionary<",
    ];

    private static readonly (string Id, string[] Sites, string What)[] GoSites =
    [
        ("go-map", ["runtime.mapassign", "runtime.makemap", "reflect.mapassign", "reflect.makemap", "runtime.hashGrow"], "a map grows at one site"),
        ("go-sync-map", ["sync.(*Map).", "sync.newEntry"], "a sync.Map whose entries are never deleted"),
        ("go-bytes-buffer", ["bytes.growSlice", "bytes.makeSlice", "bytes.(*Buffer)."], "bytes.Buffer doubling: buffers kept after growing"),
        ("go-gob", ["encoding/gob."], "values decoded by encoding/gob kept alive"),
    ];

    /// <param name="gcSettings">The GC's settings, for the advice of the memory findings; null when unknown.</param>
    public static IReadOnlyList<Inspection> Find(
        IReadOnlyList<SeriesHeader> series, IReadOnlyList<GroupTable> groups, IReadOnlyList<MemoryReading> memory, LeakThresholds thresholds,
        GcTraceReading? gcTrace = null, GcSettingsReading? gcSettings = null, IReadOnlyList<DuplicateStringReading>? duplicateStrings = null)
    {
        var findings = new List<Inspection>();
        foreach (var table in groups)
        {
            var growing = table.Rows.Where(r => r.Verdict is Verdict.Leak or Verdict.Growing).ToList();
            switch (table.By)
            {
                case Grouping.Path:
                    findings.AddRange(PathFindings(growing));
                    break;
                case Grouping.Type:
                    findings.AddRange(TypeFindings(growing));
                    break;
                case Grouping.Site:
                    findings.AddRange(SiteFindings(growing));
                    break;
                default:
                    findings.AddRange(growing.Where(r => !IsRuntimeThread(r.Name)).Select(r => new Inspection(
                        "thread-per-request",
                        $"{Quantities.Count(r.Objects.Last, "thread or goroutine", "threads or goroutines")} {(r.Objects.Last == 1 ? "waits" : "wait")} at {r.Name} ({VerdictOf(r)}, {Signed(r.Trend.Growth, counts: true)} over the series): one is started per request or job and never ends")));
                    break;
            }
        }

        findings.AddRange(MemoryFindings(series, memory, thresholds, gcSettings));
        findings.AddRange(GoRuntimeMemory.Findings(memory, gcTrace));
        findings.AddRange(DuplicateStrings(duplicateStrings ?? []));
        return findings;
    }

    private static IEnumerable<Inspection> PathFindings(List<KeyRow> rows)
    {
        foreach (var byRoot in rows.GroupBy(r => Hops(r)[0]).Where(g => g.Key.StartsWith("static ", StringComparison.Ordinal)))
        {
            var collection = byRoot.SelectMany(r => Hops(r).Skip(1)).FirstOrDefault(IsCollection);
            if (collection is not null)
            {
                var growth = byRoot.Sum(r => r.Trend.Growth);
                yield return new Inspection("static-collection",
                    $"{byRoot.Key} holds an unbounded {Plain(collection)}: {Signed(growth, counts: false)} over the series ({VerdictOf(byRoot.First())}); bound it, evict from it, or remove what is done");
            }
        }

        foreach (var row in rows)
        {
            var hops = Hops(row);
            var handler = Array.FindLastIndex(hops, IsHandler);
            var firstHandler = Array.FindIndex(hops, IsHandler);
            if (handler > 0 && handler < hops.Length - 1 && firstHandler <= MaxPublisherHops)
            {
                var publisher = hops[..firstHandler];
                yield return new Inspection("event-handlers",
                    $"handlers pile up on {string.Join(RetentionPathName.NameSeparator, publisher)}: subscriber {Plain(hops[handler + 1])}, {Signed(row.Trend.Growth, counts: false)} ({VerdictOf(row)}); unsubscribe (-=) when the subscriber is done");
            }

            var timer = Array.FindIndex(hops, h => h.StartsWith("TimerQueueTimer", StringComparison.Ordinal) || h.StartsWith("TimerHolder", StringComparison.Ordinal));
            if (timer >= 0)
            {
                var target = hops.Skip(timer + 1).FirstOrDefault(h => !h.StartsWith("Timer", StringComparison.Ordinal) && !h.EndsWith("Callback", StringComparison.Ordinal) && !h.StartsWith('('));
                yield return new Inspection("timers",
                    $"timers never disposed: {Plain(hops[timer])} objects grow under {hops[0]}{(target is null ? "" : $", callback target {Plain(target)}")} ({VerdictOf(row)}); dispose each Timer when its owner is done");
            }

            if (hops[0] == "[finalization queue]")
            {
                yield return new Inspection("finalizer-backlog",
                    $"the finalization queue grows: {Plain(hops[^1])} {Signed(row.Trend.Growth, counts: false)} ({VerdictOf(row)}); finalizers run slower than such objects die — dispose them instead");
            }
        }
    }

    private static IEnumerable<Inspection> TypeFindings(List<KeyRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Name is "HttpClient" or "HttpClientHandler" or "SocketsHttpHandler" or "HttpConnectionPool")
            {
                yield return new Inspection("httpclient-per-request",
                    $"{row.Name} objects grow {row.Objects.First} -> {row.Objects.Last} ({VerdictOf(row)}): one is made per request; share one, or use IHttpClientFactory");
            }
            else if (row.Name is "Byte[]" or "Char[]" or "String" && row.Objects.Last > 0 && row.Last / row.Objects.Last >= LargeObjectBytes)
            {
                yield return new Inspection("large-buffers",
                    $"{row.Name} on the large object heap grows: {Quantities.Count(row.Objects.Last, "object")} of {Quantities.Format(row.Last / row.Objects.Last, false)} on average, {Signed(row.Trend.Growth, counts: false)} ({VerdictOf(row)}); pool them (ArrayPool) or stream instead");
            }
        }
    }

    private static IEnumerable<Inspection> SiteFindings(List<KeyRow> rows)
    {
        foreach (var (id, sites, what) in GoSites)
        {
            // The site, or the callers a LEAK site's accumulation walk went through (gob's decoding under reflect's map).
            if (rows.FirstOrDefault(r => r.Callers.Prepend(r.Name).Any(f => sites.Any(s => f.StartsWith(s, StringComparison.Ordinal)))) is { } row)
            {
                yield return new Inspection(id, $"{what}: {row.Name} {Signed(row.Trend.Growth, counts: false)} ({VerdictOf(row)})");
            }
            else if (id == "go-map" && rows.FirstOrDefault(r => r.DoublingBlocks.Count >= MapLadder && !LibraryFrames.IsLibrary(r.Name)) is { } doubling)
            {
                // Go's heap profiles hide the runtime's frames: a map assigned to in the program's own code shows as that
                // function. Its bucket arrays, each twice the last, give it away.
                var blocks = string.Join(", ", doubling.DoublingBlocks.Select(b => Quantities.Format(b, false)));
                yield return new Inspection(id,
                    $"{what}: {doubling.Name} {Signed(doubling.Trend.Growth, counts: false)} ({VerdictOf(doubling)}) allocated blocks of {blocks}, each twice the last, "
                    + "as a map's buckets (or a slice's array) do when it grows: look for a map it adds to and never deletes from");
            }
        }
    }

    /// <summary>
    /// Heap versus committed and RSS: memory the GC or the process holds beyond a flat heap (not a leak: the setting that
    /// changes it), or RSS growing outside what the GC holds (native growth). The heap is the GC's own figure where the
    /// profiles say it, else the snapshots' total.
    /// </summary>
    private static IEnumerable<Inspection> MemoryFindings(
        IReadOnlyList<SeriesHeader> series, IReadOnlyList<MemoryReading> memory, LeakThresholds thresholds, GcSettingsReading? settings)
    {
        var snapshots = series.FirstOrDefault(s => !s.Counts);
        var rss = memory.FirstOrDefault(m => m.Name == MemoryComment.Rss);
        if (snapshots is null || (rss is null && !memory.Any(m => m.Name == MemoryComment.GcCommitted)))
        {
            yield break;
        }

        double[] minutes = [.. snapshots.Minutes];
        double[] heap = [.. memory.FirstOrDefault(m => m.Name == MemoryComment.GcHeap)?.Values ?? snapshots.Totals];
        var committed = memory.FirstOrDefault(m => m.Name == MemoryComment.GcCommitted)?.Values;
        if (heap.Length != minutes.Length || (rss is not null && rss.Values.Count != minutes.Length) || (committed is not null && committed.Count != minutes.Length))
        {
            yield break;
        }

        var heapTrend = SeriesTrend.Fit(minutes, heap);
        var heapFlat = !(heapTrend.Slope > 0 && heapTrend.TrendP < thresholds.Alpha);
        if (rss is not null)
        {
            // Outside the GC: RSS less what the GC holds (committed where known, else the heap).
            double[] gc = [.. committed ?? heap];
            var gcTrend = SeriesTrend.Fit(minutes, gc);
            var outsideTrend = SeriesTrend.Fit(minutes, [.. rss.Values.Select((r, i) => r - gc[i])]);
            var rssTrend = SeriesTrend.Fit(minutes, [.. rss.Values]);
            if (rssTrend.Slope > 0 && rssTrend.TrendP < thresholds.Alpha && outsideTrend.Slope > 0 && outsideTrend.TrendP < thresholds.Alpha
                && outsideTrend.Growth >= thresholds.MinGrowthBytes && outsideTrend.Growth >= 2 * Math.Max(gcTrend.Growth, 0))
            {
                var gcGrowth = committed is null ? "" : $", GC committed {Signed(gcTrend.Growth, counts: false)}";
                yield return new Inspection("native-growth",
                    $"RSS grows outside the GC heap: RSS {Signed(rssTrend.Growth, counts: false)}{gcGrowth}, heap {Signed(heapTrend.Growth, counts: false)} over the series; "
                    + "look at native allocations (interop, unmanaged buffers, a native library)");
                yield break;
            }
        }

        if (!heapFlat)
        {
            yield break;
        }

        var lastHeap = heap[^1];
        if (committed is not null && FarAbove(committed[^1], lastHeap))
        {
            var beyond = rss is null ? "" : $" (RSS {Quantities.Format(rss.Values[^1], false)})";
            yield return new Inspection("committed-above-heap",
                $"GC committed {Quantities.Format(committed[^1], false)}{beyond} stays far above a flat heap of {Quantities.Format(lastHeap, false)}{Mode(settings)}: "
                + $"held by the GC, not a leak; {GcAdvice.For(settings)}");
        }
        else if (rss is not null && committed is not null && FarAbove(rss.Values[^1], Math.Max(lastHeap, committed[^1])))
        {
            yield return new Inspection("rss-above-heap",
                $"RSS {Quantities.Format(rss.Values[^1], false)} stays far above a flat heap of {Quantities.Format(lastHeap, false)} and what the GC holds "
                + $"({Quantities.Format(committed[^1], false)} committed): memory outside the GC (native allocations, the runtime's own data, mapped files) "
                + "that does not grow: not a leak, and no GC setting changes it");
        }
        else if (rss is not null && committed is null && FarAbove(rss.Values[^1], lastHeap))
        {
            yield return new Inspection("rss-above-heap",
                $"RSS {Quantities.Format(rss.Values[^1], false)} stays far above a flat heap of {Quantities.Format(lastHeap, false)}{Mode(settings)}: "
                + $"held by the GC and the runtime, not a leak; {GcAdvice.For(settings)}");
        }
    }

    private static bool FarAbove(double memory, double heap) => memory >= RssOverHeapRatio * heap && memory - heap >= RssOverHeapBytes;

    private static string Mode(GcSettingsReading? settings) => settings is null ? "" : $" under {GcAdvice.Mode(settings)}";

    /// <summary>The same string values held in many copies, from the latest profile that lists them.</summary>
    private static IEnumerable<Inspection> DuplicateStrings(IReadOnlyList<DuplicateStringReading> duplicates)
    {
        var wasted = duplicates.Sum(d => d.WastedBytes);
        if (wasted >= DuplicateStringsBytes)
        {
            var most = duplicates.MaxBy(d => d.WastedBytes)!;
            var value = most.Value.Length > 60 ? most.Value[..60] + "…" : most.Value;
            yield return new Inspection("duplicate-strings",
                $"{duplicates.Count} string values are held in several copies, {Quantities.Format(wasted, false)} more than one copy each would take; "
                + $"the most: {Quantities.Count(most.Copies, "copy", "copies")} of {MemoryComment.Quoted(value)} ({Quantities.Format(most.WastedBytes, false)}); "
                + "share one instance where they are made (a lookup or string.Intern) or keep fewer of them");
        }
    }

    private static string[] Hops(KeyRow row) => row.Name.Split(RetentionPathName.NameSeparator);

    /// <summary>
    /// An event's handlers hang off the event's field (<c>static Changed › EventHandler</c>) or the publisher it
    /// holds (<c>static Bus › EventBus › EventHandler</c>); a delegate deeper down is some object's callback (a socket's
    /// completion in the runtime's socket engine), not a subscription.
    /// </summary>
    private const int MaxPublisherHops = 2;

    /// <summary>
    /// A .NET stack with no frame but the runtime's own: the thread pool's workers and the timer thread, whose count
    /// follows the load, not a thread started per request (whose stack names the code that started it).
    /// </summary>
    private static bool IsRuntimeThread(string stack) => stack.StartsWith("System.Threading.", StringComparison.Ordinal);

    private static bool IsHandler(string hop) =>
        hop.StartsWith("EventHandler", StringComparison.Ordinal) || hop.StartsWith("Action", StringComparison.Ordinal);

    private static bool IsCollection(string hop) => Collections.Any(c => hop.StartsWith(c, StringComparison.Ordinal));

    private static string Plain(string hop) => hop.EndsWith(" ×", StringComparison.Ordinal) ? hop[..^2] : hop.Split(" ×")[0];

    private static string VerdictOf(KeyRow row) => row.Verdict.ToString().ToUpperInvariant();

    private static string Signed(double value, bool counts) => Quantities.Format(value, counts, signed: true);
}
