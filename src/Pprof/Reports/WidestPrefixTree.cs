using System.Numerics;

namespace Pprof.Reports;

/// <summary>
/// The exact tree of some paths' prefixes, for <see cref="WidestTreeBuilder"/> and <see cref="WidestSandwichBuilder"/>:
/// the root and a subtree's frame, then under it the prefixes whose estimate in a <see cref="CountMinSketch"/> of
/// their widths, and their callers', reach the threshold. Each node is made at the first sample through it, so its
/// sums are exact; nodes are in creation order, as in a <see cref="StackTable"/> of the whole tree.
/// </summary>
internal sealed class WidestPrefixTree
{
    /// <summary>Bits of a frame's id (<see cref="ToTable"/>) that hold its depth; the rest hold its first sample.</summary>
    public const int DepthBits = 20;

    /// <summary>The hash of the empty prefix, which <see cref="Hash(ulong, int)"/> extends frame by frame.</summary>
    public const ulong EmptyHash = 0x243F6A8885A308D3UL;

    private const int FreeSlot = 0;

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
    private readonly bool _whole;

    /// <param name="whole">
    /// Whether the tree is to hold every prefix under the subtree, or none: past its room it gives up
    /// (<see cref="GaveUp"/>) instead of raising its threshold, and then needs no estimates.
    /// </param>
    public WidestPrefixTree(int[] subtree, int room, bool whole = false)
    {
        Subtree = subtree;
        _whole = whole;
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
    private bool Pruned => _threshold != long.MinValue;

    public int First(int node) => _first[node];

    /// <summary>Of a tree that was to hold every prefix: whether they were more than its room, so that it holds nothing of use.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>Sets the values of a caller of the subtree, at <paramref name="depth"/>, as a table made earlier found them.</summary>
    public void SetCaller(int depth, long through, long self, int first) =>
        (_through[depth], _selves[depth], _first[depth]) = (through, self, first);

    /// <summary>The hash of a prefix one frame longer (SplitMix64's finaliser over the sum).</summary>
    public static ulong Hash(ulong prefix, int frame)
    {
        var hash = prefix + (uint)frame + 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }

    /// <summary>The first pass: adds <paramref name="value"/> to each prefix of <paramref name="path"/> under the prefix hashed <paramref name="hash"/>.</summary>
    public static void Sketch(CountMinSketch sketch, ulong hash, ReadOnlySpan<int> path, long value)
    {
        foreach (var frame in path)
        {
            hash = Hash(hash, frame);
            sketch.Add(hash, value);
        }
    }

    /// <summary>
    /// The second pass: adds a sample to the prefixes of <paramref name="path"/> under <paramref name="node"/> (hashed
    /// <paramref name="hash"/>) as far as they are in the tree, the last one's self too when the whole path is.
    /// </summary>
    public void AddPath(int node, ulong hash, ReadOnlySpan<int> path, long value, int sample, CountMinSketch sketch)
    {
        if (GaveUp)
        {
            return;
        }

        for (var i = 0; i < path.Length; i++)
        {
            hash = Hash(hash, path[i]);
            node = Callee(node, path[i], sketch, hash, sample);
            if (node < 0)
            {
                break;
            }

            Add(node, value, endsThere: i + 1 == path.Length);
        }

        MakeRoom();
    }

    /// <summary>
    /// Adds a sample to the root, and to the prefixes of its <paramref name="path"/> under the root as far as they are
    /// in the tree; the root's prefix is hashed <paramref name="rootHash"/>.
    /// </summary>
    public void AddPath(long value, int sample, ulong rootHash, ReadOnlySpan<int> path, CountMinSketch sketch)
    {
        AddToPath(0, value, sample, endsThere: path.IsEmpty);
        if (!path.IsEmpty)
        {
            AddPath(0, rootHash, path, value, sample, sketch);
        }
    }

    /// <summary>Whether the tree holds the frames of a picture with room for <paramref name="budget"/> frames: all of them, or enough as wide as the threshold.</summary>
    public bool Holds(int budget) => !Pruned || AtThreshold() >= budget;

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

    private void Add(int node, long value, bool endsThere)
    {
        _through[node] += value;
        if (endsThere)
        {
            _selves[node] += value;
        }
    }

    /// <summary>The callee of <paramref name="node"/> at <paramref name="frame"/>, made if its estimate reaches the threshold; -1 if not.</summary>
    private int Callee(int node, int frame, CountMinSketch sketch, ulong hash, int sample)
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
    private void MakeRoom()
    {
        if (Count < _room)
        {
            return;
        }

        if (_whole)
        {
            GaveUp = true;
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
    private int AtThreshold()
    {
        var count = 0;
        for (var node = Subtree.Length; node < Count; node++)
        {
            count += _through[node] >= _threshold ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// The table of the tree, which says what pictures it draws as the whole tree would (<see cref="CallTreeTable.Draws"/>):
    /// only the names of its frames are kept from <paramref name="names"/>, since a table may outlive its passes.
    /// </summary>
    public CallTreeTable ToTable(List<(string Name, string Function)> names)
    {
        var kept = new List<(string Name, string Function)>();
        var renumbered = new Dictionary<int, int>();
        var keys = new long[Count];
        keys[0] = _keys[0];
        for (var node = 1; node < Count; node++)
        {
            var frame = (int)_keys[node];
            if (!renumbered.TryGetValue(frame, out var number))
            {
                renumbered.Add(frame, number = kept.Count);
                kept.Add(names[frame]);
            }

            keys[node] = StackTable.Key((int)(_keys[node] >> 32), number);
        }

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

        return new CallTreeTable(StackTable.Partial(kept, keys, _selves[..Count], untracked, Count), ids, Subtree.Length, _threshold);
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
