using Pprof.AspNetCore;
using Pprof.Profiles;

namespace Pprof.Tests.AspNetCore;

/// <summary>Collections shared by whoever asks for the same profile at once, on collections the test controls.</summary>
public sealed class SharedCollectionsTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Two_askers_of_the_same_profile_share_one_collection_and_each_gets_its_own_copy()
    {
        var collections = new SharedCollections();
        var held = new HeldCollection();

        var first = collections.CollectAsync("Cpu/30s", held.Collect, CancellationToken.None);
        Assert.True(held.Started.Wait(Generous));
        var second = collections.CollectAsync("Cpu/30s", _ => throw new InvalidOperationException("a second collection started"), CancellationToken.None);
        held.Finish();

        var (one, two) = (await first.WaitAsync(Generous), await second.WaitAsync(Generous));
        Assert.Equal(1, held.Runs);
        Assert.NotSame(one, two);
        Assert.Equal(one!.TimeNanos, two!.TimeNanos);
    }

    [Fact]
    public async Task Different_profiles_run_side_by_side_up_to_the_limit_and_the_next_is_refused()
    {
        var collections = new SharedCollections();
        var held = Enumerable.Range(0, SharedCollections.MaxAtOnce).Select(_ => new HeldCollection()).ToArray();
        var running = held.Select((collection, i) => collections.CollectAsync($"Allocs/{i}", collection.Collect, CancellationToken.None)).ToArray();
        Assert.All(held, collection => Assert.True(collection.Started.Wait(Generous)));

        Assert.Null(await collections.CollectAsync("Heap/0", _ => throw new InvalidOperationException("over the limit"), CancellationToken.None));

        Array.ForEach(held, collection => collection.Finish());
        Assert.All(await Task.WhenAll(running).WaitAsync(Generous), Assert.NotNull);
        var after = new HeldCollection();
        var next = collections.CollectAsync("Heap/0", after.Collect, CancellationToken.None);
        after.Finish();
        Assert.NotNull(await next.WaitAsync(Generous));
    }

    [Fact]
    public async Task A_collection_stops_early_only_when_everyone_waiting_for_it_has_gone()
    {
        var collections = new SharedCollections();
        var held = new HeldCollection();
        using var firstLeaves = new CancellationTokenSource();
        using var secondLeaves = new CancellationTokenSource();
        var first = collections.CollectAsync("Cpu/30s", held.Collect, firstLeaves.Token);
        Assert.True(held.Started.Wait(Generous));
        var second = collections.CollectAsync("Cpu/30s", held.Collect, secondLeaves.Token);

        await firstLeaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(held.StopToken.IsCancellationRequested);

        await secondLeaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.True(held.StopToken.IsCancellationRequested);
        held.Finish();
    }

    /// <summary>A collection that runs until the test finishes it.</summary>
    private sealed class HeldCollection
    {
        private readonly ManualResetEventSlim _finish = new();
        private int _runs;

        public ManualResetEventSlim Started { get; } = new();

        public CancellationToken StopToken { get; private set; }

        public int Runs => _runs;

        public Profile Collect(CancellationToken stop)
        {
            Interlocked.Increment(ref _runs);
            StopToken = stop;
            Started.Set();
            _finish.Wait(Generous);
            return new Profile([new("samples", "count")]) { TimeNanos = 42 };
        }

        public void Finish() => _finish.Set();
    }
}
