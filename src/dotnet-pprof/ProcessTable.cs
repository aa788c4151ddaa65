using Pprof.Collector;

namespace DotnetPprof;

/// <summary>The <c>ps</c> listing: one aligned row per attachable process.</summary>
internal static class ProcessTable
{
    /// <param name="all">Whether to list the SDK's own processes (builds, <c>dotnet run</c>) too, marked; else they are counted.</param>
    public static void Write(TextWriter output, IReadOnlyList<DotnetProcess> processes, bool all = false)
    {
        var sdk = processes.Count(p => p.IsSdk);
        if (!all)
        {
            processes = [.. processes.Where(p => !p.IsSdk)];
        }

        string[] header = ["PID", "NAME", "COMMAND LINE"];
        var rows = processes.Select(p => new[] { p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name + (p.IsSdk ? " (sdk)" : ""), p.CommandLine })
            .Prepend(header)
            .ToList();
        var idWidth = rows.Max(r => r[0].Length);
        var nameWidth = rows.Max(r => r[1].Length);
        foreach (var row in rows)
        {
            output.WriteLine($"{row[0].PadLeft(idWidth)}  {row[1].PadRight(nameWidth)}  {row[2]}".TrimEnd());
        }

        if (!all && sdk > 0)
        {
            output.WriteLine($"({sdk} processes of the .NET SDK, such as builds and dotnet run, not listed: dotnet-pprof ps --all)");
        }
    }
}
