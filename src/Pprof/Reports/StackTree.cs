namespace Pprof.Reports;

/// <summary>
/// The samples of a report merged into one call tree, root first, for flame graphs: samples with equal stacks add up
/// (<see cref="StackTable"/> says which samples count).
/// </summary>
internal sealed class StackTree
{
    private StackTree[]? _children;
    private bool _childrenSorted;

    private StackTree(string name, string function, StackTree? parent)
    {
        Name = name;
        Function = function;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The frame's name as reports print it (function, and file:line or address at finer granularities).</summary>
    public string Name { get; }

    /// <summary>The function alone, without address or file ("" when unknown).</summary>
    public string Function { get; }

    public StackTree? Parent { get; }

    /// <summary>0 for the root, which stands for the whole profile.</summary>
    public int Depth { get; }

    /// <summary>The value of the stacks through this frame: negative where a comparison shrank.</summary>
    public long Value { get; private set; }

    /// <summary>
    /// Σ|value| of the merged stacks through this frame: the room it takes in a picture, so that in a comparison
    /// growth and shrinkage both show instead of cancelling out. Children never take more than their parent.
    /// </summary>
    public long Width { get; private set; }

    /// <summary>Of the root: some sample had a negative value, so the profile is a comparison (<c>-base</c>, <c>-diff_base</c>).</summary>
    public bool HasNegativeSamples { get; private set; }

    /// <summary>Callees, widest first, then by name.</summary>
    public IReadOnlyList<StackTree> Children
    {
        get
        {
            if (_children is null)
            {
                return [];
            }

            if (!_childrenSorted)
            {
                Array.Sort(_children, WidestFirst);
                _childrenSorted = true;
            }

            return _children;
        }
    }

    public static StackTree Build(Report report)
    {
        var table = StackTable.From(report);
        var (values, widths) = table.Totals();
        var calleeCounts = table.CalleeCounts();
        var nodes = new StackTree[table.Count];
        var (rootName, rootFunction) = table.FrameOf(0);
        nodes[0] = new StackTree(rootName, rootFunction, null) { HasNegativeSamples = table.HasNegativeSamples };
        for (var i = 0; i < nodes.Length; i++)
        {
            if (i > 0)
            {
                // A caller is created before its callees, so the parent exists, with room for its callees.
                var parent = nodes[table.Parent(i)];
                var (name, function) = table.FrameOf(i);
                nodes[i] = new StackTree(name, function, parent);
                parent._children![parent._children.Length - calleeCounts[table.Parent(i)]--] = nodes[i];
            }

            if (calleeCounts[i] > 0)
            {
                nodes[i]._children = new StackTree[calleeCounts[i]];
            }

            nodes[i].Value = values[i];
            nodes[i].Width = widths[i];
        }

        return nodes[0];
    }

    private static int WidestFirst(StackTree left, StackTree right) =>
        StackTable.WidestFirst(left.Width, left.Name, right.Width, right.Name);
}
