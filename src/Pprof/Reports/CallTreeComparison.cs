namespace Pprof.Reports;

/// <summary>
/// The two sides of a <c>-diff_base</c> comparison told apart over the frames of a tree of the comparison's samples
/// (<see cref="CallTreeSamples.DiffBaseApart(string, Profiles.ProfileFilter)"/>): each side's values by frame, and the
/// frames' names and callees. A side's own tree has the frames its samples reach, those of a width above 0. Its
/// arrays are of the size of the tree: disposing of it hands them to the next comparison told apart in the same tree,
/// so nothing of it is read after.
/// </summary>
public sealed class CallTreeComparison : IDisposable
{
    private readonly StackTable _table;
    private readonly (int[] FirstCallees, int[] NextSiblings) _links;
    private Action? _giveBack;

    internal CallTreeComparison(StackTable table, (int[] FirstCallees, int[] NextSiblings) links, CallTreeSide baseSide, CallTreeSide newSide, Action giveBack)
    {
        _table = table;
        _links = links;
        Base = baseSide;
        New = newSide;
        _giveBack = giveBack;
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
    public List<int> Callees(int node)
    {
        var callees = new List<int>();
        for (var callee = _links.FirstCallees[node]; callee != 0; callee = _links.NextSiblings[callee])
        {
            callees.Add(callee);
        }

        return callees;
    }

    /// <summary>Hands the sides' arrays to the next comparison told apart in the same tree: <see cref="Base"/> and <see cref="New"/> are not to be read after.</summary>
    public void Dispose() => Interlocked.Exchange(ref _giveBack, null)?.Invoke();
}
