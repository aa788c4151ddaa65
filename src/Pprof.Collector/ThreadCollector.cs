using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The <c>threads</c> profile, .NET's goroutine profile: the managed stack of every thread, counted by stack. The
/// sample profiler visits every managed thread about every millisecond; the last stack it saw of each thread counts.
/// </summary>
internal static class ThreadCollector
{
    public static Profile Collect(DotnetProcess target, CollectionSettings settings)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.SampleProfiler, EventLevel.Informational)];
        var configuration = new EventPipeSessionConfiguration(providers, 256, ClrKeywords.Rundown, requestStackwalk: true);
        using var scratch = new TraceScratch();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        NetTraceRecorder.Record(target.Id, configuration, scratch.NetTrace, settings);
        var elapsed = clock.Elapsed;

        using var log = scratch.OpenLog();
        var lastStacks = new Dictionary<int, TraceCallStack?>();
        var source = log.Events.GetSource();
        new SampleProfilerTraceEventParser(source).ThreadSample += e => lastStacks[e.ThreadID] = e.CallStack();
        source.Process();

        var builder = new ProfileBuilder(new SampleType("threads", "count"));
        var stacks = new ManagedStacks(builder);
        foreach (var callStack in lastStacks.Values)
        {
            var stack = stacks.Resolve(callStack);
            builder.Add(stack.Length > 0 ? stack : [builder.Frame("[no managed frames]")], [1]);
        }

        var profile = builder.Build(target.MainModule);
        profile.PeriodType = new SampleType("threads", "count");
        profile.Period = 1;
        profile.TimeNanos = started.ToUnixTimeMilliseconds() * 1_000_000;
        profile.DurationNanos = (long)(elapsed.TotalMilliseconds * 1_000_000);
        profile.Comments.Add(
            $"dotnet-pprof collect threads -p {target.Id}: {lastStacks.Count} managed threads, each at its last sampled stack");
        return profile;
    }
}
