using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>cpu</c> profile: where threads run managed code. The sample profiler visits every managed thread about
/// every millisecond (less often when there are many) and tells whether it was in managed code; each such visit
/// counts the time since the thread's previous visit. Time in native code (the GC, the JIT, native libraries) and
/// time waiting are not counted.
/// </summary>
internal static class CpuCollector
{
    /// <summary>The profiler's nominal interval, as the profile's period.</summary>
    private const long NominalIntervalNanos = 1_000_000;

    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.SampleProfiler, EventLevel.Informational)];
        using var trace = RecordedTrace.Record(target, providers, settings);
        var builder = new ProfileBuilder(new SampleType("samples", "count"), new SampleType("cpu", "nanoseconds"));
        using var stacks = new ManagedStacks(builder, target.Id);
        var lastVisits = new Dictionary<int, double>();
        var source = trace.Log.Events.GetSource();
        new SampleProfilerTraceEventParser(source).ThreadSample += e =>
        {
            // A thread's first visit has no previous one to measure from: it only starts the thread's clock.
            if (lastVisits.TryGetValue(e.ThreadID, out var previous) && e.Type == ClrThreadSampleType.Managed)
            {
                builder.Add(stacks.Resolve(e.CallStack()), [1, (e.TimeStampRelativeMSec - previous) * 1_000_000]);
            }

            lastVisits[e.ThreadID] = e.TimeStampRelativeMSec;
        };
        source.Process();

        var profile = builder.Build(target.MainModule);
        profile.PeriodType = new SampleType("cpu", "nanoseconds");
        profile.Period = NominalIntervalNanos;
        profile.DefaultSampleType = "cpu";
        profile.Comments.Insert(0, $"dotnet-pprof collect cpu -p {target.Id}: sample profiler visits to threads in managed code");
        return trace.Finish(profile);
    }
}
