using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees as one: the frames of a tree of the comparison that
/// <c>-diff_base</c> serves, each with its value in either side (<see cref="CallTreeComparison"/>). A side's flame graph
/// reads the frames its samples reach, as the tree merged from that side's samples alone has them, and the diff's reads
/// every frame either side reaches, its sides paired by frame number: no tree is merged again and no name looked up.
/// Exact where neither side has negative values (see <see cref="CallTreeSamples.DiffBaseApart(string, Pprof.Profiles.ProfileFilter)"/>).
/// </summary>
internal sealed class DiffTable(CallTreeComparison comparison)
{
    private readonly CallTreeComparison _comparison = comparison;
    private readonly Side _base = new(comparison.Base);
    private readonly Side _new = new(comparison.New);

    public IFlameFrame BaseRoot => new SideFrame(this, _base, 0);

    public IFlameFrame NewRoot => new SideFrame(this, _new, 0);

    public IDiffFrame Root => new Frame(this, 0);

    /// <summary>The callees of <paramref name="node"/> that <paramref name="side"/> reaches, as its own tree orders them: widest first, then by name.</summary>
    private List<int> CalleesIn(Side side, int node)
    {
        var callees = new List<(long Width, int Node)>();
        foreach (var callee in _comparison.Callees(node))
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
            return byWidth != 0 ? byWidth : string.CompareOrdinal(_comparison.Name(left.Node), _comparison.Name(right.Node));
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

        public string Name => table._comparison.Name(node);

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
        public string Name => table._comparison.Name(node);

        public long Base => table._base.Values[node];

        public long New => table._new.Values[node];

        public IReadOnlyList<IDiffFrame> Children
        {
            get
            {
                var (before, after) = (table._base, table._new);
                var callees = new List<(long Width, long SideWidth, bool New, int Node)>();
                foreach (var callee in table._comparison.Callees(node))
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
                    return order != 0 ? order : string.CompareOrdinal(table._comparison.Name(left.Node), table._comparison.Name(right.Node));
                });
                return [.. callees.Select(callee => new Frame(table, callee.Node))];
            }
        }
    }
}
