namespace Pprof.Reports;

/// <summary>
/// The <see cref="CallTreeTable"/> of the frames a picture of a subtree shows, made without the whole call tree: a
/// profile of millions of samples whose stacks are nearly all distinct makes a tree of hundreds of millions of
/// frames, of which a picture shows thousands. A frame is never wider than its caller, so the widest frames are all
/// those of at least some width. A first pass sums the value of each stack prefix into a <see cref="CountMinSketch"/>,
/// which can only overstate it; a second builds the exact tree of the prefixes whose estimate reaches a threshold,
/// raising the threshold whenever that tree fills its room. When the prefixes of exact width at or above the
/// threshold are as many as the picture's budget, they hold every frame of the picture (ties included), with exact
/// values, in the order the whole tree gives them; otherwise the second pass runs again with four times the room.
/// The table has the subtree's frame, its callers up to the root and the prefixes kept under it; what it leaves out
/// of each frame's callees is summed (<see cref="StackTable.Untracked"/>).
/// <para>
/// A frame is named by where its stack first occurs: the first sample whose stack starts with it, and its depth,
/// as <c>sample &lt;&lt; 20 | depth</c> (0 for the root). Only for profiles without negative values, where a
/// prefix's width is the sum of its samples' values; with negative ones the whole tree is made instead.
/// </para>
/// </summary>
internal sealed class WidestTreeBuilder
{
    private const int DepthBits = WidestPrefixTree.DepthBits;

    private readonly Report _report;
    private readonly StackFrames _stack;

    private WidestTreeBuilder(Report report, StackFrames stack) => (_report, _stack) = (report, stack);

    /// <summary>
    /// The table for a picture of the subtree of frame <paramref name="id"/> (<see cref="CallTreeTable.Id"/>) with room
    /// for <paramref name="budget"/> frames; null when no frame has that id.
    /// </summary>
    /// <param name="sketchWidth">Counters a row of the sketch; by default about two a sample, up to 2 million (16 MB).</param>
    /// <param name="room">Frames the second pass holds before it raises its threshold; by default 16 times the budget.</param>
    /// <param name="prepare">Makes the report's copy of the profile; called once garbage left by earlier reports is collected.</param>
    /// <param name="releaseGarbage">Whether to collect garbage first, and again once the locations are named (<see cref="ReleaseGarbage"/>).</param>
    /// <param name="earlier">
    /// A table of part of the tree made alike that holds the frame, or null: the values of the frame's callers are
    /// read from it, and the first pass then also tries to hold the frame's whole subtree, which spares the second
    /// pass when it fits in the room.
    /// </param>
    public static CallTreeTable? Build(
        Func<Report> prepare, long id, int budget, bool releaseGarbage, int sketchWidth = 0, int room = 0, CallTreeTable? earlier = null)
    {
        if (id < 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
            return null;
        }

        var (report, stack) = Start(prepare, budget, releaseGarbage, ref sketchWidth, ref room);
        return new WidestTreeBuilder(report, stack).Build(id, budget, sketchWidth, room, CallersIn(earlier, id));
    }

    /// <summary>The frame <paramref name="id"/> and its callers in <paramref name="earlier"/>, from the root down; null when it has no such frame.</summary>
    private static (CallTreeTable Table, int[] Nodes)? CallersIn(CallTreeTable? earlier, long id)
    {
        if (earlier is not { IsPartial: true } || id == 0)
        {
            return null;
        }

        var node = earlier.NodeOf(id);
        if (node < 0)
        {
            return null;
        }

        var nodes = new List<int>();
        for (; node >= 0; node = earlier.Parent(node))
        {
            nodes.Add(node);
        }

        nodes.Reverse();
        return (earlier, [.. nodes]);
    }

    /// <summary>
    /// What passes over the samples for a picture with room for <paramref name="budget"/> frames start from: the
    /// report's copy of the profile, the frames of its locations, and the sizes of the sketch and the exact tree
    /// (those given, or the defaults where they are 0).
    /// </summary>
    internal static (Report Report, StackFrames Stack) Start(
        Func<Report> prepare, int budget, bool releaseGarbage, ref int sketchWidth, ref int room)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        if (releaseGarbage)
        {
            ReleaseGarbage();
        }

        var report = prepare();
        if (sketchWidth <= 0)
        {
            sketchWidth = (int)Math.Clamp(report.Profile.Samples.Count * 2L, 1024, 1 << 21);
        }

        if (room <= 0)
        {
            room = (int)Math.Clamp(budget * 16L, 1024, 1 << 24);
        }

        var stack = new StackFrames(report.Profile);
        if (releaseGarbage)
        {
            ReleaseGarbage();
        }

