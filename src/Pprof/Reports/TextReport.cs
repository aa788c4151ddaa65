using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>The <c>-top</c> / <c>-text</c> report: one row per node with flat, running sum and cum.</summary>
internal static class TextReport
{
    public static void Write(TextWriter output, Report report) => Write(output, TopTable.From(report));

    public static void Write(TextWriter output, TopTable table)
    {
        output.Write(string.Join('\n', table.Legend));
        output.Write('\n');
        output.Write($"{"flat",10} {"flat",5}% {"sum",5}% {"cum",10} {"cum",5}%\n");
        long flatSum = 0;
        foreach (var row in table.Rows)
        {
            flatSum += row.Flat;
            output.Write(
                $"{row.FlatText,10} {Units.Percentage(row.Flat, table.Total)} {Units.Percentage(flatSum, table.Total)} " +
                $"{row.CumText,10} {Units.Percentage(row.Cum, table.Total)}  {row.Name}{InlineLabel(row.Inlining)}\n");
        }
    }

    private static string InlineLabel(Inlining inlining) => inlining switch
    {
        Inlining.Inline => " (inline)",
        Inlining.Partial => " (partial-inline)",
        _ => "",
    };
}
