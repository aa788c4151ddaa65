using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>Which of an object's paths to a root its heap sample gets, on small hand-made graphs.</summary>
public sealed class RetentionPathsTests
{
    [Fact]
    public void A_static_wins_over_a_handle_and_a_linked_list_is_one_frame()
    {
        // 0 Cache -> 1 Node -> 2 Node -> 3 Node -> 4 Byte[]; a strong handle holds 4 through 5 Object[] as well.
        var graph = HandMadeHeaps.Graph(
            types: [0, 1, 1, 1, 2, 3],
            references: [[1], [2], [3], [4], [], [4]],
            roots: [new HeapRoot("[strong handle]", -2_000_000, [5]), new HeapRoot("[static] Instance: App.Cache", 0, [0])]);

        var paths = RetentionPaths.Compute(graph);

        Assert.Equal(["System.Byte[]", "App.Node", "App.Cache", "[static] Instance: App.Cache"], PathOf(paths, 4));
        Assert.Equal(["System.Object[]", "[strong handle]"], PathOf(paths, 5));
        Assert.Equal(paths.ObjectPaths[1], paths.ObjectPaths[3]);
    }

    [Fact]
    public void An_object_no_root_reaches_is_marked_so()
    {
        var graph = HandMadeHeaps.Graph(types: [0, 2], references: [[], []], roots: [new HeapRoot("[stack]", -1_000, [0])]);

        var paths = RetentionPaths.Compute(graph);

        Assert.Equal(["System.Byte[]", "[not reached from a root]"], PathOf(paths, 1));
    }

    [Fact]
    public void A_deep_path_keeps_its_root_end_and_the_object_type()
    {
        // A chain alternating two types never collapses: it is cut after MaxDepth frames.
        const int Length = 100;
        var graph = HandMadeHeaps.Graph(
            types: [.. Enumerable.Range(0, Length).Select(i => i % 2), 2],
            references: [.. Enumerable.Range(0, Length).Select(i => new[] { i + 1 }), []],
            roots: [new HeapRoot("[stack]", -1_000, [0])]);

        var paths = RetentionPaths.Compute(graph);

        var path = PathOf(paths, Length);
        Assert.Equal("System.Byte[]", path[0]);
        Assert.Equal("…", path[1]);
        Assert.Equal("[stack]", path[^1]);
        Assert.Equal(RetentionPaths.MaxDepth + 2, path.Count);
    }

    /// <summary>The frame names of an object's path, leaf (its own type) first.</summary>
    private static List<string> PathOf(RetentionPaths paths, int obj) =>
        [.. paths.Trie.Frames(paths.ObjectPaths[obj]).Select(frame => paths.FrameNames[frame])];
}
