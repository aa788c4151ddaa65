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
public sealed record CallTreeNode(string Name, string Function, long Self, long Value, IReadOnlyList<CallTreeNode> Children);
