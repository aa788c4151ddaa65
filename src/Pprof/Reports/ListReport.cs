using Pprof.Graphs;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-list</c> report: the source of every function whose name matches the regexp, each line with the flat and
/// cum of its samples, from a few lines before the first sampled line (or the function's start) to a few after the
/// last. Functions are ordered by name, their files by file name. The profile is aggregated by line.
/// </summary>
internal static class ListReport
{
    // Lines of context around the sampled ones.
    private const int Margin = 5;

    public static void Write(TextWriter output, Report report, SourceFiles sources)
    {
        var symbol = report.Options.Symbol ?? throw new ArgumentException("-list needs a regexp", nameof(report));
        var graph = GraphBuilder.Build(report.Profile, report.GraphOptions(objectNames: true));
        var functions = graph.Nodes
            .Where(n => symbol.IsMatch(n.Info.Name))
            .GroupBy(n => n.Info.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (functions.Count == 0)
        {
            throw new ReportException($"no matches found for regexp: {symbol}");
        }

        output.Write($"Total: {report.FormatValue(report.Total)}\n");
        foreach (var function in functions)
        {
            var files = function
                .Where(n => n.Info.File.Length != 0)
                .GroupBy(n => n.Info.File)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                output.Write($"No source information for {function.Key}\n");
                continue;
            }

            foreach (var file in files)
            {
                WriteRoutine(output, report, function.Key, file.Key, [.. file], sources.Read(file.Key));
            }
        }
    }

    private static void WriteRoutine(TextWriter output, Report report, string name, string file, List<Node> nodes, SourceText source)
    {
        var flat = nodes.Sum(n => n.Flat);
        var cum = nodes.Sum(n => n.Cum);
        output.Write($"ROUTINE ======================== {name} in {file}\n");
        output.Write($"{report.FormatValue(flat),10} {report.FormatValue(cum),10} (flat, cum) {Units.Percentage(cum, report.Total)} of Total\n");
        if (source.Error is not null)
        {
            output.Write($" Error: {source.Error}\n");
            return;
        }

        var byLine = nodes.ToLookup(n => n.Info.LineNumber);
        var first = Math.Max(1, nodes.Min(n => n.Info.StartLine != 0 ? n.Info.StartLine : n.Info.LineNumber - Margin));
        var last = Math.Min(nodes.Max(n => n.Info.LineNumber) + Margin, source.Lines.Count);
        for (var line = first; line <= last; line++)
        {
            var samples = byLine[line];
            output.Write(
                $"{ValueOrDot(report, samples.Sum(n => n.Flat)),10} {ValueOrDot(report, samples.Sum(n => n.Cum)),10} " +
                $"{line,6}:{source.Lines[(int)line - 1]}\n");
        }
    }

    private static string ValueOrDot(Report report, long value) => value == 0 ? "." : report.FormatValue(value);
}
