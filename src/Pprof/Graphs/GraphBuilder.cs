using System.Runtime.CompilerServices;
using Pprof.Profiles;

namespace Pprof.Graphs;

/// <summary>
/// Sums samples into a graph. Each sample adds its value to the cum of every distinct node on its stack once
/// (recursion counts once), to every distinct caller-callee edge once, and to the flat of its leaf.
/// </summary>
public static class GraphBuilder
{
    // Up to this many nodes, edges live in a dense nodes × nodes table; beyond it, in a dictionary.
    private const int DenseEdgeLimit = 2048;

    // Below this many samples a second thread costs more than it saves.
    private const int ParallelThreshold = 50_000;

    public static Graph Build(Profile profile, GraphOptions options)
    {
        var nodeInfos = new List<NodeInfo>();
        var locationNodes = CreateNodes(profile, options, nodeInfos);
        var samples = profile.Samples;
        var parts = samples.Count >= ParallelThreshold ? Environment.ProcessorCount : 1;
        var partials = new Accumulator[parts];
        Parallel.For(0, parts, part =>
        {
            var accumulator = new Accumulator(nodeInfos.Count);
            var cursor = samples.GetCursor(part, parts);
            accumulator.Add(ref cursor, locationNodes, options);
            partials[part] = accumulator;
        });

        for (var part = 1; part < parts; part++)
        {
            partials[0].Add(partials[part]);
        }

        return Materialize(nodeInfos, partials[0], options.DropNegative);
    }

    /// <summary>The node indices of each location's lines (innermost first), -1 where a node is not kept.</summary>
    private static int[][] CreateNodes(Profile profile, GraphOptions options, List<NodeInfo> infos)
    {
        var byInfo = new Dictionary<NodeInfo, int>();
        var result = new int[profile.Locations.Count][];
        for (var l = 0; l < profile.Locations.Count; l++)
        {
            var lineInfos = LineInfos(profile.Locations[l], options);
            var nodes = new int[lineInfos.Length];
            for (var i = 0; i < lineInfos.Length; i++)
            {
                var info = lineInfos[i];
                if (options.KeptNodes is { } kept && !kept.Contains(info))
                {
                    nodes[i] = -1;
                    continue;
                }

                if (!byInfo.TryGetValue(info, out var index))
                {
                    index = infos.Count;
                    byInfo[info] = index;
                    infos.Add(info);
                }

                nodes[i] = index;
            }

            result[l] = nodes;
        }

        return result;
    }

    /// <summary>What each line of a location stands for (one info for a location without lines), innermost first.</summary>
    public static NodeInfo[] LineInfos(Location location, GraphOptions options)
    {
        var objectFile = location.Mapping?.File ?? "";
        var lines = location.Lines.Length == 0 ? [default] : location.Lines;
        return [.. lines.Select(line => CreateInfo(location, line, objectFile, options))];
    }

