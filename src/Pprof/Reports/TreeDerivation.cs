namespace Pprof.Reports;

/// <summary>
/// A derived call tree as it is built from the tree it is derived from, sample by sample: its nodes numbered as
/// merging its samples numbers them (a sample's nodes that no sample before it made, from the root down), and, when
/// frames are removed (<c>-hide</c>, <c>-show</c>), the nodes of the source that fall together once those frames are
/// gone. Each source node is looked at once, on the first sample through it: later samples stop at the first node
/// already seen, walking up from where they end.
/// </summary>
/// <remarks>
/// Without removed frames every source node is a node of its own. With them, a removed frame's node is its caller's,
/// and the callees of a node that stands for several source nodes can meet: only those nodes' callees are looked up,
/// so the lookup costs nothing where no frame was removed. Where most of the tree falls together (a show that keeps a
/// few frames), merging the samples again is faster and smaller: past a lookup of an eighth of the tree's nodes the
/// derivation gives up (<see cref="GaveUp"/>).
/// </remarks>
internal sealed class TreeDerivation : IDisposable
{
    /// <summary>By source node, its derived node + 1; 0 for one not reached yet.</summary>
    private readonly int[] _images;

    /// <summary>By frame, 1 where the frame is removed; null when none is.</summary>
    private readonly byte[]? _removed;

    /// <summary>By derived node, its first callee and next sibling (0 for none: no callee is the root), and whether it stands for several source nodes.</summary>
    private readonly int[] _firstCallees = [];
    private readonly int[] _nextSiblings = [];
    private readonly bool[] _merged = [];

    /// <summary>The callees of merged nodes, by <see cref="StackTable.Key"/> of caller and frame.</summary>
    private readonly Dictionary<long, int> _mergedCallees = [];
    private readonly int _lookupLimit;
    private int[] _path = new int[64];

    /// <param name="capacity">The source's node count: room for every node, of which only those kept are written.</param>
    /// <param name="removedFrames">By frame, 1 where the frame is removed; null when none is.</param>
    public TreeDerivation(int capacity, byte[]? removedFrames)
    {
        // The numbers, which every derivation needs, last only as long as it: kept between derivations.
        _images = SpareArray<int>.Take(capacity);
        _images[0] = 1;
        _removed = removedFrames;
        _lookupLimit = Math.Max(capacity / 8, 4096);
        if (removedFrames is not null)
        {
            _firstCallees = new int[capacity];
            _nextSiblings = new int[capacity];
            _merged = new bool[capacity];
        }

        Keys = new long[capacity];
        Keys[0] = StackTable.Key(-1, -1);
        Selves = new long[capacity];
    }

    public long[] Keys { get; }

    public long[] Selves { get; }

    public int Count { get; private set; } = 1;

    public bool HasNegativeSamples { get; private set; }

    /// <summary>Whether so much of the tree fell together that the derivation stopped: its numbers are then not the tree's.</summary>
    public bool GaveUp => _mergedCallees.Count > _lookupLimit;

    /// <summary>The derived node of a source node: -1 when no sample kept reached it, 0 for the root (and for a node all of whose frames are removed).</summary>
    public int Number(int node) => _images[node] - 1;

    /// <summary>
    /// Adds a sample that ends at source node <paramref name="end"/> with <paramref name="value"/>; returns its end's
    /// derived node, or -1 when every frame of its stack is removed, which leaves the sample out as the filters do.
    /// </summary>
    public int Add(ReadOnlySpan<long> keys, int end, long value)
    {
        if (GaveUp)
        {
            return -1;
        }

        var length = 0;
        for (var node = end; _images[node] == 0; node = (int)(keys[node] >> 32))
        {
            if (length == _path.Length)
            {
                Array.Resize(ref _path, length * 2);
            }

            _path[length++] = node;
        }

        for (var i = length - 1; i >= 0; i--)
        {
            var node = _path[i];
            var key = keys[node];
            var caller = _images[(int)(key >> 32)] - 1;
            var frame = (int)key;
            _images[node] = 1 + (_removed is null ? New(caller, frame) : _removed[frame] != 0 ? Merge(caller) : Callee(caller, frame));
        }

        var ended = _images[end] - 1;
        if (ended == 0 && end != 0)
        {
            return -1;
        }

        Selves[ended] += value;
        HasNegativeSamples |= value < 0;
        return ended;
    }

    public void Dispose() => SpareArray<int>.Give(_images);

    /// <summary>The callee at <paramref name="frame"/> of a derived node, made if it is not there yet.</summary>
    private int Callee(int caller, int frame)
    {
        if (!_merged[caller])
        {
            // One source node stands for the caller, whose callees have distinct frames: this one is new.
            return New(caller, frame);
        }

        if (_mergedCallees.TryGetValue(StackTable.Key(caller, frame), out var callee))
        {
            // A second source node falls on this callee: its own callees can meet now.
            Merge(callee);
            return callee;
        }

        return New(caller, frame);
    }

    /// <summary>Notes that another source node stands for <paramref name="node"/>; its callees are looked up from now on.</summary>
    private int Merge(int node)
    {
        if (!_merged[node])
        {
            _merged[node] = true;
            for (var callee = _firstCallees[node]; callee != 0; callee = _nextSiblings[callee])
            {
                _mergedCallees.Add(Keys[callee], callee);
            }
        }

        return node;
    }

    private int New(int caller, int frame)
    {
        var node = Count++;
        Keys[node] = StackTable.Key(caller, frame);
        if (_removed is not null)
        {
            _nextSiblings[node] = _firstCallees[caller];
            _firstCallees[caller] = node;
            if (_merged[caller])
            {
                _mergedCallees.Add(Keys[node], node);
            }
        }

        return node;
    }
}
