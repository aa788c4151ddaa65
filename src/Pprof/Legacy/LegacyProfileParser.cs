using Pprof.Profiles;
using Pprof.Profiles.Proto;

namespace Pprof.Legacy;

/// <summary>
/// Go's text profiles: heap and count (goroutine, threadcreate) profiles of <c>?debug=1</c>, and goroutine dumps
/// of <c>?debug=2</c>. The first line tells which.
/// </summary>
internal static class LegacyProfileParser
{
    // Longer first lines are none of ours; this also keeps binary input from being decoded at length.
    private const int MaxHeaderLength = 1024;

    public static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        var start = data[..Math.Min(data.Length, MaxHeaderLength + 2)];
        var end = start.IndexOf((byte)'\n');
        if (end < 0 && start.Length < data.Length)
        {
            return false;
        }

        var line = LosslessUtf8.Decode(end < 0 ? start : start[..end]).TrimEnd('\r');
        return HeapTextParser.IsHeader(line) || GoroutineCountParser.IsHeader(line) || GoroutineDumpParser.IsHeader(line);
    }

    public static Profile Parse(ReadOnlySpan<byte> data, bool useSymbolComments)
    {
        var lines = new TextLines(LosslessUtf8.Decode(data));
        lines.MoveNext();
        var first = lines.Current;
        if (HeapTextParser.IsHeader(first))
        {
            return HeapTextParser.Parse(lines, useSymbolComments);
        }

        if (GoroutineCountParser.IsHeader(first))
        {
            return GoroutineCountParser.Parse(lines, useSymbolComments);
        }

        if (GoroutineDumpParser.IsHeader(first))
        {
            return GoroutineDumpParser.Parse(lines);
        }

        throw new ProfileFormatException(
            $"unrecognized profile format: the first line {TextLines.Quote(first)} is none of 'heap profile: ...', "
            + "'goroutine profile: total N' or 'goroutine N [state]:'");
    }
}
