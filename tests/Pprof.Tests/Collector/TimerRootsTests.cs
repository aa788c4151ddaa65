using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>Timers the runtime's queue holds become roots named by what their callback keeps alive.</summary>
public sealed class TimerRootsTests
{
    private static readonly string[] Types =
    [
        "System.Threading.TimerQueue", "System.Threading.TimerQueueTimer", "System.Threading.TimerCallback",
        "App.Heartbeat", "App.Poller+<>c", "App.PollState", "System.Byte[]",
    ];

    [Fact]
    public void Each_timer_is_a_root_named_by_its_callbacks_target_or_else_its_state()
    {
        // 0 TimerQueue -> 1 timer <-> 2 timer. Timer 1 calls back 4 Heartbeat (which holds 8 Byte[]); timer 2 calls a
        // lambda that captures nothing (6, a <>c) and is given 7 PollState.
        var graph = HandMadeHeaps.Graph(
            types: [0, 1, 1, 2, 3, 2, 4, 5, 6],
            references: [[1], [2, 3], [1, 5, 7], [4], [8], [6], [], [], []],
            roots: [new HeapRoot("[static] System.Threading.TimerQueue.Instances: System.Threading.TimerQueue", 0, [0])],
            typeNames: Types);

        var roots = TimerRoots.Of(graph).ToList();

        Assert.Equal(["[timer] App.Heartbeat: 1", "[timer] App.PollState: 2"], roots.Select(r => $"{r.Name}: {string.Join(',', r.Objects)}").Order(StringComparer.Ordinal));
        var paths = RetentionPaths.Compute(graph.WithRoots(roots));
        Assert.Equal(
            ["System.Byte[]", "App.Heartbeat", "System.Threading.TimerCallback", "System.Threading.TimerQueueTimer", "[timer] App.Heartbeat"],
            paths.Trie.Frames(paths.ObjectPaths[8]).Select(frame => paths.FrameNames[frame]));
    }

    [Fact]
    public void A_heap_without_timers_gets_no_root()
    {
        var graph = HandMadeHeaps.Graph(types: [0, 2], references: [[1], []], roots: [new HeapRoot("[stack]", -1_000, [0])]);

        Assert.Empty(TimerRoots.Of(graph));
    }
}
