using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// The call tree of a report with frames removed (<c>-hide</c>, <c>-show</c>) as a picture reads it, found in the
/// whole tree of the same report without them (<see cref="CallTreeTable.WithoutFrames"/>) instead of derived whole. A
/// removed frame's node falls into its caller's, so a frame of this tree stands for nodes of the whole tree: those
/// under the same kept frames, whose topmost kept ones are its <em>heads</em>. Its width is its heads' summed, its
/// callees are its heads' kept callees and those under removed ones, grouped by frame. Finding a picture's frames
/// widest first reads the nodes under them only, where deriving the tree reads every node, and looks up a quarter of
/// them when a frame common in a million random stacks is hidden.
/// <para>
/// A frame is named by its first head's number in the whole tree (0 for the root). Numbers follow the samples, so the
/// first sample through a frame is its first head's, and these names are in the order of the derived tree's numbers;
/// a table made here holds, of the subtree it was made for, every frame at least as wide as some threshold, in that
/// order, and draws what the derived tree draws (<see cref="CallTreeTable.Draws"/>).
/// </para>
/// </summary>
public sealed class RemovedFramesTree
{
    private readonly CallTreeTable _whole;
    private readonly byte[] _removed;

    /// <param name="whole">A whole tree without negative values, whose widths are its values.</param>
    /// <param name="removedFrames">By frame of <paramref name="whole"/>, 1 where the filters remove it.</param>
    internal RemovedFramesTree(CallTreeTable whole, byte[] removedFrames) => (_whole, _removed) = (whole, removedFrames);

    /// <summary>Whether <paramref name="filters"/> remove frames (a hide or show) and keep or drop no sample otherwise (no focus, ignore or tag filter).</summary>
    public static bool RemovesFramesOnly(ProfileFilter filters) =>
        filters is { Focus: null, Ignore: null, TagFocus: null, TagIgnore: null } && (filters.Hide is not null || filters.Show is not null);

    /// <summary>
    /// What a picture of the subtree of frame <paramref name="id"/> with room for <paramref name="nodeBudget"/> frames
    /// needs, as <see cref="ProfileReport.WidestCallTree(long, int, CallTreeTable?)"/> gives it of the derived tree:
    /// the frame, its callers, and every frame under it at least as wide as its <paramref name="nodeBudget"/>-th
    /// widest, with the rest of each frame's callees summed; null when no frame has that id.
    /// </summary>
    public CallTreeTable? Widest(long id, int nodeBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodeBudget);
        if (id < 0 || id >= _whole.Count || (id > 0 && Removed((int)id)))
        {
            return null;
        }

        var frames = new GroupedFrames(_whole, _removed);
        var target = 0;
        frames.Expand(target);
        foreach (var frame in KeptFramesAbove((int)id))
        {
            target = frames.Callee(target, frame);
            if (target < 0)
            {
                return null;
            }

            frames.Expand(target);
        }

        if (frames.FirstHead(target) != id)
        {
            // A later head of the frame: the name is its first's.
            return null;
        }

        var callers = frames.Callers(target);
        var kept = new List<int>(callers) { target };
        var threshold = Widest(frames, target, nodeBudget, kept);
        return frames.ToTable(kept, callers.Count, threshold);
    }

    /// <summary>
    /// Adds to <paramref name="kept"/> the frames under <paramref name="target"/> (expanded) widest first, up to the
    /// budget and then those as wide as the last of them; returns the width every frame of the subtree that wide is held from.
    /// </summary>
    private static long Widest(GroupedFrames frames, int target, int budget, List<int> kept)
    {
        var candidates = new PriorityQueue<int, (long Width, int FirstHead)>(CallTreeTable.WiderFirst.Instance);
        var threshold = frames.Width(target);
        var held = 1;
        Enqueue(target);
        while (candidates.TryPeek(out _, out var widest) && (held < budget || widest.Width >= threshold))
        {
            var frame = candidates.Dequeue();
            frames.Expand(frame);
            kept.Add(frame);
            held++;
            threshold = Math.Min(threshold, widest.Width);
            Enqueue(frame);
        }

        return threshold;

        void Enqueue(int caller)
        {
            var (first, end) = frames.Callees(caller);
            for (var callee = first; callee < end; callee++)
            {
                candidates.Enqueue(callee, (frames.Width(callee), frames.FirstHead(callee)));
            }
        }
    }

    /// <summary>The kept frames on the path to <paramref name="node"/> of the whole tree, from the root down, its own included.</summary>
    private List<int> KeptFramesAbove(int node)
    {
        var frames = new List<int>();
        for (; node > 0; node = _whole.Parent(node))
        {
            if (!Removed(node))
            {
                frames.Add(_whole.NameNumber(node));
            }
        }

        frames.Reverse();
        return frames;
    }

    private bool Removed(int node) => _removed[_whole.NameNumber(node)] != 0;
}
