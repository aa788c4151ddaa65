using Pprof.Collector;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>Collects profiles of this very process, through its own diagnostic port.</summary>
internal static class SelfProfiler
{
    /// <summary>How long a heap snapshot may take before the profile is cut short.</summary>
    private static readonly TimeSpan HeapWait = ProfileCollector.DefaultDuration(ProfileKind.Heap);

    /// <param name="duration">How long to trace; ignored for the heap, which is a snapshot.</param>
    public static Profile Collect(ProfileKind kind, TimeSpan duration, CancellationToken stop)
    {
        if (kind == ProfileKind.Heap)
        {
            // An earlier collection leaves its trace objects to their finalizers: run them, or the snapshot's own GC
            // would report that garbage as live, under the finalization queue.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var notes = new List<string>();
        var target = DotnetProcesses.ById(Environment.ProcessId);
        var settings = new CollectionSettings(kind == ProfileKind.Heap ? HeapWait : duration, stop, Progress: null, notes.Add);
        var profile = ProfileCollector.Collect(kind, target, settings);
        profile.Comments.AddRange(notes);
        if (kind == ProfileKind.Heap)
        {
            // Go's /debug/pprof/heap opens on inuse_space, and growth between two (-base) reads best in it.
            profile.DefaultSampleType = "inuse_space";
        }

        return kind == ProfileKind.Allocs ? ProfilerAllocations.Remove(profile) : profile;
    }

    /// <summary>What the heap gained (and lost) over a while: a snapshot minus the one taken before, as Go's delta profiles.</summary>
    public static Profile HeapGrowth(TimeSpan window, CancellationToken stop)
    {
        var before = Collect(ProfileKind.Heap, HeapWait, stop);
        stop.WaitHandle.WaitOne(window);
        var after = Collect(ProfileKind.Heap, HeapWait, stop);
        var startNanos = before.TimeNanos;
        Scaling.Scale(before, -1);
        var growth = Merger.Merge([after, before]);
        growth.TimeNanos = startNanos;
        growth.DurationNanos = after.TimeNanos - startNanos;
        growth.Comments.Add($"heap growth over {window.TotalSeconds:0} s: the second snapshot minus the first");
        return growth;
    }
}
