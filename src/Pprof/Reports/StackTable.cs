using System.Numerics;
using Pprof.Graphs;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// The samples of a report merged into one call tree as flat arrays, for <see cref="StackTree"/> and the folded
/// stacks: node numbers in creation order, each caller before its callees, and an open-addressing table from (caller,
/// frame) to callee. A profile of a million samples makes millions of nodes, so none of them is an object here.
/// It reads the profile as the filters and the granularity left it, and sums the selected value (without
/// <c>-mean</c>, as pprof's flame graph does); samples without frames or with a zero value are left out.
/// </summary>
internal sealed class StackTable
{
    private const int Empty = -1;

    /// <summary>A free slot of the lookup: no callee is the root, so node 0 is free to mean none, and fresh slots need no filling.</summary>
    private const int FreeSlot = 0;

    /// <summary>By node, its caller and frame in one number (<see cref="Key"/>): the lookup compares them in one read.</summary>
    private long[] _keys;
    private long[] _selves;
    private int[] _slots;

    /// <summary>By location index, the frame numbers of its lines from the root down.</summary>
    private int[][] _locationFrames = [];

    /// <summary>
    /// Of a table that holds only part of the tree (<see cref="Partial"/>): by node, the value of its callees that are
    /// not in the table, summed; null for a whole tree.
    /// </summary>
    private long[]? _untracked;

