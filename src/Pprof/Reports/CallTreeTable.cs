using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// The call tree of <c>-flamegraph</c> and <c>-collapsed</c> as flat arrays, for pictures of large profiles: a million
/// samples make millions of frames, which no picture shows at once, so none of them is an object here. Frames are
/// numbers: 0 is the root, every caller comes before its callees, and the numbering depends only on the profile and
/// the options, so a number names the same frame in every table made alike. <see cref="Widest"/> picks the frames a
/// picture has room for; <see cref="ToTree"/> makes objects of a subtree.
/// </summary>
public sealed class CallTreeTable
{
    /// <summary>The name of the frames <see cref="ToTree"/> makes for the callees it leaves out, summed.</summary>
    public const string OtherName = "(other)";

    private readonly StackTable _table;
    private readonly long[] _values;
    private readonly long[] _widths;
    private readonly int[] _calleeStarts;
    private readonly int[] _callees;

    /// <summary>By frame, its <see cref="Id"/> when the table holds part of the tree; null when ids are frame numbers.</summary>
    private readonly long[]? _ids;

    /// <summary>
    /// By frame, whether its callees are in order yet: they are sorted when first read, since a picture reads the
    /// callees of the few thousand frames it shows, not of the millions a large profile has.
    /// </summary>
    private readonly bool[] _sorted;
    private readonly Lock _sorting = new();

    /// <summary>
    /// Of a table of part of the tree: the frame whose subtree it was made for, and the width from which it holds every
    /// frame of that subtree (long.MinValue: all of them).
    /// </summary>
    private readonly (int Node, long Threshold) _held;

    /// <param name="ids">By frame, its <see cref="Id"/>, for a table of part of the tree.</param>
    /// <param name="heldSubtree">Of a table of part of the tree: the frame whose subtree it was made for.</param>
    /// <param name="threshold">Of a table of part of the tree: every frame of that subtree at least as wide is in the table.</param>
    internal CallTreeTable(StackTable table, long[]? ids = null, int heldSubtree = 0, long threshold = long.MinValue)
    {
        _table = table;
        _ids = ids;
        _held = (heldSubtree, threshold);
        var count = table.Count;
        _calleeStarts = new int[count + 1];
        _callees = new int[Math.Max(count - 1, 0)];
        _sorted = new bool[count];
        // The values and the callees are passes over the frames that share nothing: on a large tree, side by side.
        long[] values = [], widths = [];
        if (count >= ParallelFrames)
        {
            Parallel.Invoke(() => (values, widths) = table.Totals(), () => table.ListCallees(_calleeStarts, _callees));
        }
        else
        {
            (values, widths) = table.Totals();
            table.ListCallees(_calleeStarts, _callees);
        }

        (_values, _widths) = (values, widths);
    }

    /// <summary>From this many frames the table's passes run side by side.</summary>
    private const int ParallelFrames = 1 << 20;

    /// <summary>The number of frames, the root included.</summary>
    public int Count => _values.Length;

    /// <summary>
    /// The samples the table was merged from, which the tables of the same report with another focus, ignore or
    /// sample index are derived from; null for a table of a report with name filters.
    /// </summary>
    public CallTreeSamples? Samples { get; internal init; }

    /// <summary>Some sample had a negative value, so the profile is a comparison (<c>-base</c>, <c>-diff_base</c>).</summary>
    public bool HasNegativeSamples => _table.HasNegativeSamples;

    /// <summary>
    /// The number that names the frame in every table made alike of the same profile and options: its frame number in
    /// a whole tree; in a table of the widest frames made in passes (<see cref="ProfileReport.WidestCallTree"/>), which
    /// holds a part of the tree only, a number that says where the frame's stack first occurs (0 for the root).
    /// </summary>
    public long Id(int node) => _ids is null ? node : _ids[node];

    /// <summary>Whether the table holds part of the tree only (<see cref="ProfileReport.WidestCallTree"/>): its frames are named by <see cref="Id"/>.</summary>
    public bool IsPartial => _ids is not null;

    /// <summary>The frame whose <see cref="Id"/> is <paramref name="id"/>, or -1 when the table has none.</summary>
    public int NodeOf(long id) =>
        _ids is not null ? Array.IndexOf(_ids, id, 0, Count)
        : id >= 0 && id < Count ? (int)id
        : -1;

