using System.Numerics;
using Pprof.Profiles;

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
    private const int DepthBits = 20;
    private const int FreeSlot = 0;

    private readonly Report _report;
    private readonly int[][] _locationFrames;
    private readonly List<(string Name, string Function)> _names = [];
    private int[] _frames = new int[64];
    private int _frameCount;

    private WidestTreeBuilder(Report report)
    {
        _report = report;
        _locationFrames = StackTable.LocationFrames(report.Profile, _names);
    }

    /// <summary>
    /// The table for a picture of the subtree of frame <paramref name="id"/> (<see cref="CallTreeTable.Id"/>) with room
    /// for <paramref name="budget"/> frames; null when no frame has that id.
    /// </summary>
    /// <param name="sketchWidth">Counters a row of the sketch; by default about two a sample, up to 2 million (16 MB).</param>
    /// <param name="room">Frames the second pass holds before it raises its threshold; by default 16 times the budget.</param>
    /// <param name="prepare">Makes the report's copy of the profile; called once garbage left by earlier reports is collected.</param>
    /// <param name="releaseGarbage">Whether to collect garbage first, and again once the locations are named (<see cref="ReleaseGarbage"/>).</param>
    public static CallTreeTable? Build(Func<Report> prepare, long id, int budget, bool releaseGarbage, int sketchWidth = 0, int room = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        if (id < 0)
        {
            return null;
        }

        if (releaseGarbage)
        {
            ReleaseGarbage();
        }

        var report = prepare();
        var samples = report.Profile.Samples;
        if (sketchWidth <= 0)
        {
            sketchWidth = (int)Math.Clamp(samples.Count * 2L, 1024, 1 << 21);
        }

        if (room <= 0)
        {
            room = (int)Math.Clamp(budget * 16L, 1024, 1 << 24);
        }

        var builder = new WidestTreeBuilder(report);
        if (releaseGarbage)
        {
            ReleaseGarbage();
        }

        return builder.Build(id, budget, sketchWidth, room);
    }

    /// <summary>
    /// Collects what is garbage by now, and gives its memory back: the tables of the reports made just before on this
    /// large profile, then the names made for its locations. Where the samples stay in the file, memory is what this
    /// builder is for, and a collection is little beside passes over millions of samples.
    /// </summary>
    private static void ReleaseGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private CallTreeTable? Build(long id, int budget, int sketchWidth, int room)
    {
        var firstSample = id >> DepthBits;
        var depth = (int)(id & ((1 << DepthBits) - 1));
        // Whether the id names no frame; the pass still looks for negative values, which would make it a frame number.
        var missing = id != 0 && (firstSample >= _report.Profile.Samples.Count || depth == 0);
        var sketch = new CountMinSketch(sketchWidth, _report.Profile.Samples.AbsoluteTotals[_report.Options.SampleIndex]);
        int[]? subtree = depth == 0 ? [] : null;
        var subtreeHash = Hash([]);
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
                ReadFrames(cursor.Stack);
            }

            if (subtree is null)
            {
                // The sample that names the frame: its stack down to the frame is the subtree's.
                if (!counted || _frameCount < depth)
                {
                    missing = true;
                    continue;
                }

                subtree = _frames[..depth];
                subtreeHash = Hash(subtree);
            }

            if (counted && StartsWith(subtree))
            {
                var hash = subtreeHash;
                for (var i = depth; i < _frameCount; i++)
                {
                    hash = Hash(hash, _frames[i]);
                    sketch.Add(hash, value);
                }
            }
        }

        if (missing || subtree is null)
        {
            return null;
        }

        for (; ; room = (int)Math.Min(room * 4L, 1 << 30))
        {
            var tree = new PartialTree(subtree, room);
            BuildExact(tree, sketch);
            if (depth > 0 && tree.First(depth) != (int)firstSample)
            {
                // Some earlier sample has this stack: the id is not one a table gave.
                return null;
            }

            if (!tree.Pruned || tree.AtThreshold() >= budget)
            {
                return tree.ToTable(_names);
            }
        }
    }

    /// <summary>The second pass: the exact tree of the prefixes under the subtree whose estimate reaches the threshold.</summary>
    private void BuildExact(PartialTree tree, CountMinSketch sketch)
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

            ReadFrames(cursor.Stack);
            var shared = 0;
            while (shared < subtree.Length && shared < _frameCount && _frames[shared] == subtree[shared])
            {
                shared++;
            }

            tree.AddToPath(shared, value, cursor.Index, endsThere: shared == _frameCount);
            if (shared < subtree.Length || shared == _frameCount)
            {
                continue;
            }

            var node = subtree.Length;
            var hash = subtreeHash;
            for (var i = subtree.Length; i < _frameCount; i++)
            {
                hash = Hash(hash, _frames[i]);
                node = tree.Callee(node, _frames[i], sketch, hash, cursor.Index);
                if (node < 0)
                {
                    break;
                }

                tree.Add(node, value, endsThere: i + 1 == _frameCount);
            }

            tree.MakeRoom();
        }
    }

    /// <summary>With negative values, widths are not sums of samples: the whole tree, its ids frame numbers.</summary>
    private CallTreeTable? WholeTree(long id)
    {
        var table = new CallTreeTable(StackTable.From(_report));
        return table.NodeOf(id) >= 0 ? table : null;
    }

    private void ReadFrames(ReadOnlySpan<int> stack)
    {
        _frameCount = 0;
        for (var i = stack.Length - 1; i >= 0; i--)
        {
            foreach (var frame in _locationFrames[stack[i]])
            {
                if (_frameCount == _frames.Length)
                {
                    Array.Resize(ref _frames, _frames.Length * 2);
                }

                _frames[_frameCount++] = frame;
            }
        }
    }

    private bool StartsWith(int[] prefix) =>
        _frameCount >= prefix.Length && _frames.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private static ulong Hash(int[] frames)
    {
        var hash = 0x243F6A8885A308D3UL;
        foreach (var frame in frames)
        {
            hash = Hash(hash, frame);
        }

        return hash;
    }

    /// <summary>The hash of a stack prefix one frame longer (SplitMix64's finaliser over the sum).</summary>
    private static ulong Hash(ulong prefix, int frame)
    {
        var hash = prefix + (uint)frame + 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    /// <summary>
    /// The exact tree of some prefixes: the root and the subtree's frame, then under it the prefixes whose estimate,
    /// and their callers', reach the threshold. Each node is made at the first sample through it, so its sums are
    /// exact; nodes are in creation order, as in a <see cref="StackTable"/> of the whole tree.
    /// </summary>
    private sealed class PartialTree
    {
        private readonly int _room;
        private long[] _keys;
        private long[] _through;
        private long[] _selves;
        private long[] _estimates;
        private int[] _first;
        private int[] _depth;
        private int[] _slots;

        /// <summary>For <see cref="MakeRoom"/>: the estimates in order, and where each node moves.</summary>
        private long[] _scratch;
        private int[] _moved;
        private long _threshold = long.MinValue;

        public PartialTree(int[] subtree, int room)
        {
            Subtree = subtree;
            _room = Math.Max(room, subtree.Length + 2);
            var capacity = _room + 64;
            _keys = new long[capacity];
            _through = new long[capacity];
            _selves = new long[capacity];
            _estimates = new long[capacity];
            _first = new int[capacity];
            _depth = new int[capacity];
            _slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
            _scratch = new long[capacity];
            _moved = new int[capacity];
            for (var node = 0; node <= subtree.Length; node++)
            {
                _keys[node] = node == 0 ? StackTable.Key(-1, -1) : StackTable.Key(node - 1, subtree[node - 1]);
                _estimates[node] = long.MaxValue;
                _first[node] = -1;
                _depth[node] = node;
            }

            Count = subtree.Length + 1;
        }

        /// <summary>The frames from the root down to the subtree's, whose nodes are 1 to its length.</summary>
        public int[] Subtree { get; }

        public int Count { get; private set; }

        /// <summary>Whether the threshold was raised, so that some prefixes under the subtree are not in the tree.</summary>
        public bool Pruned => _threshold != long.MinValue;

        public int First(int node) => _first[node];

        /// <summary>Adds a sample to the root and the subtree's callers down to depth <paramref name="depth"/>.</summary>
        public void AddToPath(int depth, long value, int sample, bool endsThere)
        {
            for (var node = 0; node <= depth; node++)
            {
                _through[node] += value;
                if (_first[node] < 0)
                {
                    _first[node] = sample;
                }
            }

            if (endsThere)
            {
                _selves[depth] += value;
            }
        }

        public void Add(int node, long value, bool endsThere)
        {
            _through[node] += value;
            if (endsThere)
            {
                _selves[node] += value;
            }
        }

        /// <summary>The callee of <paramref name="node"/> at <paramref name="frame"/>, made if its estimate reaches the threshold; -1 if not.</summary>
        public int Callee(int node, int frame, CountMinSketch sketch, ulong hash, int sample)
        {
            var key = StackTable.Key(node, frame);
            var mask = _slots.Length - 1;
            var slot = SlotOf(key, mask);
            for (; _slots[slot] != FreeSlot; slot = (slot + 1) & mask)
            {
                if (_keys[_slots[slot]] == key)
                {
                    return _slots[slot];
                }
            }

            var estimate = sketch.Estimate(hash);
            if (estimate < _threshold)
            {
                return -1;
            }

            var callee = Count++;
            if (callee == _keys.Length)
            {
                Grow(callee * 2);
            }

            // Room left by dropped prefixes is used again: nothing of theirs may stay.
            _keys[callee] = key;
            _through[callee] = 0;
            _selves[callee] = 0;
            _estimates[callee] = estimate;
            _first[callee] = sample;
            _depth[callee] = _depth[node] + 1;
            _slots[slot] = callee;
            if (Count * 2 > _slots.Length)
            {
                _slots = new int[_slots.Length * 2];
                Rehash();
            }

            return callee;
        }

        /// <summary>
        /// Past the room, raises the threshold so that at most half the room's prefixes reach it, and drops the others
        /// with their callees: the estimates never change, so a prefix dropped would not have been made later either.
        /// </summary>
        public void MakeRoom()
        {
            if (Count < _room)
            {
                return;
            }

            var fixedNodes = Subtree.Length + 1;
            var estimates = _scratch.AsSpan(0, Count - fixedNodes);
            _estimates.AsSpan(fixedNodes, estimates.Length).CopyTo(estimates);
            estimates.Sort();
            var half = _room / 2;
            _threshold = Math.Max(_threshold, estimates[Math.Max(estimates.Length - 1 - half, 0)] + 1);
            var moved = _moved;
            var kept = fixedNodes;
            for (var node = 0; node < fixedNodes; node++)
            {
                moved[node] = node;
            }

            for (var node = fixedNodes; node < Count; node++)
            {
                var parent = moved[(int)(_keys[node] >> 32)];
                if (_estimates[node] < _threshold || parent < 0)
                {
                    moved[node] = -1;
                    continue;
                }

                moved[node] = kept;
                _keys[kept] = StackTable.Key(parent, (int)_keys[node]);
                _through[kept] = _through[node];
                _selves[kept] = _selves[node];
                _estimates[kept] = _estimates[node];
                _first[kept] = _first[node];
                _depth[kept] = _depth[node];
                kept++;
            }

            Count = kept;
            Array.Clear(_slots);
            Rehash();
        }

        private void Rehash()
        {
            var mask = _slots.Length - 1;
            for (var node = 1; node < Count; node++)
            {
                var slot = SlotOf(_keys[node], mask);
                while (_slots[slot] != FreeSlot)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = node;
            }
        }

        /// <summary>How many of the subtree's frames, itself included, are exactly as wide as the threshold or wider.</summary>
        public int AtThreshold()
        {
            var count = 0;
            for (var node = Subtree.Length; node < Count; node++)
            {
                count += _through[node] >= _threshold ? 1 : 0;
            }

            return count;
        }

        public CallTreeTable ToTable(List<(string Name, string Function)> names)
        {
            var untracked = new long[Count];
            for (var node = 0; node < Count; node++)
            {
                untracked[node] = _through[node] - _selves[node];
            }

            for (var node = 1; node < Count; node++)
            {
                untracked[(int)(_keys[node] >> 32)] -= _through[node];
            }

            var ids = new long[Count];
            for (var node = 1; node < Count; node++)
            {
                ids[node] = ((long)_first[node] << DepthBits) | (uint)_depth[node];
            }

            return new CallTreeTable(StackTable.Partial(names, _keys, _selves, untracked, Count), ids);
        }

        private void Grow(int capacity)
        {
            Array.Resize(ref _scratch, capacity);
            Array.Resize(ref _moved, capacity);
            Array.Resize(ref _keys, capacity);
            Array.Resize(ref _through, capacity);
            Array.Resize(ref _selves, capacity);
            Array.Resize(ref _estimates, capacity);
            Array.Resize(ref _first, capacity);
            Array.Resize(ref _depth, capacity);
        }

        private static int SlotOf(long key, int mask) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 33) & mask;
    }
}
