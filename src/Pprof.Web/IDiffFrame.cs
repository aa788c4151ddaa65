namespace Pprof.Web;

/// <summary>
/// A frame of the diff's flame graph: a path in the base's call tree or the new profile's, with its value in each.
/// Read as the picture reaches it: only the frames a picture keeps have their callees listed.
/// </summary>
internal interface IDiffFrame
{
    string Name { get; }

    /// <summary>The value of the base's stacks through the frame (0 where the base has none).</summary>
    long Base { get; }

    /// <summary>The value of the new profile's stacks through the frame (0 where it has none).</summary>
    long New { get; }

    /// <summary>
    /// The callees in either tree, widest (Σ|value| of both sides) first; of equal widths, those in the new tree first,
    /// in its order, then those in the base's alone, in the base's order.
    /// </summary>
    IReadOnlyList<IDiffFrame> Children { get; }
}
