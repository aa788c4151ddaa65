using Pprof.Graphs;
using Pprof.Measurement;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>A profile ready to be reported: the total of the selected value and the options that shape the output.</summary>
internal sealed class Report
{
    public Report(Profile profile, ReportSettings options)
    {
        Profile = profile;
        Options = options;
        Total = ComputeTotal(profile, options);
    }

    public Profile Profile { get; }
    public ReportSettings Options { get; }

    /// <summary>Σ|value| over samples; of the base samples only when the profile is a <c>-diff_base</c> comparison.</summary>
    public long Total { get; }

    public string FormatValue(long value)
    {
        if (Options.Ratio is > 0 and not 1)
        {
            value = (long)(value * Options.Ratio);
        }

        return Units.ScaledLabel(value, Options.SampleUnit, Options.OutputUnit);
    }

    /// <param name="objectNames">Keep binary names and start lines in nodes, as listings and callgrind need.</param>
    /// <param name="edges">Sum the edges too; without them a pass finds the nodes' sums alone, faster.</param>
    public GraphOptions GraphOptions(
        IReadOnlySet<NodeInfo>? keptNodes = null, bool tags = false, bool objectNames = false, bool edges = true) => new()
    {
        Edges = edges,
        SampleIndex = Options.SampleIndex,
        Mean = Options.Mean,
        ObjectNames = objectNames,
        DropNegative = Options.DropNegative,
        KeptNodes = keptNodes,
        FormatTag = tags ? (value, unit) => Units.ScaledLabel(value, unit, Options.OutputUnit) : null,
        NumLabelUnits = Options.NumLabelUnits,
    };

    /// <summary>
    /// Builds the graph and trims it as pprof does: drop nodes under the node fraction, then keep the top
    /// <see cref="ReportSettings.NodeCount"/>; the graph is rebuilt from the samples after each cut so that
    /// the remaining values stay exact. Under a node fraction the first graph only picks the nodes: it is built
    /// without edges or tags and always rebuilt.
    /// </summary>
    /// <param name="visual">For a picture: nodes carry tags, are ordered by entropy, and redundant edges go.</param>
    /// <param name="edges">
    /// Without edges (for what shows nodes alone: the legend of <c>-top</c>), the nodes of the first pass are kept as
    /// they are, since a node's sums do not depend on which other nodes are kept: no second pass.
    /// </param>
    public TrimmedGraph NewTrimmedGraph(bool visual = false, bool edges = true)
    {
        var complete = Options.NodeFraction == 0;
        var graph = GraphBuilder.Build(Profile, GraphOptions(tags: visual && complete, edges: complete && edges));
        var totalValue = graph.FlatSum();
        var nodeCutoff = LongMath.Abs((long)(totalValue * Options.NodeFraction));
        var edgeCutoff = LongMath.Abs((long)(totalValue * Options.EdgeFraction));
        var droppedNodes = 0;
        HashSet<NodeInfo>? kept = null;
        if (nodeCutoff > 0)
        {
            kept = graph.NodesAboveCumCutoff(nodeCutoff);
            droppedNodes = graph.Nodes.Count - kept.Count;
        }

        if (!edges && !visual)
        {
            return Kept(graph, kept, droppedNodes);
        }

        if (!complete)
        {
            graph = GraphBuilder.Build(Profile, GraphOptions(droppedNodes > 0 ? kept : null, visual));
        }

        var originalCount = graph.Nodes.Count;
        var order = visual ? NodeOrder.Entropy : Options.CumSort ? NodeOrder.CumName : NodeOrder.FlatName;
        graph.Sort(order);
        if (Options.NodeCount > 0)
        {
            // Light tags and edges must not sway which nodes make the cut.
            graph.TrimLowFrequencyTags(nodeCutoff);
            graph.TrimLowFrequencyEdges(edgeCutoff);
            var top = graph.TopNodes(Options.NodeCount, visual);
            if (top.Count != graph.Nodes.Count)
            {
                // A node's sums and tags do not depend on which other nodes are kept, its edges do: only the edges
                // are summed again, and the tags are taken over.
                var tagged = graph;
                graph = GraphBuilder.Build(Profile, GraphOptions(top));
                if (visual)
                {
                    graph.TakeTagsFrom(tagged);
                }

                graph.Sort(order);
            }
        }

        graph.TrimLowFrequencyTags(nodeCutoff);
        var droppedEdges = graph.TrimLowFrequencyEdges(edgeCutoff);
        if (visual)
        {
            graph.RemoveRedundantEdges();
        }

        return new TrimmedGraph(graph, originalCount, droppedNodes, droppedEdges);
    }

