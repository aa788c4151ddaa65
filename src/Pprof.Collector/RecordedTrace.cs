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

    private readonly int _processId;

    private RecordedTrace(TraceScratch scratch, int processId, DateTimeOffset started, TimeSpan elapsed, bool targetExited)
    {
        _scratch = scratch;
        _processId = processId;
        TargetExited = targetExited;
        Started = started;
        Elapsed = elapsed;
        Log = scratch.OpenLog();
    }

    public TraceLog Log { get; }
    public DateTimeOffset Started { get; }
    public TimeSpan Elapsed { get; }

    /// <summary>The process exited before the end: the trace stops there, without the rundown.</summary>
    public bool TargetExited { get; }

    public static RecordedTrace Record(
        DotnetProcess target, EventPipeProvider[] providers, CollectionSettings settings, Action? beforeStop = null)
    {
        var configuration = new EventPipeSessionConfiguration(providers, 256, ClrKeywords.Rundown, requestStackwalk: true);
        var scratch = new TraceScratch();
        try
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var ended = NetTraceRecorder.Record(target.Id, configuration, scratch.NetTrace, settings, beforeStop);
            var recorded = new FileInfo(scratch.NetTrace).Length;
            settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, recorded, Analyzing: true));
            return new RecordedTrace(scratch, target.Id, started, clock.Elapsed, targetExited: !ended);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Gives the profile the trace's start time and duration. When the process exited before the end, throws
    /// <see cref="TargetExitedException"/> with the profile instead.
    /// </summary>
    public Profile Finish(Profile profile)
    {
        profile.TimeNanos = Started.ToUnixTimeMilliseconds() * 1_000_000;
        profile.DurationNanos = (long)(Elapsed.TotalMilliseconds * 1_000_000);
        if (TargetExited)
        {
            // A process that exits cleanly still sends the rundown that names its methods; one that crashes does not,
            // and then only the methods compiled during the trace have names.
            profile.Comments.Add($"process {_processId} exited {Elapsed.TotalSeconds:0.0} s into the collection: "
                + "the profile covers the time until then");
            throw new TargetExitedException(
                $"process {_processId} exited {Elapsed.TotalSeconds:0.0} s into the collection; the profile has what was collected until then",
                profile);
        }

        return profile;
    }

    public void Dispose()
    {
        Log.Dispose();
        _scratch.Dispose();
    }
}
