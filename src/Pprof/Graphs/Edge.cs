namespace Pprof.Graphs;

/// <summary>A call from <see cref="Source"/> to <see cref="Destination"/>, weighted by the samples through it.</summary>
internal sealed class Edge(Node source, Node destination)
{
    public Node Source { get; set; } = source;
    public Node Destination { get; } = destination;
    public long Weight { get; set; }
    public long WeightDiv { get; set; }

    /// <summary>The edge skips frames that were removed from the graph.</summary>
    public bool Residual { get; set; }

    /// <summary>Every call through this edge was inlined into the caller.</summary>
    public bool Inline { get; set; }

    public long WeightValue => WeightDiv == 0 ? Weight : Weight / WeightDiv;
}
