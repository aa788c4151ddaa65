using System.Globalization;
using Pprof.Graphs;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-callgrind</c> report: the call graph by address in the format of valgrind's callgrind tool (for
/// KCachegrind). Each node is a cost line (address, line, flat value) under its binary, file and function, followed by
/// its calls; names are numbered on first use and addresses written relative to the previous node's when shorter.
/// </summary>
internal static class CallgrindReport
{
    public static void Write(TextWriter output, Report report)
    {
        var graph = GraphBuilder.Build(report.Profile, report.GraphOptions(objectNames: true));
        graph.Sort(report.Options.CumSort ? NodeOrder.CumName : NodeOrder.FlatName);
        report.SelectOutputUnit(graph, integerValues: true);
        var calleeNames = DisambiguatedNames(graph);
        var options = report.Options;
        long Scaled(long value) => (long)Units.Scale(value, options.SampleUnit, options.OutputUnit).Value;

        output.Write("positions: instr line\n");
        output.Write($"events: {options.SampleType}({options.OutputUnit})\n");
        var objects = new CompressedNames();
        var files = new CompressedNames();
        var functions = new CompressedNames();
        NodeInfo? previous = null;
        foreach (var node in graph.Nodes)
        {
            var info = node.Info;
            if (previous is not { } last || info.ObjectFile != last.ObjectFile || info.File != last.File || info.Name != last.Name)
            {
                output.Write($"\nob={objects.Name(info.ObjectFile)}\nfl={files.Name(info.File)}\nfn={functions.Name(info.Name)}\n");
            }

            output.Write(Invariant($"{Address(previous, info.Address)} {info.LineNumber} {Scaled(node.FlatValue)}\n"));
            foreach (var call in EdgeOrder.Sort(node.Out.Values))
            {
                var callee = call.Destination;
                // A callee without value of its own has left the graph, and pprof names it "" then.
                output.Write($"cfl={files.Name(callee.Info.File)}\ncfn={functions.Name(calleeNames.GetValueOrDefault(callee, ""))}\n");
                // A call has no cost of its own in pprof; the callee's address stands for the call site.
                output.Write(Invariant($"calls=0 {Address(previous, callee.Info.Address)} {callee.Info.LineNumber}\n"));
                output.Write(Invariant($"* * {Scaled(call.Weight)}\n"));
            }

            previous = info;
        }
    }

    /// <summary>
    /// Callgrind merges functions by file and name; nodes of the same file and name that come from different
    /// functions (another binary, another start line) get a <c> [i/n]</c> suffix to stay apart.
    /// </summary>
    private static Dictionary<Node, string> DisambiguatedNames(Graph graph)
    {
        var functionsByName = new Dictionary<(string File, string Name), List<NodeInfo>>();
        foreach (var node in graph.Nodes)
        {
            var key = (node.Info.File, node.Info.Name);
            if (!functionsByName.TryGetValue(key, out var functions))
            {
                functionsByName[key] = functions = [];
            }

            if (!functions.Contains(FunctionOf(node)))
            {
                functions.Add(FunctionOf(node));
            }
        }

        return graph.Nodes.ToDictionary(n => n, n =>
        {
            var functions = functionsByName[(n.Info.File, n.Info.Name)];
            return functions.Count > 1
                ? Invariant($"{n.Info.Name} [{functions.IndexOf(FunctionOf(n)) + 1}/{functions.Count}]")
                : n.Info.Name;
        });
    }

    /// <summary>The whole function a node is part of: its info without address and line.</summary>
    private static NodeInfo FunctionOf(Node node) => node.Info with { Address = 0, LineNumber = 0 };

    /// <summary>The address, or <c>*</c> for the previous one, or <c>+n</c> / <c>-n</c> from it when that is shorter.</summary>
    private static string Address(NodeInfo? previous, ulong address)
    {
        var absolute = "0x" + address.ToString("x", CultureInfo.InvariantCulture);
        if (previous is not { } last)
        {
            return absolute;
        }

        if (last.Address == address)
        {
            return "*";
        }

        var relative = unchecked((long)(address - last.Address)).ToString("+0;-0", CultureInfo.InvariantCulture);
        return relative.Length < absolute.Length ? relative : absolute;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Callgrind's name compression: <c>(n) name</c> the first time, <c>(n)</c> after; nothing for no name.</summary>
    private sealed class CompressedNames
    {
        private readonly Dictionary<string, int> _ids = [];

        public string Name(string name)
        {
            if (name.Length == 0)
            {
                return "";
            }

            if (_ids.TryGetValue(name, out var id))
            {
                return Invariant($"({id})");
            }

            id = _ids.Count + 1;
            _ids[name] = id;
            return Invariant($"({id}) {name}");
        }
    }
}
