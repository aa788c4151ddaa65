using System.Text;

namespace Pprof.Reports;

/// <summary>
/// A minimal Go <c>text/tabwriter</c> with right alignment and one space of padding: tab-terminated cells are
/// aligned in columns across consecutive lines that have them; the text after the last tab is left as is.
/// </summary>
internal sealed class TabWriter(TextWriter output)
{
    private readonly List<string[]> _lines = [];

    public void WriteLine(string line) => _lines.Add(line.Split('\t'));

    public void Flush()
    {
        var text = new StringBuilder();
        Format(text, 0, _lines.Count, 0, []);
        output.Write(text.ToString());
        _lines.Clear();
    }

    // A column block is a run of consecutive lines with a tab-terminated cell in that column; blocks nest.
    private void Format(StringBuilder text, int start, int end, int column, List<int> widths)
    {
        var line = start;
        while (line < end)
        {
            if (_lines[line].Length - 1 <= column)
            {
                WriteLine(text, _lines[line], widths);
                line++;
                continue;
            }

            var blockEnd = line;
            var width = 0;
            while (blockEnd < end && _lines[blockEnd].Length - 1 > column)
            {
                width = Math.Max(width, _lines[blockEnd][column].Length + 1);
                blockEnd++;
            }

            widths.Add(width);
            Format(text, line, blockEnd, column + 1, widths);
            widths.RemoveAt(widths.Count - 1);
            line = blockEnd;
        }
    }

    private static void WriteLine(StringBuilder text, string[] cells, List<int> widths)
    {
        for (var i = 0; i < cells.Length - 1; i++)
        {
            text.Append(cells[i].PadLeft(widths[i]));
        }

        text.Append(cells[^1]).Append('\n');
    }
}
