using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// Collections of this process, shared: whoever asks for a profile that is being collected already (the same kind over
/// the same time: an endpoint, <see cref="PprofProfiles"/>, the push to Pyroscope) waits for that collection and gets a
/// copy of it, instead of starting another trace session. Different collections run side by side, up to
/// <see cref="MaxAtOnce"/>. A collection is stopped early only when everyone waiting for it has gone.
/// </summary>
internal sealed class SharedCollections
{
    /// <summary>Trace sessions and heap walks cost the app CPU and pauses: more than this at once are refused.</summary>
    public const int MaxAtOnce = 4;

    private readonly Dictionary<string, Run> _running = new(StringComparer.Ordinal);

    /// <summary>The one every collection of this process goes through.</summary>
    public static SharedCollections Process { get; } = new();

    /// <param name="key">What is collected, over how long: equal keys share one collection.</param>
    /// <param name="collect">Runs on a thread of its own; told to stop when nobody waits any more.</param>
    /// <returns>A copy of the profile, or null when <see cref="MaxAtOnce"/> other collections are running.</returns>
    public async Task<Profile?> CollectAsync(string key, Func<CancellationToken, Profile> collect, CancellationToken leave)
    {
        Run? run;
        lock (_running)
        {
            if (!_running.TryGetValue(key, out run))
            {
                if (_running.Count >= MaxAtOnce)
                {
                    return null;
                }

                _running[key] = run = new Run();
                run.Profile = Task.Factory.StartNew(
                    () => Collect(key, run, collect), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

                // Everyone may have left before it failed: its failure is then nobody's to see.
                run.Profile.ContinueWith(
                    done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            run.Waiting++;
        }

        try
        {
            var profile = await run.Profile.WaitAsync(leave).ConfigureAwait(false);
            return profile.Clone();
        }
        finally
        {
            lock (_running)
            {
                if (--run.Waiting == 0 && !run.Profile.IsCompleted)
                {
                    run.Stop.Cancel();
                }
            }
        }
    }

    private Profile Collect(string key, Run run, Func<CancellationToken, Profile> collect)
    {
        try
        {
            return collect(run.Stop.Token);
        }
        finally
        {
            lock (_running)
            {
                _running.Remove(key);
            }
        }
    }

    private sealed class Run
    {
        public CancellationTokenSource Stop { get; } = new();

        public Task<Profile> Profile { get; set; } = null!;

        public int Waiting { get; set; }
    }
}