    /// <summary><see cref="NewTrimmedGraph"/> of the nodes of a graph summed without edges, kept as that would keep them.</summary>
    private TrimmedGraph Kept(Graph graph, HashSet<NodeInfo>? kept, int droppedNodes)
    {
        if (kept is not null)
        {
            graph = new Graph(graph.Nodes.FindAll(node => kept.Contains(node.Info)));
        }

        var originalCount = graph.Nodes.Count;
        graph.Sort(Options.CumSort ? NodeOrder.CumName : NodeOrder.FlatName);
        if (Options.NodeCount > 0 && Options.NodeCount < graph.Nodes.Count)
        {
            graph = new Graph(graph.Nodes[..Options.NodeCount]);
        }

        return new TrimmedGraph(graph, originalCount, droppedNodes, DroppedEdges: 0);
    }

    /// <summary>
    /// Picks the unit for <c>unit=minimum</c>: the one that suits the smallest value shown, moved up when the total
    /// is over a hundred times larger so that the smallest value still reads as at least 0.01.
    /// </summary>
    /// <param name="integerValues">The report prints whole numbers, so the smallest value's unit stays.</param>
    public void SelectOutputUnit(Graph graph, bool integerValues = false)
    {
        if (Options.OutputUnit != "minimum" || graph.Nodes.Count == 0)
        {
            return;
        }

        long minValue = 0;
        foreach (var node in graph.Nodes)
        {
            var nodeMin = LongMath.Abs(node.FlatValue);
            if (nodeMin == 0)
            {
                nodeMin = LongMath.Abs(node.CumValue);
            }

            if (nodeMin > 0 && (minValue == 0 || nodeMin < minValue))
            {
                minValue = nodeMin;
            }
        }

        var maxValue = Total;
        if (minValue == 0)
        {
            minValue = maxValue;
        }

        if (Options.Ratio is > 0 and not 1)
        {
            minValue = (long)(minValue * Options.Ratio);
            maxValue = (long)(maxValue * Options.Ratio);
        }

        var (_, minUnit) = Units.Scale(minValue, Options.SampleUnit, "minimum");
        var (_, maxUnit) = Units.Scale(maxValue, Options.SampleUnit, "minimum");
        var unit = minUnit;
        if (minUnit != maxUnit && minValue * 100 < maxValue && !integerValues)
        {
            (_, unit) = Units.Scale(100 * minValue, Options.SampleUnit, "minimum");
        }

        Options.OutputUnit = unit.Length != 0 ? unit : Options.SampleUnit;
    }

    private static long ComputeTotal(Profile profile, ReportSettings options)
    {
        var mayBeDiff = profile.Samples.MayHaveLabel(Label.DiffBaseKey);
        if (!mayBeDiff && !options.Mean)
        {
            return profile.Samples.AbsoluteTotals[options.SampleIndex];
        }

        long total = 0, divisor = 0, diffTotal = 0, diffDivisor = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var values = cursor.Values;
            var value = LongMath.Abs(values[options.SampleIndex]);
            var d = options.Mean ? values[0] : 0;
            total += value;
            divisor += d;
            if (mayBeDiff && IsDiffBaseSample(cursor.Labels))
            {
                diffTotal += value;
                diffDivisor += d;
            }
        }

        if (diffTotal > 0)
        {
            total = diffTotal;
            divisor = diffDivisor;
        }

        return divisor != 0 ? total / divisor : total;
    }

    /// <summary>Whether a sample is one of the base's in a comparison made with <c>-diff_base</c>.</summary>
    internal static bool IsDiffBaseSample(ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label is { Key: Label.DiffBaseKey, Str: "true" })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A trimmed graph and what trimming removed, for the report's header lines.</summary>
internal sealed record TrimmedGraph(Graph Graph, int OriginalCount, int DroppedNodes, int DroppedEdges);
