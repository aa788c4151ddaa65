using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Reads text a line at a time as Go's <c>bufio.Scanner</c> does: <c>\n</c> ends a line and a <c>\r</c> before it
/// is dropped. Knows the current line's number, for error messages.
/// </summary>
internal sealed class TextLines(string text)
{
    private const int ExcerptLength = 80;

    private int _next;

    public string Current { get; private set; } = "";

    /// <summary>Whether <see cref="Current"/> ended with a newline rather than with the text.</summary>
    public bool EndedWithNewline { get; private set; }

    /// <summary>The 1-based number of <see cref="Current"/>.</summary>
    public int Number { get; private set; }

    public bool MoveNext()
    {
        if (_next >= text.Length)
        {
            Current = "";
            EndedWithNewline = false;
            return false;
        }

        var end = text.IndexOf('\n', _next);
        EndedWithNewline = end >= 0;
        var next = end < 0 ? text.Length : end + 1;
        if (end < 0)
        {
            end = text.Length;
        }

        if (end > _next && text[end - 1] == '\r')
        {
            end--;
        }

        Current = text[_next..end];
        _next = next;
        Number++;
        return true;
    }

    /// <summary>Moves to the next line that is neither blank nor a <c>#</c> comment; false at the end.</summary>
    public bool MoveToContent()
    {
        while (MoveNext())
        {
            if (!IsSpaceOrComment(Current))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsSpaceOrComment(string line)
    {
        var trimmed = line.AsSpan().Trim();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }

    public ProfileFormatException Error(string problem) => new($"line {Number}: {problem}");

    /// <summary>The line quoted for a message, shortened when long.</summary>
    public static string Quote(string line) =>
        "'" + (line.Length <= ExcerptLength ? line : line[..ExcerptLength] + "...") + "'";
}