    /// <summary>
    /// Starts with node 0, the root, with room for <paramref name="capacity"/> nodes, and for <paramref name="slotCapacity"/>
    /// in the lookup, before growing.
    /// </summary>
    private StackTable(int capacity, int slotCapacity, List<(string Name, string Function)>? names = null)
    {
        Names = names ?? [];
        _keys = new long[capacity];
        _selves = new long[capacity];
        _slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)slotCapacity * 2)];
        _keys[0] = Key(Empty, Empty);
        Count = 1;
    }

    /// <summary>The number of nodes, the root included.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Of a table derived from another (<see cref="CallTreeSamples"/>): its nodes, its frames and what it read of the
    /// samples, as <see cref="From"/> would have made them from the derived report.
    /// </summary>
    internal StackTable(long[] keys, long[] selves, int count, StackTable source, int sampleIndex, bool hasNegativeSamples, int[] sampleEnds)
    {
        SampleIndex = sampleIndex;
        _keys = keys;
        _selves = selves;
        _slots = [];
        Count = count;
        Names = source.Names;
        _locationFrames = source._locationFrames;
        HasNegativeSamples = hasNegativeSamples;
        SampleEnds = sampleEnds;
    }

    /// <summary>By frame number: the frame's name as reports print it, and the function alone ("" when unknown).</summary>
    public List<(string Name, string Function)> Names { get; }

    /// <summary>
    /// Of a tree of every sample: by sample index, whether every sample with frames has a value there, so that the
    /// index's tree is this one with values.
    /// </summary>
    public bool[] ValuedEverywhere { get; private set; } = [];

    /// <summary>
    /// Of a tree of every sample: by sample index, by sample, its value, read without decoding the samples again.
    /// </summary>
    public long[][] SampleValues { get; private set; } = [];

    /// <summary>The same nodes, with the values of another sample index: the tree of every sample, for an index where every sample has a value.</summary>
    internal StackTable WithSelves(long[] selves, int sampleIndex, bool hasNegativeSamples) =>
        new(_keys, selves, Count, this, sampleIndex, hasNegativeSamples, SampleEnds);

    /// <summary>The sample index of the values; -1 for a tree of every sample, which has none.</summary>
    public int SampleIndex { get; private set; } = -1;

    /// <summary>By sample, in the order of the report's samples: the node its stack ends at, -1 for one left out.</summary>
    public int[] SampleEnds { get; private set; } = [];

    /// <summary>By location index, the frame numbers of its lines from the root down.</summary>
    public ReadOnlySpan<int> LocationFrames(int location) => _locationFrames[location];

    /// <summary>The number of locations <see cref="LocationFrames(int)"/> knows.</summary>
    public int LocationCount => _locationFrames.Length;

    /// <summary>Some sample had a negative value, so the profile is a comparison (<c>-base</c>, <c>-diff_base</c>).</summary>
    public bool HasNegativeSamples { get; private set; }

    /// <summary>By node, its caller and frame in one number (<see cref="Key"/>).</summary>
    internal ReadOnlySpan<long> Keys => _keys.AsSpan(0, Count);

    /// <summary>The node's caller (-1 for the root).</summary>
    public int Parent(int node) => (int)(_keys.AsSpan(0, Count)[node] >> 32);

    /// <summary>The node's frame number in <see cref="Names"/> (-1 for the root).</summary>
    public int Frame(int node) => (int)_keys.AsSpan(0, Count)[node];

    /// <summary>By node, the value of the stacks that end there.</summary>
    public ReadOnlySpan<long> Selves => _selves.AsSpan(0, Count);

    /// <summary>
    /// A table of part of a call tree, made elsewhere: nodes as <paramref name="keys"/> (caller and frame, see
    /// <see cref="Key"/>) in creation order, each caller before its callees, with the value of the stacks that end at
    /// each and of its callees left out of the table. Frame numbers are those of <paramref name="names"/>.
    /// </summary>
    internal static StackTable Partial(List<(string Name, string Function)> names, long[] keys, long[] selves, long[] untracked, int count) =>
        new(names, keys, selves, untracked, count);

    private StackTable(List<(string Name, string Function)> names, long[] keys, long[] selves, long[] untracked, int count)
    {
        Names = names;
        _keys = keys;
        _selves = selves;
        _untracked = untracked;
        _slots = [];
        Count = count;
    }

    /// <summary>The value of the node's callees that the table leaves out (0 in a whole tree).</summary>
    public long Untracked(int node) => _untracked is null ? 0 : _untracked[node];

    public static StackTable From(Report report)
    {
        var samples = report.Profile.Samples;
        var table = new StackTable(Reserved(samples), Math.Clamp(samples.Count, 1024, 1 << 24));
        table._locationFrames = LocationFrames(report.Profile, table.Names);
        table.Merge(samples, report.Options.SampleIndex, everySample: false);
        return table;
    }

    /// <summary>
    /// The samples that <paramref name="source"/> was merged from, <paramref name="samples"/>, merged again with the
    /// samples of a zero value, unless all their values are: the tree that every sample index's tree is part of,
    /// without values (<see cref="Selves"/> is empty), with the frames of <paramref name="source"/>.
    /// </summary>
    public static StackTable EverySample(StackTable source, SampleList samples)
    {
        // A lookup with room for half as many nodes again as the source's spares growing it on a heap profile, whose
        // allocation trees have about that many more nodes than its in-use tree.
        var table = new StackTable(Reserved(samples), Math.Clamp(source.Count + source.Count / 2, 1024, 1 << 24), source.Names)
        {
            _locationFrames = source._locationFrames,
        };
        table.Merge(samples, -1, everySample: true);
        return table;
    }

    /// <summary>
    /// Room for the frames of the samples, if they were all as deep as the deepest, spares copying the nodes as they
    /// grow; room that is never used costs nothing, since memory untouched is not there. The lookup is touched all
    /// over, so it grows with the nodes instead.
    /// </summary>
    private static int Reserved(SampleList samples) => (int)Math.Clamp((long)samples.Count * samples.MaxStackLength, 1024, 1 << 24);

    private void Merge(SampleList samples, int sampleIndex, bool everySample)
    {
        var locationFrames = _locationFrames;
        SampleIndex = sampleIndex;
        var sampleEnds = SampleEnds = new int[samples.Count];
        var valuedEverywhere = everySample ? Enumerable.Repeat(true, samples.ValueCount).ToArray() : [];
        var sampleValues = everySample ? valuedEverywhere.Select(_ => new long[samples.Count]).ToArray() : [];
        var cursor = samples.GetCursor();
        for (var sample = 0; cursor.MoveNext(); sample++)
        {
            var value = everySample ? 0 : cursor.Values[sampleIndex];
            var stack = cursor.Stack;
            if (stack.IsEmpty || (everySample ? !cursor.Values.ContainsAnyExcept(0L) : value == 0))
            {
                sampleEnds[sample] = Empty;
                continue;
            }

            var node = 0;
            // Once a sample made a node, the rest of its frames are new too: they need a free slot, no comparisons.
            var created = false;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                foreach (var frame in locationFrames[stack[i]])
                {
                    node = created ? Add(node, frame) : Callee(node, frame, out created);
                }
            }

            sampleEnds[sample] = node;
            if (everySample)
            {
                for (var index = 0; index < valuedEverywhere.Length; index++)
                {
                    sampleValues[index][sample] = cursor.Values[index];
                    valuedEverywhere[index] &= cursor.Values[index] != 0;
                }
            }
            else
            {
                _selves[node] += value;
                HasNegativeSamples |= value < 0;
            }
        }

        // The lookup is only for building: a table kept to be read costs its arrays alone. A tree of every sample is
        // only read for its nodes, which trees of one sample index are derived from, each with its own values.
        _slots = [];
        if (everySample)
        {
            _selves = [];
            ValuedEverywhere = valuedEverywhere;
            SampleValues = sampleValues;
        }
    }

    /// <summary>The frame's name as reports print it, and the function alone; <c>root</c> and "" for the root.</summary>
    public (string Name, string Function) FrameOf(int node) => node == 0 ? ("root", "") : Names[Frame(node)];

    /// <summary>
    /// Each frame's callees in one array, in frame order: counted, then filled from the end of each frame's part, in
    /// reverse, which leaves each end where the part starts; <paramref name="starts"/>[frame] is where its callees start.
    /// </summary>
    internal void ListCallees(int[] starts, int[] callees)
    {
        var keys = Keys;
        for (var node = 1; node < keys.Length; node++)
        {
            starts[(int)(keys[node] >> 32)]++;
        }

        for (int node = 0, end = 0; node < starts.Length; node++)
        {
            end += starts[node];
            starts[node] = end;
        }

        for (var node = keys.Length - 1; node > 0; node--)
        {
            callees[--starts[(int)(keys[node] >> 32)]] = node;
        }
    }

    /// <summary>By node, how many callees it has.</summary>
    public int[] CalleeCounts()
    {
        var counts = new int[Count];
        for (var node = 1; node < Count; node++)
        {
            counts[Parent(node)]++;
        }

        return counts;
    }

    /// <summary>
    /// By node: the value of the stacks through it (negative where a comparison shrank), and Σ|value| of them, the
    /// room it takes in a picture, so that growth and shrinkage both show instead of cancelling out. Without negative
    /// samples the two are one array.
    /// </summary>
    public (long[] Values, long[] Widths) Totals() => Totals(Selves, HasNegativeSamples);

    /// <summary><see cref="Totals()"/> of these nodes with other values of the stacks that end at each (<paramref name="selves"/>).</summary>
    internal (long[] Values, long[] Widths) Totals(ReadOnlySpan<long> selves, bool hasNegativeSamples)
    {
        var values = Sum(selves, magnitudes: false);
        return (values, hasNegativeSamples ? Sum(selves, magnitudes: true) : values);
    }

    private long[] Sum(ReadOnlySpan<long> selves, bool magnitudes)
    {
        var sums = new long[Count];
        // In reverse every callee comes before its caller.
        for (var node = Count - 1; node > 0; node--)
        {
            sums[node] += (magnitudes ? LongMath.Abs(selves[node]) : selves[node]) + Untracked(node);
            sums[Parent(node)] += sums[node];
        }

        sums[0] += (magnitudes ? LongMath.Abs(selves[0]) : selves[0]) + Untracked(0);
        return sums;
    }

    /// <summary>The order of callees: widest first, then by name.</summary>
    public static int WidestFirst(long leftWidth, string leftName, long rightWidth, string rightName)
    {
        var byWidth = rightWidth.CompareTo(leftWidth);
        return byWidth != 0 ? byWidth : string.CompareOrdinal(leftName, rightName);
    }

    /// <summary>
    /// By location index, the frame numbers of its lines from the root down; names are numbered once, in
    /// <paramref name="names"/>.
    /// </summary>
    internal static int[][] LocationFrames(Profile profile, List<(string Name, string Function)> names)
    {
        var frameNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return profile.Locations.Select(location =>
        {
            var infos = GraphBuilder.LineInfos(location, new GraphOptions());
            var frames = new int[infos.Length];
            for (var i = 0; i < infos.Length; i++)
            {
                // Lines list the innermost frame first; stacks here go from the root down.
                var info = infos[infos.Length - 1 - i];
                var name = info.PrintableName();
                if (!frameNumbers.TryGetValue(name, out frames[i]))
                {
                    frames[i] = frameNumbers[name] = names.Count;
                    names.Add((name, info.Name));
                }
            }

            return frames;
        }).ToArray();
    }

    /// <summary>The callee of <paramref name="node"/> at <paramref name="frame"/>, created on first use.</summary>
    private int Callee(int node, int frame, out bool created)
    {
        var mask = _slots.Length - 1;
        var key = Key(node, frame);
        for (var slot = Hash(key) & mask; ; slot = (slot + 1) & mask)
        {
            var callee = _slots[slot];
            if (callee == FreeSlot)
            {
                created = true;
                return Add(slot, node, frame);
            }

            // The key is the callee's own caller and frame: no array of keys to fill, which on a large profile is
            // hundreds of megabytes of fresh memory.
            if (_keys[callee] == key)
            {
                created = false;
                return callee;
            }
        }
    }

    /// <summary>A new callee of <paramref name="node"/>, which has none at <paramref name="frame"/> yet.</summary>
    private int Add(int node, int frame)
    {
        var mask = _slots.Length - 1;
        var slot = Hash(Key(node, frame)) & mask;
        while (_slots[slot] != FreeSlot)
        {
            slot = (slot + 1) & mask;
        }

        return Add(slot, node, frame);
    }

    private int Add(int slot, int node, int frame)
    {
        var callee = Count++;
        if (callee == _keys.Length)
        {
            Array.Resize(ref _keys, callee * 2);
            Array.Resize(ref _selves, callee * 2);
        }

        _keys[callee] = Key(node, frame);
        _slots[slot] = callee;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return callee;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var callee = 1; callee < Count; callee++)
        {
            var slot = Hash(_keys[callee]) & mask;
            while (_slots[slot] != FreeSlot)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = callee;
        }
    }

    // Fibonacci hashing spreads the packed (caller, frame) pairs, which are dense and sequential, over the table.
    private static int Hash(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 33);

    /// <summary>A caller and a frame packed into one number, caller in the high half: -1 for the root's none and none.</summary>
    internal static long Key(int node, int frame) => (long)(((ulong)(uint)node << 32) | (uint)frame);
}
