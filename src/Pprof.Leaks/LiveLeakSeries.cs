using Pprof.Profiles;

namespace Pprof.Leaks;

/// <summary>
/// A series of profiles being taken from a live process or endpoint (<c>leaks -p</c>, <c>leaks -url</c>): whoever
/// takes the samples adds each as it comes, and readers, such as the web UI's leaks view, judge what was taken so far
/// and show the latest profile. Safe to read from any thread while one thread adds.
/// </summary>
/// <param name="target">What is sampled, for the pages: "process 1234 (LeakyApp)", a URL.</param>
/// <param name="count">How many samples the series will take.</param>
/// <param name="options">The analysis' options, as the command line gives them to the final report.</param>
public sealed class LiveLeakSeries(string target, int count, LeakAnalysisOptions options)
{
    private readonly Lock _lock = new();
    private LiveLeakSeriesState _state = LiveLeakSeriesState.Empty;

    public string Target => target;

    public int Count => count;

    public LeakAnalysisOptions Options => options;

    /// <summary>A Go program's gctrace file (<c>-gctrace</c>), read again at each analysis, as the final report reads it.</summary>
    public string? GcTracePath { get; init; }

    /// <summary>How far the series has got; a new object after every change.</summary>
    public LiveLeakSeriesState State => Volatile.Read(ref _state);

    /// <summary>The next sample is due at <paramref name="time"/>.</summary>
    public void Expect(DateTimeOffset time) => Change(state => state with { Next = time });

    /// <summary>A sample was taken: its profiles' digests, and the profile the other views show (a heap snapshot).</summary>
    public void Add(IReadOnlyList<ProfileDigest> digests, Profile latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        Add(digests, [new LiveProfile(target, latest)]);
    }

    /// <summary>
    /// A sample was taken: its profiles' digests, and each profile the other views can show, named by where it came
    /// from (each URL's, or the heap snapshot and the threads), the first shown unless another is asked for.
    /// </summary>
    public void Add(IReadOnlyList<ProfileDigest> digests, IReadOnlyList<LiveProfile> latest)
    {
        ArgumentNullException.ThrowIfNull(digests);
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentOutOfRangeException.ThrowIfZero(latest.Count);
        Change(state => state with { Taken = state.Taken + 1, Digests = [.. state.Digests, .. digests], LatestProfiles = latest, Next = null });
    }

    /// <summary>
    /// No more samples will come; <paramref name="why"/> says why when the series ended early (the target went away).
    /// Only the first call counts.
    /// </summary>
    public void End(string? why = null) => Change(state => state.Ended ? state : state with { Ended = true, EndedEarly = why, Next = null });

    /// <summary>The report on what was taken by then, as <c>dotnet-pprof leaks</c> prints it at the end.</summary>
    /// <exception cref="LeakInputException">The samples are not yet a series that can be judged.</exception>
    public LeakReport Analyse(LiveLeakSeriesState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new LeakAnalysis(options).Analyse(state.Digests, GcTracePath is null ? null : GoGcTrace.Read(GcTracePath));
    }

    private void Change(Func<LiveLeakSeriesState, LiveLeakSeriesState> change)
    {
        lock (_lock)
        {
            var next = change(_state);
            if (!ReferenceEquals(next, _state))
            {
                Volatile.Write(ref _state, next with { Version = _state.Version + 1 });
            }
        }
    }
}

/// <summary>What a <see cref="LiveLeakSeries"/> holds at one moment.</summary>
/// <param name="Version">Grows with every change, so that a page can tell it has something new to show.</param>
/// <param name="Taken">How many samples were taken.</param>
/// <param name="Digests">Every profile taken, digested.</param>
/// <param name="LatestProfiles">The last sample's profiles, each named by where it came from; none before the first.</param>
/// <param name="Next">When the next sample is due; null while one is being taken and once the series has ended.</param>
/// <param name="Ended">No more samples will come.</param>
/// <param name="EndedEarly">Why the series ended before its count, when it did.</param>
public sealed record LiveLeakSeriesState(
    int Version, int Taken, IReadOnlyList<ProfileDigest> Digests, IReadOnlyList<LiveProfile> LatestProfiles, DateTimeOffset? Next, bool Ended, string? EndedEarly)
{
    public static readonly LiveLeakSeriesState Empty = new(0, 0, [], [], null, false, null);

    /// <summary>The last sample's first profile (the heap snapshot, the first URL's); null before the first sample.</summary>
    public Profile? Latest => LatestProfiles.Count == 0 ? null : LatestProfiles[0].Profile;
}

/// <summary>One profile of a live series' sample, and where it came from: "http://host/debug/pprof/heap", "threads".</summary>
public sealed record LiveProfile(string Source, Profile Profile);
