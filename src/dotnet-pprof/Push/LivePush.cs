using Pprof.Collector;
using Pprof.Profiles;
using Pprof.Push;

namespace DotnetPprof.Push;

/// <summary>
/// <c>push -p PID --every 15s</c>: each window collects the chosen kinds side by side (CPU and allocations over the
/// whole window, threads for a second, a heap snapshot), then pushes them in one request off the collection path.
/// A push still in flight when the next window ends makes that window's profiles dropped; failed and dropped pushes
/// are counted and logged, and never stop the collection.
/// </summary>
internal sealed class LivePush(PushFlags flags, int processId, TimeSpan every, ProfileKind[] kinds, int? count)
{
    private int _pushed;
    private int _failed;
    private int _dropped;

    public int Run(TextWriter stdout, TextWriter stderr)
    {
        if (!flags.TryCheck(stderr, out var options, out var userLabels))
        {
            return 2;
        }

        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl+C ends the current window; its profiles and any push in flight still finish.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        using var client = new PyroscopeClient(options);
        Task sending = Task.CompletedTask;
        try
        {
            var target = DotnetProcesses.ById(processId);
            var host = HostLabels.Of(target.Name, RuntimeVersion.Of(target.Id));
            for (var window = 1; (count is null || window <= count) && !stop.IsCancellationRequested; window++)
            {
                var started = DateTime.UtcNow;
                var profiles = Collect(target, window, stop.Token, stderr);
                if (profiles is null)
                {
                    return Finish(sending, stdout, stderr, exitCode: 1);
                }

                if (!sending.IsCompleted)
                {
                    _dropped++;
                    stderr.WriteLine($"{PushFlags.Command}: window {window}: dropped, the push of an earlier window is still in flight");
                }
                else if (profiles.Count > 0)
                {
                    var series = profiles.Select(p => flags.Series(p, host, userLabels)).ToList();
                    sending = SendAsync(client, series, window, stdout, stderr);
                }

                var rest = started + every - DateTime.UtcNow;
                if (rest > TimeSpan.Zero && (count is null || window < count))
                {
                    stop.Token.WaitHandle.WaitOne(rest);
                }
            }

            return Finish(sending, stdout, stderr, exitCode: 0);
        }
        catch (CollectorException error)
        {
            stderr.WriteLine($"{PushFlags.Command}: {error.Message}");
            return Finish(sending, stdout, stderr, exitCode: 1);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <summary>This window's profiles, those that failed left out and logged; null when the process has gone.</summary>
    private List<Profile>? Collect(DotnetProcess target, int window, CancellationToken stop, TextWriter stderr)
    {
        var collections = kinds.Select(kind => Task.Run(() => ProfileCollector.Collect(
            kind,
            target,
            new CollectionSettings(Duration(kind), stop, null, note => stderr.WriteLine($"{PushFlags.Command}: {note}"))))).ToArray();
        var profiles = new List<Profile>(kinds.Length);
        var gone = false;
        foreach (var (kind, collection) in kinds.Zip(collections))
        {
            try
            {
                profiles.Add(collection.GetAwaiter().GetResult());
            }
            catch (TargetExitedException)
            {
                gone = true;
            }
            catch (CollectorException error)
            {
                stderr.WriteLine($"{PushFlags.Command}: window {window}: collect {kind.ToString().ToLowerInvariant()}: {error.Message}");
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                stderr.WriteLine($"{PushFlags.Command}: window {window}: internal error collecting {kind.ToString().ToLowerInvariant()}: {error.Message}");
            }
        }

        if (gone)
        {
            stderr.WriteLine($"{PushFlags.Command}: process {target.Id} ({target.Name}) exited");
            return null;
        }

        return profiles;
    }

    private TimeSpan Duration(ProfileKind kind) => kind == ProfileKind.Threads ? ProfileCollector.DefaultDuration(kind) : every;

    private async Task SendAsync(PyroscopeClient client, List<PushSeries> series, int window, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var attempts = await client.PushAsync(series).ConfigureAwait(false);
            Interlocked.Increment(ref _pushed);
            var names = string.Join(", ", series.Select(s => s.Name));
            stdout.WriteLine($"window {window}: pushed {names}{(attempts > 1 ? $" after {attempts} attempts" : "")}");
        }
        catch (PushException error)
        {
            Interlocked.Increment(ref _failed);
            stderr.WriteLine($"{PushFlags.Command}: window {window}: {error.Message}");
        }
    }

    /// <summary>Waits for the push in flight (its deadline bounds the wait), then says how it went.</summary>
    private int Finish(Task sending, TextWriter stdout, TextWriter stderr, int exitCode)
    {
        sending.GetAwaiter().GetResult();
        var summary = $"{_pushed} pushed, {_failed} failed, {_dropped} dropped";
        if (_failed + _dropped > 0)
        {
            stderr.WriteLine($"{PushFlags.Command}: {summary}");
            return Math.Max(exitCode, 1);
        }

        stdout.WriteLine(summary);
        return exitCode;
    }
}
