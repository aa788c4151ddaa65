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

    private Frame[] _frames = new Frame[1024];
    private int _count;

    /// <summary>The heads' lists, one entry each.</summary>
    private Head[] _heads = new Head[1024];
    private int _headCount;

    public GroupedFrames(CallTreeTable whole, byte[] removedFrames)
    {
        (_whole, _removed) = (whole, removedFrames);
        _byName = new int[removedFrames.Length];
        _byName.AsSpan().Fill(-1);
        New(caller: -1, name: -1);
        AddHead(0, 0);
    }

    public long Width(int frame) => _frames[frame].Width;

    /// <summary>The number of the frame's first head in the whole tree: the frame's name in tables (0 for the root).</summary>
    public int FirstHead(int frame) => _frames[frame].FirstHead;

    /// <summary>The callees of an expanded frame.</summary>
    public (int Start, int End) Callees(int frame) => (_frames[frame].CalleeStart, _frames[frame].CalleeEnd);

    /// <summary>The callee of expanded frame <paramref name="caller"/> named <paramref name="name"/>, or -1.</summary>
    public int Callee(int caller, int name)
    {
        for (var callee = _frames[caller].CalleeStart; callee < _frames[caller].CalleeEnd; callee++)
        {
            if (_frames[callee].Name == name)
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
        for (var caller = _frames[frame].Caller; caller >= 0; caller = _frames[caller].Caller)
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
        // Never 0 once expanded: the root is made first.
        if (_frames[frame].CalleeEnd > 0)
        {
            return;
        }

        var start = _count;
        var isRoot = frame == 0;
        var self = isRoot ? _whole.Self(0) : 0;
        for (var entry = _frames[frame].LastHeadEntry; entry >= 0; entry = _heads[entry].EarlierEntry)
        {
            var head = _heads[entry].Node;
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
                        _frames[grouped].FirstHead = callee;
                    }

                    ref var group = ref _frames[grouped];
                    group.Width += _whole.Width(callee);
                    group.FirstHead = Math.Min(group.FirstHead, callee);
                    AddHead(grouped, callee);
                }
            }
        }

        ref var expanded = ref _frames[frame];
        (expanded.Self, expanded.CalleeStart, expanded.CalleeEnd) = (self, start, _count);
        if (isRoot)
        {
            var width = self;
            for (var callee = start; callee < _count; callee++)
            {
                width += _frames[callee].Width;
            }

            expanded.Width = width;
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
        kept.Sort((left, right) => _frames[left].FirstHead.CompareTo(_frames[right].FirstHead));
        var indexes = new Dictionary<int, int>(kept.Count);
        var count = kept.Count;
        var (keys, selves, untracked, ids) = (new long[count], new long[count], new long[count], new long[count]);
        for (var i = 0; i < count; i++)
        {
            ref readonly var frame = ref _frames[kept[i]];
            indexes.Add(kept[i], i);
            var caller = frame.Caller < 0 ? -1 : indexes[frame.Caller];
            keys[i] = StackTable.Key(caller, frame.Name);
            selves[i] = frame.Self;
            untracked[i] = frame.Width - frame.Self;
            ids[i] = frame.FirstHead;
            if (caller >= 0)
            {
                untracked[caller] -= frame.Width;
            }
        }

        return new CallTreeTable(StackTable.Partial(_whole.Names, keys, selves, untracked, count), ids, callers, threshold);
    }

    private int New(int caller, int name)
    {
        if (_count == _frames.Length)
        {
            Array.Resize(ref _frames, _count * 2);
        }

        var frame = _count++;
        _frames[frame] = new Frame { Caller = caller, Name = name, LastHeadEntry = -1 };
        return frame;
    }

    private void AddHead(int frame, int node)
    {
        if (_headCount == _heads.Length)
        {
            Array.Resize(ref _heads, _headCount * 2);
        }

        var entry = _headCount++;
        _heads[entry] = new Head(node, _frames[frame].LastHeadEntry);
        _frames[frame].LastHeadEntry = entry;
    }

    /// <summary>A frame of this tree; its callees, made by its expansion, are the frames from <see cref="CalleeStart"/> to <see cref="CalleeEnd"/>.</summary>
    private struct Frame
    {
        public int Caller;
        public int Name;
        public long Width;
        public long Self;
        public int FirstHead;
        public int LastHeadEntry;
        public int CalleeStart;
        public int CalleeEnd;
    }

    /// <summary>A node of the whole tree a frame stands for, and the frame's entry before it (-1 for none).</summary>
    private readonly record struct Head(int Node, int EarlierEntry);
}
