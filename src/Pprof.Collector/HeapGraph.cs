namespace Pprof.Collector;

/// <summary>
/// A heap snapshot as a graph: objects 0..<see cref="ObjectCount"/>-1 with their type and size, references in
/// compressed rows, and roots: named groups (a static field, the stacks, the handles...) that each hold some objects.
/// </summary>
internal sealed class HeapGraph
{
    public required string[] TypeNames { get; init; }
    public required ChunkedList<int> Types { get; init; }
    public required ChunkedList<long> Sizes { get; init; }

    /// <summary>
    /// The references of object i are <c>References[ReferenceStarts[i]..ReferenceStarts[i+1]]</c>; entries after the
    /// last object's are unused.
    /// </summary>
    public required int[] ReferenceStarts { get; init; }
    public required int[] References { get; init; }
    public required HeapRoot[] Roots { get; init; }

    public int ObjectCount => Types.Count;

    public int ReferenceCount => ReferenceStarts[ObjectCount];

    /// <summary>The same heap with more roots.</summary>
    public HeapGraph WithRoots(IEnumerable<HeapRoot> roots) => new()
    {
        TypeNames = TypeNames,
        Types = Types,
        Sizes = Sizes,
        ReferenceStarts = ReferenceStarts,
        References = References,
        Roots = [.. Roots, .. roots],
    };

    public ReadOnlySpan<int> ReferencesOf(int obj) =>
        References.AsSpan(ReferenceStarts[obj], ReferenceStarts[obj + 1] - ReferenceStarts[obj]);
}
