namespace Pprof.Graphs;

/// <summary>A function, file, line or address of the graph, with its flat (own) and cum (own and callees') values.</summary>
internal sealed class Node(NodeInfo info)
{
    private string? _printableName;

    public NodeInfo Info { get; } = info;
    public long Flat { get; set; }
    public long FlatDiv { get; set; }
    public long Cum { get; set; }
    public long CumDiv { get; set; }

    /// <summary>Callers, keyed by the calling node.</summary>
    public Dictionary<Node, Edge> In { get; } = [];

    /// <summary>Callees, keyed by the called node.</summary>
    public Dictionary<Node, Edge> Out { get; } = [];

    /// <summary>String-label tags, keyed by the node's joined <c>key:value</c> labels.</summary>
    public Dictionary<string, Tag> LabelTags { get; set; } = [];

    /// <summary>Numeric tags, grouped by the string labels they came with ("" for none), then by formatted value.</summary>
    public Dictionary<string, Dictionary<string, Tag>> NumericTags { get; } = [];

    public long FlatValue => FlatDiv == 0 ? Flat : Flat / FlatDiv;
    public long CumValue => CumDiv == 0 ? Cum : Cum / CumDiv;

    public string PrintableName => _printableName ??= Info.PrintableName();

    public override string ToString() => PrintableName;
}
