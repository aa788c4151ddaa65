namespace Pprof.Tests.Leaks;

/// <summary>Reads a <c>dotnet-pprof leaks</c> text report back as its tables.</summary>
internal static class LeakReportRows
{
    /// <summary>The rows of each table of a text report, from the verdict on.</summary>
    public static Dictionary<string, List<string>> Of(string report)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in report.Split('\n'))
        {
            if (line.StartsWith("by ", StringComparison.Ordinal))
            {
                tables[line[..line.IndexOf(':', StringComparison.Ordinal)]] = current = [];
            }
            else if (current is not null && line.Length > 5 && char.IsAsciiDigit(line[3]))
            {
                current.Add(line[5..]);
            }
        }

        return tables;
    }
}
