using Pprof.Reports;

namespace Pprof.Web;

/// <summary>The rows of <c>-top</c> as the command line prints them, split into their cells: flat, flat%, sum%, cum, cum% and name.</summary>
internal static class TopLines
{
    private const int NumberColumns = 5;

    public static IEnumerable<string[]> Rows(TopTable table)
    {
        // The legend, then the column header, then one line per row.
        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Skip(table.Legend.Count + 1))
        {
            var cells = new string[NumberColumns + 1];
            var rest = line.AsSpan();
            for (var i = 0; i < NumberColumns; i++)
            {
                rest = rest.TrimStart(' ');
                var end = rest.IndexOf(' ');
                cells[i] = rest[..end].ToString();
                rest = rest[end..];
            }

            cells[NumberColumns] = rest.TrimStart(' ').ToString();
            yield return cells;
        }
    }
}
