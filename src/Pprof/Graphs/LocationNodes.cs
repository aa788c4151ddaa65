using System.Runtime.CompilerServices;

namespace Pprof.Graphs;

/// <summary>
/// The graph node of every line of every location (innermost first, -1 where a node is not kept), in two flat
/// arrays rather than an array per location: a profile can have millions of locations.
/// </summary>
internal sealed class LocationNodes(int[] starts, int[] nodes)
{
    public ReadOnlySpan<int> this[int location]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => nodes.AsSpan(starts[location], starts[location + 1] - starts[location]);
    }
}
