using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>Small heap graphs written out by hand: objects by index, each with its type and its references.</summary>
internal static class HandMadeHeaps
{
    public static readonly string[] TypeNames = ["App.Cache", "App.Node", "System.Byte[]", "System.Object[]"];

    /// <param name="sizes">Each object's size; 24 bytes each when omitted.</param>
    /// <param name="typeNames">The types' names; <see cref="TypeNames"/> when omitted.</param>
    public static HeapGraph Graph(int[] types, int[][] references, HeapRoot[] roots, long[]? sizes = null, string[]? typeNames = null)
    {
        var starts = new int[types.Length + 1];
        for (var i = 0; i < types.Length; i++)
        {
            starts[i + 1] = starts[i] + references[i].Length;
        }

        return new HeapGraph
        {
            TypeNames = typeNames ?? TypeNames,
            Types = ChunkedList<int>.From(types),
            Sizes = ChunkedList<long>.From(sizes ?? [.. types.Select(_ => 24L)]),
            ReferenceStarts = starts,
            References = [.. references.SelectMany(r => r)],
            Roots = roots,
        };
    }
}
