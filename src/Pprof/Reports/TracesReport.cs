using Pprof.Graphs;
using Pprof.Measurement;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>The <c>-traces</c> report: every sample on its own, labels first, then its frames from leaf to root.</summary>
internal static class TracesReport
{
    private const string Separator = "-----------+-------------------------------------------------------";

    public static void Write(TextWriter output, Report report)
    {
        output.Write(string.Join('\n', ReportLabels.ProfileLabels(report)) + "\n");
        var profile = report.Profile;
        var options = report.Options;
        var frames = profile.Locations.Select(l => GraphBuilder.LineInfos(l, new GraphOptions())).ToArray();
        var cursor = profile.Samples.GetCursor();
        var lines = new List<string>();
        while (cursor.MoveNext())
        {
            if (cursor.Stack.IsEmpty)
            {
                continue;
            }

            output.Write(Separator + "\n");
            WriteLabels(output, cursor.Labels, options.NumLabelUnits, lines);
            var value = cursor.Values[options.SampleIndex];
            if (options.Mean && cursor.Values[0] != 0)
            {
                value /= cursor.Values[0];
            }

            var first = true;
            foreach (var location in cursor.Stack)
            {
                var infos = frames[location];
                for (var i = 0; i < infos.Length; i++)
                {
                    var shown = first ? report.FormatValue(value) : "";
                    first = false;
                    output.Write($"{shown,10}   {infos[i].PrintableName()}{(i != infos.Length - 1 ? " (inline)" : "")}\n");
                }
            }
        }

        output.Write(Separator + "\n");
    }

    private static void WriteLabels(TextWriter output, ReadOnlySpan<Label> labels, IReadOnlyDictionary<string, string> units, List<string> lines)
    {
        foreach (var numeric in new[] { false, true })
        {
            lines.Clear();
            foreach (var group in LabelGroups.ByKey(labels, numeric))
            {
                var values = numeric
                    ? group.Values.Select(l => Units.Label(l.Num, units.TryGetValue(group.Key, out var unit) ? unit : group.Key))
                    : group.Values.Select(l => l.Str!);
                lines.Add($"{GoFormat.PadLeft(group.Key, 10)}:  {string.Join(' ', values)}\n");
            }

            lines.Sort(StringComparer.Ordinal);
            lines.ForEach(output.Write);
        }
    }
}
