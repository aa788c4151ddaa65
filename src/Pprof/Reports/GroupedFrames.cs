namespace Pprof.Reports;

/// <summary>
/// The frames of a tree with frames removed found so far in the whole tree (<see cref="RemovedFramesTree"/>): each with
/// its caller, name, width and heads (the whole tree's topmost nodes it stands for), and, once expanded, its own value
/// and its callees. Expanding a frame reads its heads' callees, and those under removed ones, once.
/// </summary>
internal sealed class GroupedFrames
{
    private readonly CallTreeTable _whole;
    private readonly byte[] _removed;

    /// <summary>By name number: the callee made for it by the expansion under way, if at least its first callee; else made earlier.</summary>
    private readonly int[] _byName;

    private readonly Stack<int> _walk = new();
    private int[] _listed = new int[64];

    // By frame of this tree.
    private int[] _callers = new int[1024];
    private int[] _names = new int[1024];
    private long[] _widths = new long[1024];
    private long[] _selves = new long[1024];
    private int[] _firstHeads = new int[1024];
    private int[] _lastHeadEntries = new int[1024];
    private int[] _calleeStarts = new int[1024];
    private int[] _calleeEnds = new int[1024];
    private int _count;

    // The heads' lists, one entry each: the node, and the frame's entry before it (-1 for none).
    private int[] _headNodes = new int[1024];
    private int[] _earlierHeadEntries = new int[1024];
    private int _headCount;

    public GroupedFrames(CallTreeTable whole, byte[] removedFrames)
    {
        (_whole, _removed) = (whole, removedFrames);
        _byName = new int[removedFrames.Length];
        _byName.AsSpan().Fill(-1);
        New(caller: -1, name: -1);
        AddHead(0, 0);
    }

    public long Width(int frame) => _widths[frame];

    /// <summary>The number of the frame's first head in the whole tree: the frame's name in tables (0 for the root).</summary>
    public int FirstHead(int frame) => _firstHeads[frame];

    /// <summary>The callees of an expanded frame.</summary>
    public (int Start, int End) Callees(int frame) => (_calleeStarts[frame], _calleeEnds[frame]);

    /// <summary>The callee of expanded frame <paramref name="caller"/> named <paramref name="name"/>, or -1.</summary>
    public int Callee(int caller, int name)
    {
        for (var callee = _calleeStarts[caller]; callee < _calleeEnds[caller]; callee++)
        {
            if (_names[callee] == name)
            {
                return callee;
            }
        }

        return -1;
    }

    /// <summary>The frame's callers, from the root down.</summary>
    public List<int> Callers(int frame)
    {
        var callers = new List<int>();
        for (var caller = _callers[frame]; caller >= 0; caller = _callers[caller])
        {
            callers.Add(caller);
        }

        callers.Reverse();
        return callers;
    }

    /// <summary>
    /// Finds the frame's own value and callees. The root keeps its own samples, which have no frames, and not those
    /// of nodes all of whose frames are removed: their stacks are left empty, and the filters drop them.
    /// </summary>
    public void Expand(int frame)
    {
        if (_calleeEnds[frame] > 0)
        {
            return;
        }

        var start = _count;
        var isRoot = frame == 0;
        var self = isRoot ? _whole.Self(0) : 0;
        for (var entry = _lastHeadEntries[frame]; entry >= 0; entry = _earlierHeadEntries[entry])
        {
            var head = _headNodes[entry];
            self += isRoot ? 0 : _whole.Self(head);
            _walk.Push(head);
            while (_walk.TryPop(out var node))
            {
                foreach (var callee in _whole.CalleesAsListed(node, ref _listed))
                {
                    var name = _whole.NameNumber(callee);
                    if (_removed[name] != 0)
                    {
                        self += isRoot ? 0 : _whole.Self(callee);
                        _walk.Push(callee);
                        continue;
                    }

                    var grouped = _byName[name];
                    if (grouped < start)
                    {
                        _byName[name] = grouped = New(frame, name);
                        _firstHeads[grouped] = callee;
                    }

                    _widths[grouped] += _whole.Width(callee);
                    _firstHeads[grouped] = Math.Min(_firstHeads[grouped], callee);
                    AddHead(grouped, callee);
                }
            }
        }

        _selves[frame] = self;
        // Never 0 once expanded: the root is made first.
        (_calleeStarts[frame], _calleeEnds[frame]) = (start, _count);
        if (isRoot)
        {
            var width = self;
            for (var callee = start; callee < _count; callee++)
            {
                width += _widths[callee];
            }

            _widths[0] = width;
        }
    }

    /// <summary>
    /// The table of <paramref name="kept"/>, expanded frames each after its caller: the first <paramref name="callers"/>
    /// of them the callers of the subtree's frame, which follows them, and every frame of its subtree at least
    /// <paramref name="threshold"/> wide after it.
    /// </summary>
    public CallTreeTable ToTable(List<int> kept, int callers, long threshold)
    {
        // In the order of the derived tree's numbers, which a picture's ties between widths follow.
        kept.Sort((left, right) => _firstHeads[left].CompareTo(_firstHeads[right]));
        var indexes = new Dictionary<int, int>(kept.Count);
        var count = kept.Count;
        var (keys, selves, untracked, ids) = (new long[count], new long[count], new long[count], new long[count]);
        for (var i = 0; i < count; i++)
        {
            var frame = kept[i];
            indexes.Add(frame, i);
            var caller = frame == 0 ? -1 : indexes[_callers[frame]];
            keys[i] = StackTable.Key(caller, _names[frame]);
            selves[i] = _selves[frame];
            untracked[i] = _widths[frame] - _selves[frame];
            ids[i] = _firstHeads[frame];
            if (caller >= 0)
            {
                untracked[caller] -= _widths[frame];
            }
        }

        return new CallTreeTable(StackTable.Partial(_whole.Names, keys, selves, untracked, count), ids, callers, threshold);
    }

    private int New(int caller, int name)
    {
        if (_count == _callers.Length)
        {
            var capacity = _count * 2;
            Array.Resize(ref _callers, capacity);
            Array.Resize(ref _names, capacity);
            Array.Resize(ref _widths, capacity);
            Array.Resize(ref _selves, capacity);
            Array.Resize(ref _firstHeads, capacity);
            Array.Resize(ref _lastHeadEntries, capacity);
            Array.Resize(ref _calleeStarts, capacity);
            Array.Resize(ref _calleeEnds, capacity);
        }

        var frame = _count++;
        (_callers[frame], _names[frame], _lastHeadEntries[frame]) = (caller, name, -1);
        return frame;
    }

    private void AddHead(int frame, int node)
    {
        if (_headCount == _headNodes.Length)
        {
            Array.Resize(ref _headNodes, _headCount * 2);
            Array.Resize(ref _earlierHeadEntries, _headCount * 2);
        }

        var entry = _headCount++;
        (_headNodes[entry], _earlierHeadEntries[entry]) = (node, _lastHeadEntries[frame]);
        _lastHeadEntries[frame] = entry;
    }
}
