using Pprof.Reports;

namespace Pprof.Web;

/// <summary>A frame of a call tree table, as a flame graph drawn from another tree reads it (a side of the diff).</summary>
internal sealed class TableFrame(CallTreeTable table, int node) : IFlameFrame
{
    public string Name => table.Name(node);

    public long Value => table.Value(node);

    public long Self => table.Self(node);

    public long Width => table.Width(node);

    public IReadOnlyList<IFlameFrame> Callees => [.. table.Callees(node).ToArray().Select(callee => new TableFrame(table, callee))];
}
