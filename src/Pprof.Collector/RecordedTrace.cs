using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// A trace recorded from a process with stacks and the rundown, opened with its stacks resolved, and when it ran:
/// what every stack-based profile starts from.
/// </summary>
internal sealed class RecordedTrace : IDisposable
{
    private readonly TraceScratch _scratch;

    private RecordedTrace(TraceScratch scratch, DateTimeOffset started, TimeSpan elapsed)
    {
        _scratch = scratch;
        Started = started;
        Elapsed = elapsed;
        Log = scratch.OpenLog();
    }

    public TraceLog Log { get; }
    public DateTimeOffset Started { get; }
    public TimeSpan Elapsed { get; }

    public static RecordedTrace Record(
        DotnetProcess target, EventPipeProvider[] providers, CollectionSettings settings, Action? beforeStop = null)
    {
        var configuration = new EventPipeSessionConfiguration(providers, 256, ClrKeywords.Rundown, requestStackwalk: true);
        var scratch = new TraceScratch();
        try
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            NetTraceRecorder.Record(target.Id, configuration, scratch.NetTrace, settings, beforeStop);
            return new RecordedTrace(scratch, started, clock.Elapsed);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>Gives the profile the trace's start time and duration.</summary>
    public void Stamp(Profile profile)
    {
        profile.TimeNanos = Started.ToUnixTimeMilliseconds() * 1_000_000;
        profile.DurationNanos = (long)(Elapsed.TotalMilliseconds * 1_000_000);
    }

    public void Dispose()
    {
        Log.Dispose();
        _scratch.Dispose();
    }
}
