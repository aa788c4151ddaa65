using System.Globalization;

namespace Pprof.Reports;

/// <summary>
/// The <c>-collapsed</c> report: folded stacks for other flame graph tools (flamegraph.pl, speedscope, inferno), one
/// line per distinct stack, root first, frames joined by <c>;</c>, then a space and the summed value in the sample
/// unit, unscaled (negative where a comparison shrank). Lines are sorted, so equal profiles give equal text.
/// </summary>
internal static class CollapsedReport
{
    public static void Write(TextWriter output, Report report)
    {
        var lines = new List<string>();
        foreach (var node in StackTree.Build(report).PreOrder())
        {
            if (node.Self != 0)
            {
                // A ';' inside a name (rare, C++ templates) would split the frame in two for every reader of the format.
                var frames = node.Path().Select(name => name.Replace(';', ':'));
                lines.Add(string.Join(';', frames) + " " + node.Self.ToString(CultureInfo.InvariantCulture));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            output.Write(line + "\n");
        }
    }
}