        return (report, stack);
    }

    /// <summary>Four times the room, for another second pass when a tree's room was too small to hold the picture.</summary>
    internal static int MoreRoom(int room) => (int)Math.Min(room * 4L, 1 << 30);

    /// <summary>
    /// Collects what is garbage by now, and gives its memory back: the tables of the reports made just before on this
    /// large profile, then the names made for its locations. Where the samples stay in the file, memory is what this
    /// builder is for, and a collection is little beside passes over millions of samples.
    /// </summary>
    private static void ReleaseGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <param name="callers">The frame and its callers in a table made earlier, with their values: see <see cref="Build(Func{Report}, long, int, bool, int, int, CallTreeTable?)"/>.</param>
    private CallTreeTable? Build(long id, int budget, int sketchWidth, int room, (CallTreeTable Table, int[] Nodes)? callers)
    {
        var firstSample = id >> DepthBits;
        var depth = (int)(id & ((1 << DepthBits) - 1));
        // Whether the id names no frame; the pass still looks for negative values, which would make it a frame number.
        var missing = id != 0 && (firstSample >= _report.Profile.Samples.Count || depth == 0);
        var sketch = new CountMinSketch(sketchWidth, _report.Profile.Samples.AbsoluteTotals[_report.Options.SampleIndex]);
        int[]? subtree = depth == 0 ? [] : null;
        var subtreeHash = Hash([]);
        WidestPrefixTree? whole = null;
        var cursor = _report.Profile.Samples.GetCursor();
        var sampleIndex = _report.Options.SampleIndex;
        while (cursor.MoveNext())
        {
            var value = cursor.Values[sampleIndex];
            if (value < 0)
            {
                return WholeTree(id);
            }

            if (missing || cursor.Index < firstSample)
            {
                continue;
            }

            var counted = value != 0 && !cursor.Stack.IsEmpty;
            if (counted)
            {
                _stack.Read(cursor.Stack);
            }

            if (subtree is null)
            {
                // The sample that names the frame: its stack down to the frame is the subtree's.
                if (!counted || _stack.Count < depth)
                {
                    missing = true;
                    continue;
                }

                subtree = _stack.Frames[..depth].ToArray();
                subtreeHash = Hash(subtree);
                whole = callers is { } known && Named(known, subtree) ? new WidestPrefixTree(subtree, room, whole: true) : null;
            }

            if (counted && _stack.Frames.StartsWith(subtree))
            {
                WidestPrefixTree.Sketch(sketch, subtreeHash, _stack.Frames[depth..], value);
                whole?.AddToPath(depth, value, cursor.Index, endsThere: _stack.Count == depth);
                whole?.AddPath(depth, subtreeHash, _stack.Frames[depth..], value, cursor.Index, sketch);
            }
        }

        if (missing || subtree is null)
        {
            return null;
        }

        if (whole is { GaveUp: false } && callers is ({ } table, { } nodes))
        {
            // The pass saw only the samples through the frame: its callers' values are the earlier table's.
            for (var caller = 0; caller < depth; caller++)
            {
                whole.SetCaller(caller, table.Value(nodes[caller]), table.Self(nodes[caller]), (int)(table.Id(nodes[caller]) >> DepthBits));
            }

            return whole.ToTable(_stack.Names);
        }

        for (; ; room = MoreRoom(room))
        {
            var tree = new WidestPrefixTree(subtree, room);
            BuildExact(tree, sketch);
            if (depth > 0 && tree.First(depth) != (int)firstSample)
            {
                // Some earlier sample has this stack: the id is not one a table gave.
                return null;
            }

            if (tree.Holds(budget))
            {
                return tree.ToTable(_stack.Names);
            }
        }
    }

    /// <summary>The second pass: the exact tree of the prefixes under the subtree whose estimate reaches the threshold.</summary>
    private void BuildExact(WidestPrefixTree tree, CountMinSketch sketch)
    {
        var subtree = tree.Subtree;
        var subtreeHash = Hash(subtree);
        var cursor = _report.Profile.Samples.GetCursor();
        var sampleIndex = _report.Options.SampleIndex;
        while (cursor.MoveNext())
        {
            var value = cursor.Values[sampleIndex];
            if (value == 0 || cursor.Stack.IsEmpty)
            {
                continue;
            }

            _stack.Read(cursor.Stack);
            var frames = _stack.Frames;
            var shared = frames.CommonPrefixLength(subtree);
            tree.AddToPath(shared, value, cursor.Index, endsThere: shared == frames.Length);
            if (shared == subtree.Length && shared < frames.Length)
            {
                tree.AddPath(subtree.Length, subtreeHash, frames[subtree.Length..], value, cursor.Index, sketch);
            }
        }
    }

    /// <summary>Whether the frames from the root down to the subtree are those named in the earlier table.</summary>
    private bool Named((CallTreeTable Table, int[] Nodes) callers, int[] subtree)
    {
        if (callers.Nodes.Length != subtree.Length + 1)
        {
            return false;
        }

        for (var i = 0; i < subtree.Length; i++)
        {
            if (callers.Table.Name(callers.Nodes[i + 1]) != _stack.Names[subtree[i]].Name)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>With negative values, widths are not sums of samples: the whole tree, its ids frame numbers.</summary>
    private CallTreeTable? WholeTree(long id)
    {
        var table = new CallTreeTable(StackTable.From(_report));
        return table.NodeOf(id) >= 0 ? table : null;
    }

    private static ulong Hash(int[] frames)
    {
        var hash = WidestPrefixTree.EmptyHash;
        foreach (var frame in frames)
        {
            hash = WidestPrefixTree.Hash(hash, frame);
        }

        return hash;
    }
}
