using System.Text;
using Pprof.Driver;

namespace DotnetPprof;

/// <summary>
/// Line editing at the <c>(pprof)</c> prompt on a terminal: arrows, Home/End, Backspace/Delete, Up/Down through
/// the history, Tab to complete a command or option, Ctrl+D on an empty line to leave, Ctrl+C to drop the line.
/// </summary>
internal sealed class TerminalLineReader(IReadOnlyList<string> words) : ILineReader
{
    private readonly List<string> _history = [];

    public string? ReadLine(string prompt)
    {
        Console.Write(prompt);
        var line = new StringBuilder();
        var cursor = 0;
        var historyIndex = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    var text = line.ToString();
                    if (text.Trim().Length != 0 && (_history.Count == 0 || _history[^1] != text))
                    {
                        _history.Add(text);
                    }

                    return text;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    Console.WriteLine();
                    return null;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    line.Clear();
                    cursor = 0;
                    Console.WriteLine("^C");
                    Console.Write(prompt);
                    continue;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    cursor = line.Length;
                    break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    Replace(line, _history[--historyIndex], ref cursor);
                    break;
                case ConsoleKey.DownArrow when historyIndex < _history.Count:
                    Replace(line, ++historyIndex < _history.Count ? _history[historyIndex] : "", ref cursor);
                    break;
                case ConsoleKey.Tab:
                    Complete(line, ref cursor, prompt);
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, line, cursor);
        }
    }

    /// <summary>Completes the first word; with several candidates, lists them.</summary>
    private void Complete(StringBuilder line, ref int cursor, string prompt)
    {
        var text = line.ToString();
        if (text.Contains(' ', StringComparison.Ordinal))
        {
            return;
        }

        var matches = words.Where(w => w.StartsWith(text, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            Replace(line, matches[0] + " ", ref cursor);
        }
        else if (matches.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine(string.Join("  ", matches));
            Console.Write(prompt);
        }
    }

    private static void Replace(StringBuilder line, string text, ref int cursor)
    {
        line.Clear().Append(text);
        cursor = line.Length;
    }

    private static void Redraw(string prompt, StringBuilder line, int cursor)
    {
        Console.Write("\r" + prompt + line + "\u001b[K");
        var back = line.Length - cursor;
        if (back > 0)
        {
            Console.Write($"\u001b[{back}D");
        }
    }
}
