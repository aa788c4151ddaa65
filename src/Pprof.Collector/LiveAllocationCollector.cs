using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// <c>collect heap --alloc-stacks</c>, Go's heap profile for .NET: the allocations sampled over the duration, and those
/// of them still alive at its end, by allocation stack and type. Each sampled object is followed through the GCs
/// (<see cref="SurvivalTracker"/>); a blocking gen-2 GC induced at the end settles which are alive.
/// </summary>
internal static class LiveAllocationCollector
{
    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        if (RuntimeVersion.Of(target.Id) is { Major: < RuntimeVersion.FirstWithAllocationSampling } version)
        {
            throw new CollectorException($"process {target.Id} runs .NET {version.ToString(2)}: heap --alloc-stacks needs "
                + "the AllocationSampled events of .NET 10 or later (collect heap without it works on any version)");
        }

        const long keywords = ClrKeywords.Loader | ClrKeywords.Jit | ClrKeywords.JittedMethodILToNativeMap
            | ClrKeywords.AllocationSampling | ClrKeywords.GC | ClrKeywords.GCHeapSurvivalAndMovement;
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Verbose, keywords)];
        using var trace = RecordedTrace.Record(target, providers, settings, beforeStop: () => InducedGc.Run(target.Id));
        var (sampled, tracker, collections) = Follow(trace.Log);

        // The GC induced at the end is the last; objects allocated after the app's own last GC had no chance to die yet.
        var lastAppGc = trace.TargetExited ? collections : collections - 1;
        using var samples = new AllocationSamples(AllocationSamples.AllocatedAndInUse);
        foreach (var allocation in sampled)
        {
            var inUse = tracker.IsAlive(allocation.TrackerId) ? 1 : 0;
            var age = allocation.GcsBefore >= lastAppGc ? AfterLastGc : BeforeLastGc;
            samples.Add(trace.Log.CallStacks[allocation.Stack], allocation.TypeName,
                [allocation.Objects, allocation.Bytes, inUse * allocation.Objects, inUse * allocation.Bytes], age);
        }

        var profile = samples.Build(target.MainModule);
        profile.PeriodType = new SampleType("space", "bytes");
        profile.Period = AllocationWeight.MeanSamplingDistance;
        profile.DefaultSampleType = "inuse_space";
        var end = trace.TargetExited ? "after the last GC before the process exited" : "after an induced gen-2 GC";
        profile.Comments.Insert(0, $"dotnet-pprof collect heap --alloc-stacks -p {target.Id}: {sampled.Count} sampled allocations, "
            + $"{tracker.AliveCount} of them alive {end}, followed through {collections} GCs");
        profile.Comments.Insert(1, "alloc_*: allocated during the collection; inuse_*: of those, still alive at its end "
            + "(unbiased estimates, weight 1/(1-(1-1/102400)^size))");
        profile.Comments.Insert(2, $"label allocated={AfterLastGc.Str}: objects the app's GCs have not had a chance to "
            + "free yet (requests in flight); -tagignore=allocated=after shows only what outlived a GC");
        return trace.Finish(profile);
    }

    private static (List<SampledAllocation> Sampled, SurvivalTracker Tracker, int Collections) Follow(TraceLog log)
    {
        var tracker = new SurvivalTracker();
        var sampled = new List<SampledAllocation>();
        var typeNames = new Dictionary<ulong, string>();
        var collections = 0;
        var source = log.Events.GetSource();
        var clr = source.Clr;
        clr.AllocationSampling += e =>
        {
            if (!typeNames.TryGetValue(e.TypeID, out var typeName))
            {
                typeName = e.TypeName;
                typeNames[e.TypeID] = typeName;
            }

            var objects = AllocationWeight.Objects(e.ObjectSize);
            sampled.Add(new SampledAllocation(
                e.CallStackIndex(), typeName, objects, objects * e.ObjectSize, tracker.Allocated(e.Address), collections));
        };
        clr.GCStart += e => tracker.GcStarted(e.Count, e.Depth, (int)e.Type);
        clr.GCStop += e =>
        {
            collections++;
            tracker.GcEnded(e.Count);
        };
        clr.GCGenerationRange += e => tracker.GenerationRange(e.Generation, e.RangeStart, e.RangeReservedLength);
        clr.GCBulkSurvivingObjectRanges += e =>
        {
            for (var i = 0; i < e.Count; i++)
            {
                var range = e.Values(i);
                tracker.Survived(range.RangeBase, range.RangeLength);
            }
        };
        clr.GCBulkMovedObjectRanges += e =>
        {
            for (var i = 0; i < e.Count; i++)
            {
                var range = e.Values(i);
                tracker.Moved(range.OldRangeBase, range.NewRangeBase, range.RangeLength);
            }
        };
        source.Process();
        return (sampled, tracker, collections);
    }

    private static readonly Label AfterLastGc = Label.String("allocated", "after the last GC");
    private static readonly Label BeforeLastGc = Label.String("allocated", "before the last GC");

    /// <param name="GcsBefore">How many GCs had ended when the object was allocated.</param>
    private sealed record SampledAllocation(CallStackIndex Stack, string TypeName, double Objects, double Bytes, int TrackerId, int GcsBefore);
}
