using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>
/// Following sampled objects through GCs as the runtime reports them: generation ranges at the start, then the
/// ranges that survived or moved.
/// </summary>
public sealed class SurvivalTrackerTests
{
    private const int Blocking = 0;
    private const int Background = 1;
    private const int Foreground = 2;

    // Three regions: gen 0 at 0x1000, gen 1 at 0x2000, gen 2 at 0x3000, and a large object heap region at 0x8000.
    private static void ListGenerations(SurvivalTracker tracker)
    {
        tracker.GenerationRange(0, 0x1000, 0x1000);
        tracker.GenerationRange(1, 0x2000, 0x1000);
        tracker.GenerationRange(2, 0x3000, 0x1000);
        tracker.GenerationRange(3, 0x8000, 0x1000);
    }

    [Fact]
    public void An_object_of_a_condemned_generation_that_no_range_covers_was_collected()
    {
        var tracker = new SurvivalTracker();
        var survivor = tracker.Allocated(0x1100);
        var garbage = tracker.Allocated(0x1200);

        tracker.GcStarted(1, 0, Blocking);
        ListGenerations(tracker);
        tracker.Survived(0x1100, 0x40);
        tracker.GcEnded(1);

        Assert.True(tracker.IsAlive(survivor));
        Assert.False(tracker.IsAlive(garbage));
        Assert.Equal(1, tracker.AliveCount);
    }

    [Fact]
    public void A_moved_object_is_followed_to_its_new_address()
    {
        var tracker = new SurvivalTracker();
        var moved = tracker.Allocated(0x1140);

        tracker.GcStarted(1, 1, Blocking);
        ListGenerations(tracker);
        tracker.Moved(0x1100, 0x2140, 0x80);
        tracker.GcEnded(1);

        // Now in gen 1 at 0x2180: a gen-1 GC that keeps 0x2180 keeps it, whatever else survives.
        tracker.GcStarted(2, 1, Blocking);
        ListGenerations(tracker);
        tracker.Survived(0x1140, 0x40);
        tracker.Survived(0x2180, 0x10);
        tracker.GcEnded(2);

        Assert.True(tracker.IsAlive(moved));
        tracker.GcStarted(3, 1, Blocking);
        ListGenerations(tracker);
        tracker.Survived(0x1140, 0x40);
        tracker.GcEnded(3);
        Assert.False(tracker.IsAlive(moved));
    }

    [Fact]
    public void Older_generations_and_the_large_object_heap_go_only_in_a_gen_2_gc()
    {
        var tracker = new SurvivalTracker();
        var old = tracker.Allocated(0x3100);
        var large = tracker.Allocated(0x8100);

        tracker.GcStarted(1, 1, Blocking);
        ListGenerations(tracker);
        tracker.GcEnded(1);
        Assert.True(tracker.IsAlive(old));
        Assert.True(tracker.IsAlive(large));

        tracker.GcStarted(2, 2, Blocking);
        ListGenerations(tracker);
        tracker.Survived(0x8100, 0x100);
        tracker.GcEnded(2);
        Assert.False(tracker.IsAlive(old));
        Assert.True(tracker.IsAlive(large));
    }

    [Fact]
    public void A_background_gc_collects_nothing_but_the_foreground_gcs_inside_it_do()
    {
        var tracker = new SurvivalTracker();
        var old = tracker.Allocated(0x3100);
        var young = tracker.Allocated(0x1100);

        tracker.GcStarted(1, 2, Background);
        ListGenerations(tracker);
        tracker.GcStarted(2, 0, Foreground);
        ListGenerations(tracker);
        tracker.GcEnded(2);
        tracker.Survived(0x3200, 0x10);
        tracker.GcEnded(1);

        Assert.True(tracker.IsAlive(old));
        Assert.False(tracker.IsAlive(young));
    }

    [Fact]
    public void Ranges_listed_before_a_gcs_end_do_not_change_what_it_condemned()
    {
        var tracker = new SurvivalTracker();
        var young = tracker.Allocated(0x1100);

        // A gen-0 GC in which nothing survived; at its end the region is listed as gen 2 (reused, say).
        tracker.GcStarted(1, 0, Blocking);
        ListGenerations(tracker);
        tracker.GenerationRange(2, 0x1000, 0x1000);
        tracker.GcEnded(1);

        Assert.False(tracker.IsAlive(young));
    }

    [Fact]
    public void An_object_outside_every_listed_generation_is_kept()
    {
        var tracker = new SurvivalTracker();
        var unknown = tracker.Allocated(0x9_0000);

        tracker.GcStarted(1, 2, Blocking);
        ListGenerations(tracker);
        tracker.GcEnded(1);

        Assert.True(tracker.IsAlive(unknown));
    }

    [Fact]
    public void An_object_moved_onto_a_tracked_address_proves_the_old_object_gone()
    {
        var tracker = new SurvivalTracker();
        var old = tracker.Allocated(0x3100);
        var moved = tracker.Allocated(0x1100);

        // A gen-0 GC leaves gen 2 alone, but compacts a survivor to where the old object was said to be.
        tracker.GcStarted(1, 0, Blocking);
        ListGenerations(tracker);
        tracker.Moved(0x1100, 0x3100, 0x40);
        tracker.GcEnded(1);

        Assert.False(tracker.IsAlive(old));
        Assert.True(tracker.IsAlive(moved));
        Assert.Equal(1, tracker.AliveCount);
    }

    [Fact]
    public void A_new_allocation_at_a_tracked_address_proves_the_old_object_gone()
    {
        var tracker = new SurvivalTracker();
        var first = tracker.Allocated(0x1100);
        var second = tracker.Allocated(0x1100);

        Assert.False(tracker.IsAlive(first));
        Assert.True(tracker.IsAlive(second));
        Assert.Equal(1, tracker.AliveCount);
    }
}
