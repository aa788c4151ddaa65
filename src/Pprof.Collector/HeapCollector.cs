using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>heap</c> profile: a snapshot of the live objects, as dotnet-gcdump takes it (an induced blocking gen-2 GC
/// that reports every object, reference and root). Each sample is the objects of one type held along one retention
/// path, root first: <c>-top</c> names the types that take the space, <c>-top -cum</c> what holds them.
/// </summary>
internal static class HeapCollector
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        TypeCacheFlush.Run(target.Id);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var reader = Walk(target, settings, clock);
        if (!reader.IsComplete)
        {
            settings.Note(reader.Graph.ObjectBytes == 0
                ? $"process {target.Id} reported no heap within {clock.Elapsed.TotalSeconds:0.#}s: the profile is empty"
                : $"the heap walk of process {target.Id} did not finish within {clock.Elapsed.TotalSeconds:0.#}s: the profile is partial");
        }

        var graph = reader.Graph.Build();
        var profile = HeapProfile.Build(graph, RetentionPaths.Compute(graph));
        profile.TimeNanos = started.ToUnixTimeMilliseconds() * 1_000_000;
        profile.Comments.Add($"dotnet-pprof collect heap -p {target.Id}: {graph.ObjectCount} live objects after an induced gen-2 GC; "
            + "stacks are retention paths, root first");
        return profile;
    }

    private static HeapSnapshotReader Walk(DotnetProcess target, CollectionSettings settings, Stopwatch clock)
    {
        // The buffer holds the whole walk when the reader falls behind: events dropped would lose objects.
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Verbose, ClrKeywords.GCHeapSnapshot)];
        var configuration = new EventPipeSessionConfiguration(providers, 1024, requestRundown: false, requestStackwalk: true);
        using var session = SessionStarter.Start(target.Id, configuration);
        using var source = new EventPipeEventSource(session.EventStream);
        var reader = new HeapSnapshotReader(source.Clr);
        var processing = Task.Run(source.Process);
        while (!reader.IsComplete && !processing.IsCompleted && !settings.Stop.IsCancellationRequested && clock.Elapsed < settings.Duration)
        {
            var left = settings.Duration - clock.Elapsed;
            WaitHandle.WaitAny([reader.Completed, settings.Stop.WaitHandle], left < ProgressInterval ? left : ProgressInterval);
            settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, reader.Graph.ObjectBytes));
        }

        try
        {
            session.Stop();
            processing.Wait();
        }
        catch (Exception error) when (error is ServerNotAvailableException or IOException or EndOfStreamException or AggregateException)
        {
            throw new CollectorException($"process {target.Id} went away during the heap walk", error);
        }

        return reader;
    }
}
