namespace Pprof.Graphs;

/// <summary>How samples become a graph.</summary>
internal sealed class GraphOptions
{
    /// <summary>Which value of each sample the graph sums.</summary>
    public int SampleIndex { get; init; }

    /// <summary>Divide by value 0 (the count) to show means, as <c>-mean</c> does.</summary>
    public bool Mean { get; init; }

    /// <summary>Keep binary names and function start lines in node infos (for listings).</summary>
    public bool ObjectNames { get; init; }

    public bool DropNegative { get; init; }

    /// <summary>Sum the caller-callee edges; a pass that wants only the nodes' sums goes faster without.</summary>
    public bool Edges { get; init; } = true;

    /// <summary>
    /// Collect label tags and <c>bytes</c> tags per node (the nodelets of the call graph), formatting values with
    /// this function of value and unit; null collects none, which saves a lot on large profiles.
    /// </summary>
    public Func<long, string, string>? FormatTag { get; init; }

    /// <summary>The unit of each numeric label key.</summary>
    public IReadOnlyDictionary<string, string> NumLabelUnits { get; init; } = new Dictionary<string, string>();

    /// <summary>When set, only nodes with these infos are built; frames of others make edges residual.</summary>
    public IReadOnlySet<NodeInfo>? KeptNodes { get; init; }
}
