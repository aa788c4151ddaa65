using Pprof.Profiles;

namespace Pprof.Graphs;

/// <summary>
/// Sums samples into a graph. Each sample adds its value to the cum of every distinct node on its stack once
/// (recursion counts once), to every distinct caller-callee edge once, and to the flat of its leaf.
/// </summary>
internal static class GraphBuilder
{
    // Below this many samples a second thread costs more than it saves.
    private const int ParallelThreshold = 50_000;

    public static Graph Build(Profile profile, GraphOptions options)
    {
        var nodeInfos = new List<NodeInfo>();
        var locationNodes = CreateNodes(profile, options, nodeInfos);
        var samples = profile.Samples;
        var parts = samples.Count >= ParallelThreshold ? Environment.ProcessorCount : 1;
        var partials = new GraphAccumulator[parts];
        var tagKinds = new TagKinds();
        Parallel.For(0, parts, part =>
        {
            var accumulator = new GraphAccumulator(nodeInfos.Count);
            var cursor = samples.GetCursor(part, parts);
            accumulator.Add(ref cursor, locationNodes, options, tagKinds);
            partials[part] = accumulator;
        });

        for (var part = 1; part < parts; part++)
        {
            partials[0].Add(partials[part]);
        }

        return Materialize(nodeInfos, partials[0], tagKinds, options.DropNegative);
    }

    /// <summary>The node indices of each location's lines (innermost first), -1 where a node is not kept.</summary>
    private static LocationNodes CreateNodes(Profile profile, GraphOptions options, List<NodeInfo> infos)
    {
        var byInfo = new Dictionary<NodeInfo, int>();
        var cleanFiles = new Dictionary<string, string>();
        var locations = profile.Locations;
        var starts = new int[locations.Count + 1];
        var nodes = new List<int>(locations.Count);
        for (var l = 0; l < locations.Count; l++)
        {
            var location = locations[l];
            var objectFile = location.Mapping?.File ?? "";
            foreach (var line in location.Lines.Length == 0 ? NoLines : location.Lines)
            {
                var info = CreateInfo(location, line, objectFile, options, cleanFiles);
                if (options.KeptNodes is { } kept && !kept.Contains(info))
                {
                    nodes.Add(-1);
                    continue;
                }

                if (!byInfo.TryGetValue(info, out var index))
                {
                    index = infos.Count;
                    byInfo[info] = index;
                    infos.Add(info);
                }

                nodes.Add(index);
            }

            starts[l + 1] = nodes.Count;
        }

        return new LocationNodes(starts, [.. nodes]);
    }

    private static readonly Line[] NoLines = [default];

    /// <summary>What each line of a location stands for (one info for a location without lines), innermost first.</summary>
    public static NodeInfo[] LineInfos(Location location, GraphOptions options)
    {
        var objectFile = location.Mapping?.File ?? "";
        var lines = location.Lines.Length == 0 ? NoLines : location.Lines;
        return [.. lines.Select(line => CreateInfo(location, line, objectFile, options, null))];
    }

    /// <param name="cleanFiles">Cleaned file names already seen: most functions share their files.</param>
    private static NodeInfo CreateInfo(Location location, Line line, string objectFile, GraphOptions options, Dictionary<string, string>? cleanFiles)
    {
        if (line.Function is not { } function)
        {
            return NodeInfo.Empty with { Address = location.Address, ObjectFile = objectFile };
        }

        var info = NodeInfo.Empty with
        {
            Address = location.Address,
            LineNumber = line.Number,
            Name = function.Name,
            File = function.Filename.Length == 0 ? "" : Clean(function.Filename, cleanFiles),
        };
        return options.ObjectNames || info.Name.Length == 0
            ? info with { ObjectFile = objectFile, StartLine = function.StartLine }
            : info;
    }

    private static string Clean(string file, Dictionary<string, string>? cleanFiles)
    {
        if (cleanFiles is null)
        {
            return GoPath.Clean(file);
        }

        if (!cleanFiles.TryGetValue(file, out var clean))
        {
            cleanFiles[file] = clean = GoPath.Clean(file);
        }

        return clean;
    }

    private static Graph Materialize(List<NodeInfo> infos, GraphAccumulator sums, TagKinds tagKinds, bool dropNegative)
    {
        var nodes = new Node[infos.Count];
        for (var i = 0; i < infos.Count; i++)
        {
            nodes[i] = new Node(infos[i])
            {
                Flat = sums.Flat[i],
                FlatDiv = sums.FlatDiv[i],
                Cum = sums.Cum[i],
                CumDiv = sums.CumDiv[i],
            };
        }

        foreach (ref readonly var t in sums.Tags.All())
        {
            var node = nodes[t.Node];
            var kind = tagKinds[t.Kind];
            var tag = new Tag(kind.Name, kind.Unit, t.Value) { Flat = t.Flat, FlatDiv = t.FlatDiv, Cum = t.Cum, CumDiv = t.CumDiv };
            if (!kind.Numeric)
            {
                node.LabelTags[kind.Name] = tag;
                continue;
            }

            if (!node.NumericTags.TryGetValue(kind.Group, out var byName))
            {
                node.NumericTags[kind.Group] = byName = [];
            }

            byName[kind.Name] = tag;
        }

        foreach (var e in sums.Edges.All())
        {
            var edge = new Edge(nodes[e.Source], nodes[e.Destination])
            {
                Weight = e.Weight,
                WeightDiv = e.WeightDiv,
                Residual = e.Residual,
                Inline = e.Inline,
            };
            nodes[e.Source].Out[edge.Destination] = edge;
            nodes[e.Destination].In[edge.Source] = edge;
        }

        var kept = nodes.Where(n => (n.Cum != 0 || n.Flat != 0) && !(dropNegative && IsNegative(n))).ToList();
        return new Graph(kept);
    }

    private static bool IsNegative(Node node) => node.Flat < 0 || (node.Flat == 0 && node.Cum < 0);
}
