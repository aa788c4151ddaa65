namespace Pprof.Tests.Support;

/// <summary>Reads pprof's text reports as a user reads them.</summary>
public static class ReportText
{
    /// <summary>The function names of a report's rows, in order (<c>-top</c>, <c>-top -cum</c>).</summary>
    public static List<string> Rows(string report) =>
    [
        .. report.Split('\n')
            .SkipWhile(line => !line.Contains("flat%", StringComparison.Ordinal))
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length > 5)
            .Select(columns => string.Join(' ', columns[5..])),
    ];
}