    /// <summary>
    /// Whether a picture of the subtree of frame <paramref name="id"/> with room for <paramref name="nodeBudget"/>
    /// frames, drawn from this table, is the one the whole tree draws. A whole tree draws any of its frames'. A table
    /// of part of it (<see cref="ProfileReport.WidestCallTree"/>) holds, of the subtree it was made for, every frame
    /// at least as wide as some threshold: it draws a frame of that subtree whose whole subtree it holds, or that has
    /// at least <paramref name="nodeBudget"/> such frames, since the picture's frames are then all at least that wide;
    /// so a zoom into a frame the picture shows needs no new passes over the samples.
    /// </summary>
    public bool Draws(long id, int nodeBudget)
    {
        var node = NodeOf(id);
        if (node < 0 || _ids is null)
        {
            return node >= 0;
        }

        var up = node;
        while (up > _held.Node)
        {
            up = Parent(up);
        }

        if (up != _held.Node)
        {
            return false;
        }

        // Callees come after their callers: one pass in frame order finds the frames under node.
        var under = new bool[Count];
        under[node] = true;
        var (wide, whole) = (0, true);
        for (var frame = node; frame < Count; frame++)
        {
            if (frame == node || under[Parent(frame)])
            {
                under[frame] = true;
                wide += _widths[frame] >= _held.Threshold ? 1 : 0;
                whole &= _table.Untracked(frame) == 0;
            }
        }

        return whole || wide >= nodeBudget;
    }

    /// <summary>The frame's caller; -1 for the root.</summary>
    public int Parent(int node) => _table.Parent(node);

    /// <summary>The frame as reports name it; <c>root</c> for the root.</summary>
    public string Name(int node) => _table.FrameOf(node).Name;

    /// <summary>The frame's name as a number, which the frames of one name share: 0 to <see cref="NameCount"/> - 1; -1 for the root.</summary>
    public int NameNumber(int node) => _table.Frame(node);

    /// <summary>How many distinct names the frames have.</summary>
    public int NameCount => _table.Names.Count;

    /// <summary>The function alone ("" when unknown, and for the root).</summary>
    public string Function(int node) => _table.FrameOf(node).Function;

    /// <summary>The value of the stacks that end at the frame.</summary>
    public long Self(int node) => _table.Selves[node];

    /// <summary>The value of the stacks through the frame (negative where a comparison shrank).</summary>
    public long Value(int node) => _values[node];

    /// <summary>Σ|value| of the stacks through the frame: the room it takes in a picture, where growth and shrinkage both show.</summary>
    public long Width(int node) => _widths[node];

    /// <summary>The frame's callees, widest first, then by name.</summary>
    public ReadOnlySpan<int> Callees(int node)
    {
        var callees = _callees.AsSpan(_calleeStarts[node], _calleeStarts[node + 1] - _calleeStarts[node]);
        if (callees.Length > 1 && !Volatile.Read(ref _sorted[node]))
        {
            // Requests read one table at once: one sorts, the others wait for it rather than read a list being sorted.
            lock (_sorting)
            {
                if (!_sorted[node])
                {
                    callees.Sort((left, right) => StackTable.WidestFirst(_widths[left], Name(left), _widths[right], Name(right)));
                    Volatile.Write(ref _sorted[node], true);
                }
            }
        }

        return callees;
    }

    /// <summary>
    /// The frame's callees as they are listed, for a pass over many frames, which sorting each would slow: copied into
    /// <paramref name="buffer"/> (grown if need be) while a picture could be sorting them.
    /// </summary>
    internal ReadOnlySpan<int> CalleesAsListed(int node, ref int[] buffer)
    {
        var callees = _callees.AsSpan(_calleeStarts[node], _calleeStarts[node + 1] - _calleeStarts[node]);
        if (callees.Length < 2 || Volatile.Read(ref _sorted[node]))
        {
            return callees;
        }

        lock (_sorting)
        {
            if (_sorted[node])
            {
                return callees;
            }

            if (buffer.Length < callees.Length)
            {
                buffer = new int[Math.Max(callees.Length, buffer.Length * 2)];
            }

            callees.CopyTo(buffer);
            return buffer.AsSpan(0, callees.Length);
        }
    }

    /// <summary>
    /// The tree of the same report with the frames the hide and show of <paramref name="filters"/> remove, as a
    /// picture reads it (<see cref="RemovedFramesTree"/>); null where it is not found from this tree: with filters other
    /// than a hide or show (<see cref="RemovedFramesTree.RemovesFramesOnly"/>); in a table of part of the tree, of a
    /// comparison, or of a report with filters or without its samples; where a frame's lines are removed in one place
    /// and not in another; and where more than an eighth of the nodes are removed, whose tree merging the samples
    /// makes small and fast (<see cref="CallTreeSamples.Derive"/>).
    /// </summary>
    public RemovedFramesTree? WithoutFrames(ProfileFilter filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (!RemovedFramesTree.RemovesFramesOnly(filters) || IsPartial || HasNegativeSamples || Samples is not { IsFiltered: false } samples
            || samples.RemovedFrames(filters.Hide, filters.Show) is not { Length: > 0 } removed || samples.MostlyRemoved(removed))
        {
            return null;
        }

        return new RemovedFramesTree(this, removed);
    }

