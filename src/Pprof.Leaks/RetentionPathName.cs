using System.Text;

namespace Pprof.Leaks;

/// <summary>
/// A retention path as a key and as a name, root first. Consecutive repeats of one hop or of a short cycle of hops
/// (a linked list, a tree, a timer queue) become one hop marked <c>×N</c>, so that they give one key whatever their
/// length: the key leaves N out, the name says it.
/// </summary>
public static class RetentionPathName
{
    /// <summary>Separates the frames of a key.</summary>
    public const char KeySeparator = '\n';

    /// <summary>Separates the hops of a name.</summary>
    public const string NameSeparator = " › ";
    private const int LongestCycle = 3;

    /// <param name="rootFirst">The path's frames as the collector names them, the GC root first.</param>
    public static (string Key, string Name) Of(IReadOnlyList<string> rootFirst)
    {
        var frames = new string[rootFirst.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = Frame(rootFirst[i]);
        }

        var key = new StringBuilder();
        var name = new StringBuilder();
        var position = 0;
        while (position < frames.Length)
        {
            var (period, repeats) = LongestRepeat(frames, position);
            if (key.Length > 0)
            {
                key.Append(KeySeparator);
                name.Append(NameSeparator);
            }

            var hop = period == 1 ? frames[position] : "(" + string.Join(NameSeparator, frames, position, period) + ")";
            key.Append(hop);
            name.Append(hop);
            if (repeats > 1)
            {
                key.Append(" ×");
                name.Append(" ×").Append(repeats);
            }

            position += period * repeats;
        }

        return (key.ToString(), name.ToString());
    }

    /// <summary>The name of a key's frames joined for print, without repeat counts.</summary>
    public static string NameOfKey(string key) => key.Replace(KeySeparator.ToString(), NameSeparator, StringComparison.Ordinal);

    /// <summary>A frame as the report prints it: type names shortened, a static root as <c>static Class.Field</c>.</summary>
    public static string Frame(string frame)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["[static] ", "[thread static] "])
        {
            if (frame.StartsWith(prefix, StringComparison.Ordinal))
            {
                var colon = frame.IndexOf(": ", prefix.Length, StringComparison.Ordinal);
                var field = colon < 0 ? frame[prefix.Length..] : frame[prefix.Length..colon];
                return prefix.Trim('[', ']', ' ') + " " + field;
            }
        }

        return frame.StartsWith('[') ? frame : DotnetTypeNames.Short(frame);
    }

    private static (int Period, int Repeats) LongestRepeat(string[] frames, int position)
    {
        for (var period = 1; period <= LongestCycle; period++)
        {
            var repeats = 1;
            while (position + ((repeats + 1) * period) <= frames.Length
                && frames.AsSpan(position, period).SequenceEqual(frames.AsSpan(position + (repeats * period), period)))
            {
                repeats++;
            }

            if (repeats > 1)
            {
                return (period, repeats);
            }
        }

        return (1, 1);
    }
}
