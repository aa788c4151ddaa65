using System.Globalization;
using System.Text;
using Pprof.Graphs;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-dot</c> report: the call graph in Graphviz's language, with pprof's legend, node sizes (by flat),
/// colours (by cum: red for growth, green for shrinkage), edge widths and nodelets for tags.
/// </summary>
internal static class DotReport
{
    public static void Write(TextWriter output, Report report, string title)
    {
        var trimmed = report.NewTrimmedGraph(visual: true);
        var graph = trimmed.Graph;
        report.SelectOutputUnit(graph);
        var labels = ReportLabels.For(report, trimmed, fullHeaders: true);
        output.Write($"digraph \"{(title.Length == 0 ? "unnamed" : title)}\" {{\n");
        output.Write("node [style=filled fillcolor=\"#f8f8f8\"]\n");
        if (labels.Count > 0)
        {
            output.Write($"subgraph cluster_L {{ \"{Escape(labels[0])}\" [shape=box fontsize=16 label=\"{string.Join(@"\l", labels.Select(Escape))}\\l\"");
            if (title.Length != 0)
            {
                output.Write($" tooltip=\"{title}\"");
            }

            output.Write("] }\n");
        }

        if (graph.Nodes.Count > 0)
        {
            WriteGraph(output, report, graph);
        }

        output.Write("}\n");
    }

    private static void WriteGraph(TextWriter output, Report report, Graph graph)
    {
        var ids = new Dictionary<Node, int>();
        var hasNodelets = new Dictionary<Node, bool>();
        var maxFlat = (double)graph.Nodes.Max(n => LongMath.Abs(n.FlatValue));
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            ids[graph.Nodes[i]] = i + 1;
        }

        var edges = new List<Edge>();
        foreach (var node in graph.Nodes)
        {
            WriteNode(output, report, node, ids[node], maxFlat);
            hasNodelets[node] = WriteNodelets(output, report, node, ids[node]);
            edges.AddRange(node.Out.Values);
        }