    /// <summary>By frame number, the frame's name as reports print it and the function alone.</summary>
    internal List<(string Name, string Function)> Names => _table.Names;

    /// <summary>
    /// The frame <paramref name="node"/> and its widest descendants, at most <paramref name="count"/> frames, each
    /// after its caller: what a picture of that subtree with room for <paramref name="count"/> frames shows. The
    /// callees of a frame that are kept are the first of its <see cref="Callees"/>, so what is left out of each frame
    /// is the rest of that list. It takes time in the frames kept, not in the size of the subtree.
    /// </summary>
    public IReadOnlyList<int> Widest(int node, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var kept = new List<int>(Math.Min(count, 4096));
        // A frame's next sibling is a candidate only once the frame itself is kept, so the queue stays as small as
        // what is kept: siblings are widest first, so none is passed over.
        var candidates = new PriorityQueue<(int Node, int Sibling), (long Width, int Node)>(WiderFirst.Instance);
        candidates.Enqueue((node, -1), (_widths[node], node));
        while (kept.Count < count && candidates.TryDequeue(out var candidate, out _))
        {
            kept.Add(candidate.Node);
            if (candidate.Sibling >= 0 && candidate.Sibling + 1 < _calleeStarts[Parent(candidate.Node) + 1])
            {
                var next = _callees[candidate.Sibling + 1];
                candidates.Enqueue((next, candidate.Sibling + 1), (_widths[next], next));
            }

            if (Callees(candidate.Node) is [var widest, ..])
            {
                candidates.Enqueue((widest, _calleeStarts[candidate.Node]), (_widths[widest], widest));
            }
        }

        return kept;
    }

    /// <summary>
    /// The subtree of <paramref name="node"/> as objects: all of it, or its <see cref="Widest"/> frames up to
    /// <paramref name="nodeBudget"/> with the rest of each frame's callees summed into one <see cref="OtherName"/> callee.
    /// </summary>
    public CallTreeNode ToTree(int node = 0, int nodeBudget = int.MaxValue)
    {
        var built = new Dictionary<int, CallTreeNode>();
        var kept = Widest(node, nodeBudget);
        var keptCallees = new Dictionary<int, int>(kept.Count);
        foreach (var frame in kept)
        {
            if (frame != node)
            {
                keptCallees[Parent(frame)] = keptCallees.GetValueOrDefault(Parent(frame)) + 1;
            }
        }

        // Callees come after their caller, so in reverse every frame's callees are ready before it.
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            var frame = kept[i];
            var callees = Callees(frame);
            var keptCount = keptCallees.GetValueOrDefault(frame);
            var leavesOut = LeavesOut(frame, keptCount);
            var children = new CallTreeNode[keptCount + (leavesOut ? 1 : 0)];
            for (var c = 0; c < keptCount; c++)
            {
                children[c] = built[callees[c]];
                built.Remove(callees[c]);
            }

            if (leavesOut)
            {
                var other = LeftOut(frame, keptCount);
                children[^1] = new CallTreeNode(OtherName, "", other, other, []);
            }

            built[frame] = new CallTreeNode(Name(frame), Function(frame), Self(frame), Value(frame), children);
        }

        return built[node];
    }

    /// <summary>Whether <paramref name="node"/> has callees after its first <paramref name="kept"/> (<see cref="LeftOut"/>).</summary>
    public bool LeavesOut(int node, int kept) => kept < Callees(node).Length || _table.Untracked(node) != 0;

    /// <summary>
    /// The value of the callees of <paramref name="node"/> after its first <paramref name="kept"/>, summed: with, in a
    /// table of part of the tree, those of its callees that the table does not hold.
    /// </summary>
    public long LeftOut(int node, int kept)
    {
        var sum = _table.Untracked(node);
        foreach (var callee in Callees(node)[kept..])
        {
            sum += _values[callee];
        }

        return sum;
    }

    /// <summary>Wider first, then in the order of the frames' numbers.</summary>
    internal sealed class WiderFirst : IComparer<(long Width, int Node)>
    {
        public static readonly WiderFirst Instance = new();

        public int Compare((long Width, int Node) x, (long Width, int Node) y)
        {
            var byWidth = y.Width.CompareTo(x.Width);
            return byWidth != 0 ? byWidth : x.Node.CompareTo(y.Node);
        }
    }
}
