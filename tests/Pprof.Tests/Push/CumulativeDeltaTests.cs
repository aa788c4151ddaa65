using Pprof.Push;
using static Pprof.Tests.Push.SyntheticAllocations;

namespace Pprof.Tests.Push;

/// <summary>Windows out of cumulative allocation totals, against values worked out by hand.</summary>
public sealed class CumulativeDeltaTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public void Three_snapshots_with_a_reset_give_the_hand_computed_windows_and_never_a_negative_value()
    {
        var delta = new CumulativeDelta();

        // Totals since 0 s, up to 10 s: the first window is everything so far, sent, not dropped.
        var first = delta.Next(Snapshot(TimeSpan.Zero, TenSeconds,
            [(["a", "main"], 2, 200), (["b", "main"], 1, 100), (["a", "main"], 1, 50)]));
        Assert.Equal(["a;main 2 200", "b;main 1 100", "a;main 1 50"], Describe(first));
        Assert.Equal((Nanos(0), Duration(10)), (first.TimeNanos, first.DurationNanos));
        Assert.False(delta.LastWasReset);

        // Up to 20 s, written in another order (other location ids): a gained 3 objects and 250 bytes, b nothing
        // (left out), c is new.
        var second = delta.Next(Snapshot(TimeSpan.Zero, 2 * TenSeconds,
            [(["c", "main"], 3, 30), (["b", "main"], 1, 100), (["a", "main"], 6, 500)]));
        Assert.Equal(["c;main 3 30", "a;main 3 250"], Describe(second));
        Assert.Equal((Nanos(10), Duration(10)), (second.TimeNanos, second.DurationNanos));
        Assert.False(delta.LastWasReset);

        // Up to 30 s, but a went down from 6 to 1: the counters were reset, so the snapshot is the window and the new baseline.
        var third = delta.Next(Snapshot(TimeSpan.Zero, 3 * TenSeconds, [(["a", "main"], 1, 64)]));
        Assert.Equal(["a;main 1 64"], Describe(third));
        Assert.Equal((Nanos(20), Duration(10)), (third.TimeNanos, third.DurationNanos));
        Assert.True(delta.LastWasReset);

        // And after the reset, windows are taken off the new baseline.
        var fourth = delta.Next(Snapshot(TimeSpan.Zero, 4 * TenSeconds, [(["a", "main"], 4, 100)]));
        Assert.Equal(["a;main 3 36"], Describe(fourth));
        Assert.All(new[] { first, second, third, fourth }.SelectMany(Describe),
            line => Assert.DoesNotContain(line.Split(' ').Skip(1), value => value.StartsWith('-')));
    }

    [Fact]
    public void A_stack_that_vanishes_is_a_reset_too()
    {
        var delta = new CumulativeDelta();
        delta.Next(Snapshot(TimeSpan.Zero, TenSeconds, [(["a", "main"], 2, 200), (["b", "main"], 1, 100)]));

        var window = delta.Next(Snapshot(TimeSpan.Zero, 2 * TenSeconds, [(["a", "main"], 5, 500)]));

        Assert.True(delta.LastWasReset);
        Assert.Equal(["a;main 5 500"], Describe(window));
    }

    private static long Nanos(int seconds) => (Start + TimeSpan.FromSeconds(seconds)).ToUnixTimeMilliseconds() * 1_000_000;

    private static long Duration(int seconds) => seconds * 1_000_000_000L;
}
