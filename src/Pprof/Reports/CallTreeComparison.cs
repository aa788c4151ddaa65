namespace Pprof.Reports;

/// <summary>
/// The two sides of a <c>-diff_base</c> comparison told apart over the frames of a tree of the comparison's samples
/// (<see cref="CallTreeSamples.DiffBaseApart(string, Profiles.ProfileFilter)"/>): each side's values by frame, and the
/// frames' names and callees. A side's own tree has the frames its samples reach, those of a width above 0. Its
/// arrays are of the size of the tree it was told apart in, which the callees are listed from.
/// </summary>
public sealed class CallTreeComparison
{
    private readonly StackTable _table;
    private readonly (int[] Starts, int[] Callees) _callees;

    /// <param name="callees">The tree's callees, listed as <see cref="StackTable.ListCallees"/> lists them.</param>
    internal CallTreeComparison(StackTable table, (int[] Starts, int[] Callees) callees, CallTreeSide baseSide, CallTreeSide newSide)
    {
        _table = table;
        _callees = callees;
        Base = baseSide;
        New = newSide;
    }

    /// <summary>The base's values and widths by frame, negated back: as its own tree has them.</summary>
    public CallTreeSide Base { get; }

    /// <summary>The new profile's values and widths by frame.</summary>
    public CallTreeSide New { get; }

    /// <summary>The number of frames of the tree the sides were told apart in, the root (0) included.</summary>
    public int Count => _table.Count;

    /// <summary>The frame as reports name it; <c>root</c> for the root.</summary>
    public string Name(int node) => _table.FrameOf(node).Name;

    /// <summary>
    /// The frame's callees in the tree the sides were told apart in, in frame order, whether either side reaches them
    /// or not: a side reaches those of its widths above 0.
    /// </summary>
    public ReadOnlySpan<int> Callees(int node) => _callees.Callees.AsSpan(_callees.Starts[node], _callees.Starts[node + 1] - _callees.Starts[node]);
}
