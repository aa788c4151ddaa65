using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>threads</c> profile, .NET's goroutine profile: the managed stack of every thread, counted by stack. The
/// sample profiler visits every managed thread about every millisecond; the last stack it saw of each thread counts,
/// with a <c>state</c> label saying whether the thread was running managed code then or was outside it (blocked in a
/// wait, sleeping, or in native code), as Go's goroutine dumps give each goroutine's state.
/// </summary>
internal static class ThreadCollector
{
    public const string Running = "running";
    public const string Outside = "waiting or in native code";

    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.SampleProfiler, EventLevel.Informational)];
        using var trace = RecordedTrace.Record(target, providers, settings);
        var lastSamples = new Dictionary<int, (TraceCallStack? Stack, string State)>();
        var source = trace.Log.Events.GetSource();
        // A sample whose stack did not reach the trace (the session stopping between the two) does not replace one
        // whose stack did: the thread would count under "[no managed frames]".
        new SampleProfilerTraceEventParser(source).ThreadSample += e =>
        {
            var stack = e.CallStack();
            if (stack is not null || !lastSamples.ContainsKey(e.ThreadID))
            {
                lastSamples[e.ThreadID] = (stack, e.Type == ClrThreadSampleType.Managed ? Running : Outside);
            }
        };
        source.Process();

        var builder = new ProfileBuilder(new SampleType("threads", "count"));
        using var stacks = new ManagedStacks(builder, target.Id);
        foreach (var (callStack, state) in lastSamples.Values)
        {
            var stack = stacks.Resolve(callStack);
            builder.Add(stack.Length > 0 ? stack : [builder.Frame("[no managed frames]")], [1], Label.String("state", state));
        }

        var profile = builder.Build(target.MainModule);
        profile.PeriodType = new SampleType("threads", "count");
        profile.Period = 1;
        profile.Comments.Insert(0, 
            $"dotnet-pprof collect threads -p {target.Id}: {lastSamples.Count} managed threads, each at its last sampled stack");
        return trace.Finish(profile);
    }
}
