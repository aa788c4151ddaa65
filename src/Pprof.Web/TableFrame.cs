using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// A frame of a call tree table, as a flame graph drawn from another tree reads it (a side of the diff, a sandwich
/// found in passes over the samples).
/// </summary>
/// <param name="name">The frame's name, when not the table's: the function a sandwich's tables are rooted at.</param>
internal sealed class TableFrame(CallTreeTable table, int node, string? name = null) : IFlameFrame
{
    public string Name => name ?? table.Name(node);

    public long Value => table.Value(node);

    public long Self => table.Self(node);

    public long Width => table.Width(node);

    public IReadOnlyList<IFlameFrame> Callees => [.. table.Callees(node).ToArray().Select(callee => new TableFrame(table, callee))];

    public long Unlisted => table.LeftOut(node, table.Callees(node).Length);
}
