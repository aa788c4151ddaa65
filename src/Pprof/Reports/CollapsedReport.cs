using System.Globalization;
using System.Text;

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
        var table = StackTable.From(report);
        // A ';' inside a name (rare, C++ templates) would split the frame in two for every reader of the format.
        var names = table.Names.Select(frame => frame.Name.Replace(';', ':')).ToArray();
        var selves = table.Selves;
        var stack = new List<int>();
        var line = new StringBuilder();
        var lines = new List<string>();
        for (var node = 1; node < table.Count; node++)
        {
            if (selves[node] == 0)
            {
                continue;
            }

            stack.Clear();
            for (var frame = node; frame != 0; frame = table.Parent(frame))
            {
                stack.Add(table.Frame(frame));
            }

            line.Clear();
            for (var i = stack.Count - 1; i >= 0; i--)
            {
                line.Append(names[stack[i]]).Append(i > 0 ? ';' : ' ');
            }

            lines.Add(line.Append(selves[node].ToString(CultureInfo.InvariantCulture)).ToString());
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var text in lines)
        {
            output.Write(text);
            output.Write('\n');
        }
    }
}
