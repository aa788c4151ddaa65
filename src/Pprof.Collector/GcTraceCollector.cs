using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Pprof.Collector;

/// <summary>
/// <c>collect gc</c>: a line per GC as it happens, like Go's GODEBUG=gctrace=1, from the runtime's GC events
/// (keyword GC at Informational: cheap, no stacks), with the process's resident memory beside the heap; then a
/// summary, which says why when resident memory stays far above the heap.
/// </summary>
public static class GcTraceCollector
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    public static void Collect(DotnetProcess target, CollectionSettings settings, TextWriter output)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Informational, ClrKeywords.GC)];
        var configuration = new EventPipeSessionConfiguration(providers, 64, requestRundown: false, requestStackwalk: false);
        var processStart = StartTime(target.Id) ?? DateTime.UtcNow;
        var summary = new GcSummary();
        long written = 0;
        var clock = Stopwatch.StartNew();
        using var session = SessionStarter.Start(target.Id, configuration);
        using var source = new EventPipeEventSource(session.EventStream);
        var reader = new GcEventReader(source.Clr, gc =>
        {
            var resident = ResidentMemory.Bytes(target.Id);
            summary.Add(gc, resident);
            var line = GcTraceText.Line(gc, processStart, resident);
            output.WriteLine(line);
            output.Flush();
            Interlocked.Add(ref written, line.Length + 1);
        });
        var processing = Task.Run(source.Process);
        while (!processing.IsCompleted && !settings.Stop.IsCancellationRequested && clock.Elapsed < settings.Duration)
        {
            var handles = new[] { ((IAsyncResult)processing).AsyncWaitHandle, settings.Stop.WaitHandle };
            WaitHandle.WaitAny(handles, settings.NextWait(clock.Elapsed, SampleInterval));
            summary.SampleResident(ResidentMemory.Bytes(target.Id));
            settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, Interlocked.Read(ref written)));
        }

        if (processing.IsCompleted)
        {
            // The process exited: its GCs until then are still worth the summary.
            settings.Note($"process {target.Id} ended the trace after {clock.Elapsed.TotalSeconds:0.0}s (did it exit?)");
        }
        else
        {
            Stop(session, processing, target.Id);
        }

        reader.Flush(final: true);
        summary.Write(output, clock.Elapsed);
    }

    private static void Stop(EventPipeSession session, Task processing, int processId)
    {
        try
        {
            session.Stop();
            processing.Wait();
        }
        catch (Exception error) when (error is ServerNotAvailableException or IOException or EndOfStreamException or AggregateException)
        {
            throw new CollectorException($"process {processId} went away during the collection", error);
        }
    }

    private static DateTime? StartTime(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or Win32Exception)
        {
            return null;
        }
    }
}
