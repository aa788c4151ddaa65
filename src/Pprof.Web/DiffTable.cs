using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees as one: the frames of a tree of the comparison that
/// <c>-diff_base</c> serves, each with its value in either side (<see cref="CallTreeSamples.DiffBaseApart()"/>, or
/// <see cref="CallTreeComparison"/> over the frames of a tree of more samples). A side's flame graph reads the frames
/// its samples reach, as the tree merged from that side's samples alone has them, and the diff's reads every frame
/// either side reaches, its sides paired by frame number: no tree is merged again and no name looked up. Exact where
/// neither side has negative values (see <see cref="CallTreeSamples.DiffBaseApart()"/>).
/// </summary>
internal sealed class DiffTable
{
    private readonly Func<int, string> _name;
    private readonly CalleesOf _callees;
    private readonly Side _base;
    private readonly Side _new;

    /// <param name="tree">The comparison's tree that <paramref name="baseSide"/> and <paramref name="newSide"/> were told apart in.</param>
    public DiffTable(CallTreeTable tree, CallTreeSide baseSide, CallTreeSide newSide)
        : this(tree.Name, tree.Callees, baseSide, newSide)
    {
    }

    public DiffTable(CallTreeComparison comparison)
        : this(comparison.Name, comparison.Callees, comparison.Base, comparison.New)
    {
    }

    private delegate ReadOnlySpan<int> CalleesOf(int node);

    private DiffTable(Func<int, string> name, CalleesOf callees, CallTreeSide baseSide, CallTreeSide newSide)
    {
        (_name, _callees) = (name, callees);
        _base = new Side(baseSide);
        _new = new Side(newSide);
    }

    public IFlameFrame BaseRoot => new SideFrame(this, _base, 0);

    public IFlameFrame NewRoot => new SideFrame(this, _new, 0);

    public IDiffFrame Root => new Frame(this, 0);

    /// <summary>The callees of <paramref name="node"/> that <paramref name="side"/> reaches, as its own tree orders them: widest first, then by name.</summary>
    private List<int> CalleesIn(Side side, int node)
    {
        var callees = new List<(long Width, int Node)>();
        foreach (var callee in _callees(node))
        {
            if (side.Reaches(callee))
            {
                callees.Add((side.Widths[callee], callee));
            }
        }

        // The widths read once, not at every comparison: a frame's callees are scattered over the tree's arrays.
        callees.Sort((left, right) =>
        {
            var byWidth = right.Width.CompareTo(left.Width);
            return byWidth != 0 ? byWidth : string.CompareOrdinal(_name(left.Node), _name(right.Node));
        });
        return callees.ConvertAll(callee => callee.Node);
    }

    /// <summary>A side's values and widths by frame of the comparison's tree.</summary>
    private sealed class Side(CallTreeSide side)
    {
        /// <summary>By frame, the value of the side's stacks through it.</summary>
        public long[] Values { get; } = side.Values;

        /// <summary>By frame, Σ|value| of the side's stacks through it (each frame's own value taken whole).</summary>
        public long[] Widths { get; } = side.Widths;

        /// <summary>Whether the side's own tree has the frame: the side's samples reach it.</summary>
        public bool Reaches(int node) => Widths[node] != 0;
    }

    /// <summary>A frame of one side's tree.</summary>
    private sealed class SideFrame(DiffTable table, Side side, int node) : IFlameFrame
    {
        /// <summary>The callees the side reaches, listed once for <see cref="Self"/> and <see cref="Callees"/>: a frame the side does not reach has no value in it.</summary>
        private List<int>? _reached;

        public string Name => table._name(node);

        public long Value => side.Values[node];

        public long Self
        {
            get
            {
                var self = side.Values[node];
                foreach (var callee in Reached)
                {
                    self -= side.Values[callee];
                }

                return self;
            }
        }

        public long Width => side.Widths[node];

        public IReadOnlyList<IFlameFrame> Callees => [.. Reached.Select(callee => new SideFrame(table, side, callee))];

        private List<int> Reached => _reached ??= table.CalleesIn(side, node);
    }

    /// <summary>A frame of the diff: a frame of the comparison's tree, which one side's samples or both reach.</summary>
    private sealed class Frame(DiffTable table, int node) : IDiffFrame
    {
        public string Name => table._name(node);

        public long Base => table._base.Values[node];

        public long New => table._new.Values[node];

        public IReadOnlyList<IDiffFrame> Children
        {
            get
            {
                var (before, after) = (table._base, table._new);
                var callees = new List<(long Width, long SideWidth, bool New, int Node)>();
                foreach (var callee in table._callees(node))
                {
                    var isNew = after.Reaches(callee);
                    if (isNew || before.Reaches(callee))
                    {
                        var width = Math.Abs(before.Values[callee]) + Math.Abs(after.Values[callee]);
                        callees.Add((width, (isNew ? after : before).Widths[callee], isNew, callee));
                    }
                }

                // Widest first; of equal widths, the new tree's callees in its order, then the base's alone in its.
                callees.Sort((left, right) =>
                {
                    var order = right.Width.CompareTo(left.Width);
                    if (order != 0)
                    {
                        return order;
                    }

                    if (left.New != right.New)
                    {
                        return left.New ? -1 : 1;
                    }

                    order = right.SideWidth.CompareTo(left.SideWidth);
                    return order != 0 ? order : string.CompareOrdinal(table._name(left.Node), table._name(right.Node));
                });
                return [.. callees.Select(callee => new Frame(table, callee.Node))];
            }
        }
    }
}
