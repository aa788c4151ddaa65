using Pprof.Collector;

namespace DotnetPprof;

/// <summary>The <c>ps</c> listing: one aligned row per attachable process.</summary>
internal static class ProcessTable
{
    public static void Write(TextWriter output, IReadOnlyList<DotnetProcess> processes)
    {
        string[] header = ["PID", "NAME", "COMMAND LINE"];
        var rows = processes.Select(p => new[] { p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name, p.CommandLine })
            .Prepend(header)
            .ToList();
        var idWidth = rows.Max(r => r[0].Length);
        var nameWidth = rows.Max(r => r[1].Length);
        foreach (var row in rows)
        {
            output.WriteLine($"{row[0].PadLeft(idWidth)}  {row[1].PadRight(nameWidth)}  {row[2]}".TrimEnd());
        }
    }
}