        foreach (var edge in EdgeOrder.Sort(edges))
        {
            // A callee whose values all came to 0 (means that round down, a comparison that cancels out) is no node of
            // the graph, but its edges stay: pprof draws them to N0, which no node is.
            WriteEdge(output, report, edge, ids[edge.Source], ids.GetValueOrDefault(edge.Destination), hasNodelets[edge.Source]);
        }
    }

    private static void WriteNode(TextWriter output, Report report, Node node, int id, double maxFlat)
    {
        var flat = node.FlatValue;
        var cum = node.CumValue;
        var label = new StringBuilder(MultilineName(node.Info));
        var flatText = report.FormatValue(flat);
        label.Append(flat != 0 ? $"{flatText} ({Units.Percentage(flat, report.Total).Trim()})" : "0");
        var cumText = flatText;
        if (cum != flat)
        {
            label.Append(flat != 0 ? @"\n" : " ");
            cumText = report.FormatValue(cum);
            label.Append($"of {cumText} ({Units.Percentage(cum, report.Total).Trim()})");
        }

        var fontSize = 8;
        if (maxFlat != 0 && flat != 0 && LongMath.Abs(flat) <= maxFlat)
        {
            fontSize += (int)Math.Ceiling(16.0 * Math.Sqrt(LongMath.Abs(flat) / maxFlat));
        }

        var score = (double)cum / LongMath.Abs(report.Total);
        output.Write(Invariant(
            $"N{id} [label=\"{label}\" id=\"node{id}\" fontsize={fontSize} shape=box tooltip=\"{Escape(node.PrintableName)} ({cumText})\" color=\"{Color(score, false)}\" fillcolor=\"{Color(score, true)}\"]\n"));
    }

    private static bool WriteNodelets(TextWriter output, Report report, Node node, int id)
    {
        var nodelets = new StringBuilder();
        var flatTags = node.Out.Count > 0;
        var labelTags = Tag.Sort(node.LabelTags.Values, flatTags).Take(Graph.MaxNodelets).ToList();
        for (var i = 0; i < labelTags.Count; i++)
        {
            var tag = labelTags[i];
            var weight = flatTags ? tag.FlatValue : tag.CumValue;
            if (weight == 0)
            {
                continue;
            }

            var text = report.FormatValue(weight);
            nodelets.Append(Invariant($"N{id}_{i} [label = \"{tag.Name}\" id=\"N{id}_{i}\" fontsize=8 shape=box3d tooltip=\"{text}\"]\n"));
            nodelets.Append(Invariant($"N{id} -> N{id}_{i} [label=\" {text}\" weight=100 tooltip=\"{text}\" labeltooltip=\"{text}\"]\n"));
            if (node.NumericTags.TryGetValue(tag.Name, out var numeric) && numeric.Count > 0)
            {
                nodelets.Append(NumericNodelets(report, numeric.Values, flatTags, Invariant($"N{id}_{i}")));
            }
        }

        if (node.NumericTags.TryGetValue("", out var plain) && plain.Count > 0)
        {
            nodelets.Append(NumericNodelets(report, plain.Values, flatTags, Invariant($"N{id}")));
        }

        output.Write(nodelets.ToString());
        return nodelets.Length > 0;
    }

    private static string NumericNodelets(Report report, IEnumerable<Tag> tags, bool flatTags, string source)
    {
        var nodelets = new StringBuilder();
        var collapsed = CollapseTags(tags.ToList(), Graph.MaxNodelets, flatTags);
        for (var j = 0; j < collapsed.Count; j++)
        {
            var tag = collapsed[j];
            var (weight, style) = flatTags || tag.FlatValue == tag.CumValue ? (tag.FlatValue, "") : (tag.CumValue, " style=\"dotted\"");
            if (weight == 0)
            {
                continue;
            }

            var text = report.FormatValue(weight);
            nodelets.Append(Invariant($"N{source}_{j} [label = \"{tag.Name}\" id=\"N{source}_{j}\" fontsize=8 shape=box3d tooltip=\"{text}\"]\n"));
            nodelets.Append(Invariant($"{source} -> N{source}_{j} [label=\" {text}\" weight=100 tooltip=\"{text}\" labeltooltip=\"{text}\"{style}]\n"));
        }

        return nodelets.ToString();
    }

    /// <summary>At most <paramref name="count"/> tags: the heaviest ones seed groups, the rest join the nearest by value.</summary>
    private static List<Tag> CollapseTags(List<Tag> tags, int count, bool flatTags)
    {
        tags = Tag.Sort(tags, flatTags);
        if (tags.Count <= count)
        {
            return tags;
        }

        var groups = tags.Take(count).Select(t => new List<Tag> { t }).ToList();
        foreach (var tag in tags.Skip(count))
        {
            var best = 0;
            var distance = Distance(tag, groups[0][0]);
            for (var i = 1; i < count; i++)
            {
                var d = Distance(tag, groups[i][0]);
                if (d < distance)
                {
                    (best, distance) = (i, d);
                }
            }

            groups[best].Add(tag);
        }

        return Tag.Sort(groups.Select(GroupTag), flatTags);
    }

    private static double Distance(Tag tag, Tag other)
    {
        var (value, _) = Units.Scale(other.Value, other.Unit, tag.Unit);
        return Math.Abs(value - tag.Value);
    }

    private static Tag GroupTag(List<Tag> group)
    {
        if (group.Count == 1)
        {
            var single = group[0];
            return new Tag(Units.Label(single.Value, single.Unit), single.Unit, single.Value) { Flat = single.FlatValue, Cum = single.CumValue };
        }

        Tag min = group[0], max = group[0];
        long flat = min.Flat, flatDiv = min.FlatDiv, cum = min.Cum, cumDiv = min.CumDiv;
        foreach (var tag in group.Skip(1))
        {
            if ((long)Units.Scale(tag.Value, tag.Unit, min.Unit).Value < min.Value)
            {
                min = tag;
            }

            if ((long)Units.Scale(tag.Value, tag.Unit, max.Unit).Value > max.Value)
            {
                max = tag;
            }

            flat += tag.Flat;
            flatDiv += tag.FlatDiv;
            cum += tag.Cum;
            cumDiv += tag.CumDiv;
        }

        var name = Units.Label(min.Value, min.Unit) + ".." + Units.Label(max.Value, max.Unit);
        return new Tag(name, "", 0) { Flat = flatDiv != 0 ? flat / flatDiv : flat, Cum = cumDiv != 0 ? cum / cumDiv : cum };
    }

    private static void WriteEdge(TextWriter output, Report report, Edge edge, int from, int to, bool sourceHasNodelets)
    {
        var weight = edge.WeightValue;
        var text = report.FormatValue(weight);
        var attributes = new StringBuilder($"label=\" {text}{(edge.Inline ? @"\n (inline)" : "")}\"");
        var total = report.Total;
        if (total != 0)
        {
            var graphWeight = 1 + (int)Math.Min(LongMath.Abs(weight * 100 / total), 100);
            if (graphWeight > 1)
            {
                attributes.Append(Invariant($" weight={graphWeight}"));
            }

            var width = 1 + (int)Math.Min(LongMath.Abs(weight * 5 / total), 5);
            if (width > 1)
            {
                attributes.Append(Invariant($" penwidth={width}"));
            }

            attributes.Append($" color=\"{Color((double)weight / LongMath.Abs(total), false)}\"");
        }

        var arrow = edge.Residual ? "..." : "->";
        var tooltip = $"\"{Escape(edge.Source.PrintableName)} {arrow} {Escape(edge.Destination.PrintableName)} ({text})\"";
        attributes.Append($" tooltip={tooltip} labeltooltip={tooltip}");
        if (edge.Residual)
        {
            attributes.Append(" style=\"dotted\"");
        }

        if (sourceHasNodelets)
        {
            attributes.Append(" minlen=2");
        }

        output.Write(Invariant($"N{from} -> N{to} [{attributes}]\n"));
    }

    /// <summary>Red for positive scores, green for negative, fading to grey near zero.</summary>
    internal static string Color(double score, bool background)
    {
        const double shift = 0.7;
        var saturation = background ? 0.1 : 1.0;
        var value = background ? 0.93 : 0.7;
        score = Math.Max(-1.0, Math.Min(1.0, score));
        if (Math.Abs(score) < 0.2)
        {
            saturation *= Math.Abs(score) / 0.2;
        }

        score = score > 0 ? Math.Pow(score, 1.0 - shift) : score < 0 ? -Math.Pow(-score, 1.0 - shift) : score;
        double red, green;
        if (score < 0)
        {
            green = value;
            red = value * (1 + saturation * score);
        }
        else
        {
            red = value;
            green = value * (1 - saturation * score);
        }

        var blue = value * (1 - saturation);
        return Invariant($"#{(byte)(red * 255.0):x2}{(byte)(green * 255.0):x2}{(byte)(blue * 255.0):x2}");
    }

    private static string MultilineName(NodeInfo info)
    {
        var name = Escape(FunctionNames.Shorten(info.Name)).Replace("::", @"\n", StringComparison.Ordinal)
            .Replace("[...]", "[…]", StringComparison.Ordinal).Replace(".", @"\n", StringComparison.Ordinal);
        var shown = info with { Name = name, File = info.File.Length != 0 ? Path.GetFileName(info.File) : "" };
        return string.Join(@"\n", shown.NameComponents()) + @"\n";
    }

    internal static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", @"\l", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
