namespace Pprof.Reports;

/// <summary>
/// The call tree of a flame graph as data: the stacks of the samples merged from the root down, so that a frame
/// reached by two paths appears twice. Values are in the unit of the reported sample type.
/// </summary>
/// <param name="Name">The frame as reports name it; <c>root</c> for the tree's root, which stands for the whole profile.</param>
/// <param name="Function">The function alone ("" when unknown, and for the root).</param>
/// <param name="Self">The value of the stacks that end at this frame.</param>
/// <param name="Value">The value of the stacks through this frame (negative where a comparison shrank).</param>
/// <param name="Children">Callees, widest first.</param>
public sealed record CallTreeNode(string Name, string Function, long Self, long Value, IReadOnlyList<CallTreeNode> Children)
{
    internal static CallTreeNode From(StackTable table)
    {
        var parents = table.Parents;
        var callees = new int[parents.Length][];
        var calleeCounts = table.CalleeCounts();
        var filled = new int[parents.Length];
        for (var node = 1; node < parents.Length; node++)
        {
            var parent = parents[node];
            (callees[parent] ??= new int[calleeCounts[parent]])[filled[parent]++] = node;
        }

        var (values, widths) = table.Totals();
        Comparison<int> widestFirst = (left, right) =>
            StackTable.WidestFirst(widths[left], table.FrameOf(left).Name, widths[right], table.FrameOf(right).Name);
        var built = new CallTreeNode[parents.Length];
        // Callees are numbered after their caller, so in reverse every node's callees are ready before it.
        for (var node = parents.Length - 1; node >= 0; node--)
        {
            var ids = callees[node] ?? [];
            Array.Sort(ids, widestFirst);
            var children = new CallTreeNode[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                children[i] = built[ids[i]];
            }

            var (name, function) = table.FrameOf(node);
            built[node] = new(name, function, table.Selves[node], values[node], children);
        }

        return built[0];
    }
}
