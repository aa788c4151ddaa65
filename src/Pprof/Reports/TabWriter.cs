using System.Text;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// A minimal Go <c>text/tabwriter</c> with right alignment and one space of padding: tab-terminated cells are
/// aligned in columns across consecutive lines that have them; the text after the last tab is left as is. Widths
/// are in runes, a vertical tab ends a cell and a form feed a line (and a block of columns), and a 0xFF byte opens
/// (and the next one closes) an escaped run in which all of these are text, as in Go, where 0xFF is the escape.
/// </summary>
internal sealed class TabWriter(TextWriter output)
{
    /// <summary>The byte 0xFF, as <see cref="LosslessUtf8"/> decodes it.</summary>
    private const char Escape = '\uDCFF';

    private readonly List<List<Cell>> _lines = [[]];
    private readonly StringBuilder _cell = new();
    private int _escapes;
    private bool _escaped;

    public void WriteLine(string line)
    {
        foreach (var c in line)
        {
            Write(c);
        }

        Write('\n');
    }

    public void Flush()
    {
        if (_cell.Length > 0)
        {
            // An escaped run still open ends here, and Go takes two escapes off its width all the same.
            _escapes += _escaped ? 1 : 0;
            TerminateCell();
        }

        WriteLines();
    }

    private void WriteLines()
    {
        var text = new StringBuilder();
        Format(text, 0, _lines.Count, 0, []);
        output.Write(text.ToString());
        _lines.Clear();
        _lines.Add([]);
        _escaped = false;
    }

    private void Write(char c)
    {
        if (_escaped)
        {
            _cell.Append(c);
            if (c == Escape)
            {
                _escaped = false;
                _escapes++;
            }

            return;
        }

        switch (c)
        {
            case '\t' or '\v':
                TerminateCell();
                break;
            case '\n':
                TerminateCell();
                _lines.Add([]);
                break;
            case '\f':
                TerminateCell();
                _lines.Add([]);
                WriteLines();
                break;
            case Escape:
                _cell.Append(c);
                _escaped = true;
                break;
            default:
                _cell.Append(c);
                break;
        }
    }

    private void TerminateCell()
    {
        var text = _cell.ToString();
        _lines[^1].Add(new Cell(text, GoFormat.RuneCount(text) - 2 * _escapes));
        _cell.Clear();
        _escapes = 0;
    }

    // A column block is a run of consecutive lines with a tab-terminated cell in that column; blocks nest.
    private void Format(StringBuilder text, int start, int end, int column, List<int> widths)
    {
        var line = start;
        while (line < end)
        {
            if (_lines[line].Count - 1 <= column)
            {
                WriteLine(text, _lines[line], widths, last: line == _lines.Count - 1);
                line++;
                continue;
            }

            var blockEnd = line;
            var width = 0;
            while (blockEnd < end && _lines[blockEnd].Count - 1 > column)
            {
                width = Math.Max(width, _lines[blockEnd][column].Width + 1);
                blockEnd++;
            }

            widths.Add(width);
            Format(text, line, blockEnd, column + 1, widths);
            widths.RemoveAt(widths.Count - 1);
            line = blockEnd;
        }
    }

    private static void WriteLine(StringBuilder text, List<Cell> cells, List<int> widths, bool last)
    {
        for (var i = 0; i < cells.Count - 1; i++)
        {
            text.Append(' ', Math.Max(0, widths[i] - cells[i].Width)).Append(cells[i].Text);
        }

        if (cells.Count > 0)
        {
            text.Append(cells[^1].Text);
        }

        if (!last)
        {
            text.Append('\n');
        }
    }

    private readonly record struct Cell(string Text, int Width);
}
