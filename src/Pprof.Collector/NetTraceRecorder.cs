using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;

namespace Pprof.Collector;

/// <summary>
/// Records an EventPipe session into a .nettrace file for the collection's duration, or until stopped. Stopping the
/// session makes the runtime send the rundown that names every method, which the file then ends with.
/// </summary>
/// <remarks>
/// <c>beforeStop</c> runs at the end while the session still records, whether the time ran out or the user stopped.
/// A process that exits ends the file where it was, without the rundown.
/// </remarks>
internal static class NetTraceRecorder
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RundownTimeout = TimeSpan.FromMinutes(2);

    /// <returns>False when the process exited before the end.</returns>
    public static bool Record(
        int processId, EventPipeSessionConfiguration configuration, string path, CollectionSettings settings, Action? beforeStop = null)
    {
        using var session = SessionStarter.Start(processId, configuration);
        using var file = File.Create(path);
        var copy = session.EventStream.CopyToAsync(file);
        var clock = Stopwatch.StartNew();
        while (!copy.IsCompleted && !settings.Stop.IsCancellationRequested && clock.Elapsed < settings.Duration)
        {
            var handles = new[] { ((IAsyncResult)copy).AsyncWaitHandle, settings.Stop.WaitHandle };
            WaitHandle.WaitAny(handles, settings.NextWait(clock.Elapsed, ProgressInterval));
            settings.Progress?.Report(new CollectionProgress(clock.Elapsed, settings.Duration, new FileInfo(path).Length));
        }

        if (copy.IsCompleted)
        {
            // The stream ends when the process exits; failing to write the file is another matter.
            if (copy.IsFaulted && IsRunning(processId))
            {
                var error = copy.Exception!.GetBaseException();
                throw new CollectorException($"recording the trace of process {processId} failed: {error.Message}", error);
            }

            return false;
        }

        beforeStop?.Invoke();
        Stop(session, processId);
        if (!copy.Wait(RundownTimeout))
        {
            throw new CollectorException($"process {processId} did not finish its rundown within {RundownTimeout.TotalSeconds:0} s");
        }

        return true;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Stop(EventPipeSession session, int processId)
    {
        try
        {
            session.Stop();
        }
        catch (Exception error) when (error is ServerNotAvailableException or IOException or EndOfStreamException)
        {
            throw new CollectorException($"process {processId} went away during the collection", error);
        }
    }
}
