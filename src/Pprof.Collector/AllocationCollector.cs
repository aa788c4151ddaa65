using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>allocs</c> profile: .NET 10's randomized AllocationSampled events, each weighted into an unbiased estimate
/// of the objects and bytes it stands for, by allocation stack and type. Older runtimes only have GCAllocationTick,
/// which is biased; the profile then says so.
/// </summary>
internal static class AllocationCollector
{
    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        var version = RuntimeVersion.Of(target.Id);
        var keywords = ClrKeywords.Loader | ClrKeywords.Jit | ClrKeywords.JittedMethodILToNativeMap;
        if (version is null || version.Major >= RuntimeVersion.FirstWithAllocationSampling)
        {
            keywords |= ClrKeywords.AllocationSampling;
        }

        if (version is null || version.Major < RuntimeVersion.FirstWithAllocationSampling)
        {
            keywords |= ClrKeywords.GC;
        }

        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Verbose, keywords)];
        using var trace = RecordedTrace.Record(target, providers, settings);
        using var sampled = new AllocationSamples(AllocationSamples.Allocated);
        using var ticks = new AllocationSamples(AllocationSamples.Allocated);
        var source = trace.Log.Events.GetSource();
        source.Clr.AllocationSampling += e =>
        {
            var objects = AllocationWeight.Objects(e.ObjectSize);
            sampled.Add(e.CallStack(), e.TypeName, [objects, objects * e.ObjectSize]);
        };
        source.Clr.GCAllocationTick += e =>
            ticks.Add(e.CallStack(), e.TypeName, [e.ObjectSize > 0 ? (double)e.AllocationAmount64 / e.ObjectSize : 1, e.AllocationAmount64]);
        source.Process();

        var useTicks = sampled.Count == 0 && ticks.Count > 0;
        if (useTicks)
        {
            settings.Note($"process {target.Id} runs .NET {version?.ToString(2) ?? "(unknown version)"}, which has no "
                + "AllocationSampled events (.NET 10+): this profile comes from GCAllocationTick, one event about every "
                + "100 KB, which is biased toward some allocations");
        }

        var profile = (useTicks ? ticks : sampled).Build(target.MainModule);
        profile.PeriodType = new SampleType("space", "bytes");
        profile.Period = AllocationWeight.MeanSamplingDistance;
        profile.DefaultSampleType = "alloc_space";
        profile.Comments.Insert(0, useTicks
            ? $"dotnet-pprof collect allocs -p {target.Id}: GCAllocationTick events, biased, scaled by the bytes each stands for"
            : $"dotnet-pprof collect allocs -p {target.Id}: AllocationSampled events, unbiased estimates (weight 1/(1-(1-1/102400)^size))");
        return trace.Finish(profile);
    }
}
