using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Pprof.Collector.Metadata;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>heap</c> profile: a snapshot of the live objects, as dotnet-gcdump takes it (an induced blocking gen-2 GC
/// that reports every object, reference and root). Each sample is the objects of one type held along one retention
/// path, root first: <c>-top</c> names the types that take the space, <c>-top -cum</c> what holds them, and
/// <c>-sample_index=retained_space -top</c> the objects that keep the most memory alive.
/// </summary>
internal static class HeapCollector
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public static HeapSnapshot Collect(DotnetProcess target, CollectionSettings settings)
    {
        TypeCacheFlush.Run(target.Id);
        var started = DateTimeOffset.UtcNow;
        var (graph, walkTime, gc) = Snapshot(target, settings);

        // Two independent walks of the graph: side by side on two cores.
        var paths = Task.Run(() => RetentionPaths.Compute(graph));
        var dominators = DominatorTree.Compute(graph);
        var profile = HeapProfile.Build(graph, paths.Result, dominators);
        profile.TimeNanos = started.ToUnixTimeMilliseconds() * 1_000_000;
        profile.Comments.Add($"dotnet-pprof collect heap -p {target.Id}: {graph.ObjectCount} live objects after an induced gen-2 GC; "
            + "stacks are retention paths, root first");
        if (walkTime is { } walk)
        {
            profile.Comments.Add(
                $"the runtime walked the heap in {walk.TotalSeconds:0.000} s (the induced GC, start to end: the process was paused)");
        }

        if (gc is not null)
        {
            var committed = gc.CommittedBytes is { } bytes ? $", committed {GcTraceText.Megabytes(bytes)} MB" : "";
            var heaps = gc.Heaps is { } count ? $" ({count} GC heap{(count == 1 ? "" : "s")})" : "";
            profile.Comments.Add($"after the induced GC: GC heap {GcTraceText.Megabytes(gc.HeapBytes)} MB{committed}{heaps}");
        }

        return new HeapSnapshot(profile, gc);
    }

    /// <summary>
    /// The walked heap, how long the runtime took to walk it and what the GC said of itself after it; the events are
    /// let go once it is built.
    /// </summary>
    private static (HeapGraph Graph, TimeSpan? WalkTime, GcHeapFigures? Gc) Snapshot(DotnetProcess target, CollectionSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var (reader, gc) = Walk(target, settings, clock);
        settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, reader.Graph.ObjectBytes, Analyzing: true));
        if (!reader.IsComplete)
        {
            settings.Note(reader.Graph.ObjectBytes == 0
                ? $"process {target.Id} reported no heap within {clock.Elapsed.TotalSeconds:0.#}s: the profile is empty"
                : $"the heap walk of process {target.Id} did not finish within {clock.Elapsed.TotalSeconds:0.#}s: the profile is partial");
        }

        using var modules = new ModuleCatalog([]);
        var owners = new StaticFieldOwners(modules, LoadedAssemblies.Of(target.Id));
        return (reader.Graph.Build(owners), reader.WalkTime, gc);
    }

    private static (HeapSnapshotReader Walk, GcHeapFigures? Gc) Walk(DotnetProcess target, CollectionSettings settings, Stopwatch clock)
    {
        // The walk's events are read as the runtime writes them, the GC being induced by a second session; the
        // buffer holds the walk when the reader falls behind anyway: events dropped would lose objects.
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Verbose, ClrKeywords.GCHeapWalk)];
        // The rundown, when the session stops, names the methods whose frames hold stack roots.
        var configuration = new EventPipeSessionConfiguration(providers, 1024, requestRundown: true, requestStackwalk: false);
        using var session = SessionStarter.Start(target.Id, configuration);
        using var source = new EventPipeEventSource(session.EventStream);
        var reader = new HeapSnapshotReader(source.Clr, new ClrRundownTraceEventParser(source));
        var figures = new GcHeapFiguresReader(source.Clr);
        var processing = Task.Run(source.Process);
        var gc = Task.Run(() => InducedGc.Run(target.Id));
        // Once the inducing session has returned, the GC and its walk are over and every event of the walk is in the
        // session's buffers; stopping the session flushes them. Waiting for them to arrive instead can take until the
        // duration runs out when the process is idle: nothing else fills the buffers that the runtime sends on.
        while (!reader.IsComplete && !processing.IsCompleted && !gc.IsCompleted && !settings.Stop.IsCancellationRequested
            && clock.Elapsed < settings.Duration)
        {
            WaitHandle.WaitAny([reader.Completed, settings.Stop.WaitHandle], settings.NextWait(clock.Elapsed, ProgressInterval));
            settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, reader.Graph.ObjectBytes));
        }

        try
        {
            session.Stop();
            processing.Wait();
            gc.Wait();
        }
        catch (Exception error) when (error is ServerNotAvailableException or IOException or EndOfStreamException or AggregateException)
        {
            throw new CollectorException($"process {target.Id} went away during the heap walk", error);
        }

        return (reader, figures.Last);
    }
}

/// <summary>A heap snapshot, and what the GC said of itself right after the induced GC that walked it.</summary>
/// <param name="Gc">Null when the runtime did not report the GC's heap statistics.</param>
public sealed record HeapSnapshot(Profile Profile, GcHeapFigures? Gc);