    private static NodeInfo CreateInfo(Location location, Line line, string objectFile, GraphOptions options)
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
            File = function.Filename.Length == 0 ? "" : GoPath.Clean(function.Filename),
        };
        return options.ObjectNames || info.Name.Length == 0
            ? info with { ObjectFile = objectFile, StartLine = function.StartLine }
            : info;
    }

    private static Graph Materialize(List<NodeInfo> infos, Accumulator sums, bool dropNegative)
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

        foreach (var ((node, group, name, numeric), tag) in sums.Tags)
        {
            if (!numeric)
            {
                nodes[node].LabelTags[name] = tag;
                continue;
            }

            if (!nodes[node].NumericTags.TryGetValue(group, out var byName))
            {
                nodes[node].NumericTags[group] = byName = [];
            }

            byName[name] = tag;
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

    /// <summary>The node and edge sums of some of the samples.</summary>
    private sealed class Accumulator(int count)
    {
        public long[] Flat { get; } = new long[count];
        public long[] FlatDiv { get; } = new long[count];
        public long[] Cum { get; } = new long[count];
        public long[] CumDiv { get; } = new long[count];
        public EdgeTable Edges { get; } = new(count);

        /// <summary>Tags per (node, string-label group, name, numeric?), when the options ask for them.</summary>
        public Dictionary<(int Node, string Group, string Name, bool Numeric), Tag> Tags { get; } = [];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ref SampleCursor cursor, int[][] locationNodes, GraphOptions options)
        {
            var stamps = new int[count];
            var meanIndex = options.Mean ? 0 : -1;
            var sampleTags = options.FormatTag is null ? null : new SampleTags(options);
            while (cursor.MoveNext())
            {
                var values = cursor.Values;
                var weight = values[options.SampleIndex];
                var divisor = meanIndex >= 0 ? values[meanIndex] : 0;
                if (weight == 0 && divisor == 0)
                {
                    continue;
                }

                sampleTags?.Read(cursor.Labels);
                var stamp = cursor.Index + 1;
                var parent = -1;
                var residual = false;
                var stack = cursor.Stack;
                for (var i = stack.Length - 1; i >= 0; i--)
                {
                    var nodes = locationNodes[stack[i]];
                    for (var line = nodes.Length - 1; line >= 0; line--)
                    {
                        var node = nodes[line];
                        if (node < 0)
                        {
                            residual = true;
                            continue;
                        }

                        if (stamps[node] != stamp)
                        {
                            stamps[node] = stamp;
                            Cum[node] += weight;
                            CumDiv[node] += divisor;
                            sampleTags?.AddTo(Tags, node, weight, divisor, flat: false);
                        }

                        if (parent >= 0 && node != parent)
                        {
                            Edges.Add(parent, node, stamp, weight, divisor, residual, inline: line != nodes.Length - 1);
                        }

                        parent = node;
                        residual = false;
                    }
                }

                if (parent >= 0 && !residual)
                {
                    Flat[parent] += weight;
                    FlatDiv[parent] += divisor;
                    sampleTags?.AddTo(Tags, parent, weight, divisor, flat: true);
                }
            }
        }

        public void Add(Accumulator other)
        {
            for (var i = 0; i < count; i++)
            {
                Flat[i] += other.Flat[i];
                FlatDiv[i] += other.FlatDiv[i];
                Cum[i] += other.Cum[i];
                CumDiv[i] += other.CumDiv[i];
            }

            Edges.Add(other.Edges);
            foreach (var (key, tag) in other.Tags)
            {
                if (!Tags.TryGetValue(key, out var mine))
                {
                    Tags[key] = tag;
                    continue;
                }

                mine.Flat += tag.Flat;
                mine.FlatDiv += tag.FlatDiv;
                mine.Cum += tag.Cum;
                mine.CumDiv += tag.CumDiv;
            }
        }
    }

    /// <summary>The tags of the sample being added: its string labels joined into a group, and its byte sizes.</summary>
    private sealed class SampleTags(GraphOptions options)
    {
        private readonly string _bytesUnit = options.NumLabelUnits.TryGetValue("bytes", out var unit) ? unit : "bytes";
        private readonly List<string> _strings = [];
        private readonly List<(string Name, long Value)> _numbers = [];
        private string _group = "";

        public void Read(ReadOnlySpan<Label> labels)
        {
            _strings.Clear();
            _numbers.Clear();
            foreach (var label in labels)
            {
                if (!label.IsNumeric && label.Key != Label.DiffBaseKey)
                {
                    _strings.Add(label.Key + ":" + label.Str);
                }
                else if (label.IsNumeric && label.Key == "bytes")
                {
                    _numbers.Add((options.FormatTag!(label.Num, _bytesUnit), label.Num));
                }
            }

            _strings.Sort(StringComparer.Ordinal);
            _group = string.Join(@"\n", _strings);
        }

        public void AddTo(Dictionary<(int, string, string, bool), Tag> tags, int node, long weight, long divisor, bool flat)
        {
            if (_group.Length != 0)
            {
                Add(Find(tags, (node, "", _group, false), "", 0), weight, divisor, flat);
            }

            foreach (var (name, value) in _numbers)
            {
                Add(Find(tags, (node, _group, name, true), _bytesUnit, value), weight, divisor, flat);
            }
        }

        private static Tag Find(Dictionary<(int, string, string, bool), Tag> tags, (int, string, string, bool) key, string unit, long value)
        {
            if (!tags.TryGetValue(key, out var tag))
            {
                tags[key] = tag = new Tag(key.Item3, unit, value);
            }

            return tag;
        }

        private static void Add(Tag tag, long weight, long divisor, bool flat)
        {
            if (flat)
            {
                tag.Flat += weight;
                tag.FlatDiv += divisor;
            }
            else
            {
                tag.Cum += weight;
                tag.CumDiv += divisor;
            }
        }
    }

    private struct EdgeData
    {
        public int Source;
        public int Destination;
        public int Stamp;
        public long Weight;
        public long WeightDiv;
        public bool Residual;
        public bool Inline;
    }

    /// <summary>Edge sums keyed by (caller, callee); stamps make each edge count once per sample.</summary>
    private sealed class EdgeTable(int nodeCount)
    {
        private readonly int[]? _dense = nodeCount <= DenseEdgeLimit ? new int[nodeCount * nodeCount] : null;
        private readonly Dictionary<long, int>? _sparse = nodeCount <= DenseEdgeLimit ? null : [];
        private EdgeData[] _edges = new EdgeData[16];
        private int _count;

        public void Add(int source, int destination, int stamp, long weight, long divisor, bool residual, bool inline)
        {
            ref var edge = ref Find(source, destination);
            if (edge.Stamp == stamp)
            {
                return;
            }

            if (edge.Stamp == 0)
            {
                edge.Inline = inline;
            }
            else if (!inline)
            {
                edge.Inline = false;
            }

            edge.Stamp = stamp;
            edge.Weight += weight;
            edge.WeightDiv += divisor;
            edge.Residual |= residual;
        }

        public IEnumerable<EdgeData> All() => _edges.Take(_count);

        /// <summary>Adds the edges of another part of the samples: an edge is inline only if inline in every part.</summary>
        public void Add(EdgeTable other)
        {
            foreach (var e in other.All())
            {
                ref var edge = ref Find(e.Source, e.Destination);
                edge.Inline = edge.Stamp == 0 ? e.Inline : edge.Inline && e.Inline;
                edge.Stamp = -1;
                edge.Weight += e.Weight;
                edge.WeightDiv += e.WeightDiv;
                edge.Residual |= e.Residual;
            }
        }

        private ref EdgeData Find(int source, int destination)
        {
            int index;
            if (_dense is not null)
            {
                ref var slot = ref _dense[source * nodeCount + destination];
                if (slot == 0)
                {
                    slot = NewEdge(source, destination);
                }

                index = slot - 1;
            }
            else
            {
                var key = ((long)source << 32) | (uint)destination;
                if (!_sparse!.TryGetValue(key, out var slot))
                {
                    slot = NewEdge(source, destination);
                    _sparse[key] = slot;
                }

                index = slot - 1;
            }

            return ref _edges[index];
        }

        private int NewEdge(int source, int destination)
        {
            if (_count == _edges.Length)
            {
                Array.Resize(ref _edges, _count * 2);
            }

            _edges[_count] = new EdgeData { Source = source, Destination = destination };
            return ++_count;
        }
    }
}
