using Pprof.Collector;
using Pprof.Profiles;
using Pprof.Push;

namespace DotnetPprof.Push;

/// <summary>
/// <c>push -p PID --every 15s</c>: each window collects the chosen kinds side by side (CPU and allocations over the
/// whole window, threads for 200 ms, a heap snapshot), then queues them for a <see cref="ProfileDelivery"/>, which
/// sends them off the collection path (bounded queue, retries, circuit breaker). Failed and dropped profiles are
/// counted and logged, and never stop the collection.
/// </summary>
internal sealed class LivePush(PushFlags flags, int processId, TimeSpan every, ProfileKind[] kinds, int? count)
{
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
        var delivery = new ProfileDelivery(new PyroscopeClient(options), options, log: line => stderr.WriteLine($"{PushFlags.Command}: {line}"));
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
                    return Finish(delivery, stdout, stderr, exitCode: 1);
                }

                if (profiles.Count > 0)
                {
                    delivery.Enqueue(profiles, p => flags.LabelsOf(p, host, userLabels));
                    stdout.WriteLine($"window {window}: collected {string.Join(", ", profiles.Select(ProfileTypeName.Of))}");
                }

                var rest = started + every - DateTime.UtcNow;
                if (rest > TimeSpan.Zero && (count is null || window < count))
                {
                    stop.Token.WaitHandle.WaitOne(rest);
                }
            }

            return Finish(delivery, stdout, stderr, exitCode: 0);
        }
        catch (CollectorException error)
        {
            stderr.WriteLine($"{PushFlags.Command}: {error.Message}");
            return Finish(delivery, stdout, stderr, exitCode: 1);
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

    private TimeSpan Duration(ProfileKind kind) => kind == ProfileKind.Threads ? ProfileCollector.RepeatedThreadsDuration : every;

    /// <summary>Sends what is queued (within the delivery's flush timeout), then says how it went.</summary>
    private static int Finish(ProfileDelivery delivery, TextWriter stdout, TextWriter stderr, int exitCode)
    {
        delivery.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var counts = delivery.Counts;
        if (counts.Failed + counts.Dropped > 0)
        {
            stderr.WriteLine($"{PushFlags.Command}: {counts}");
            return Math.Max(exitCode, 1);
        }

        stdout.WriteLine(counts.ToString());
        return exitCode;
    }
}
