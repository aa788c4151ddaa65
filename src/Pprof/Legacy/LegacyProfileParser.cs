using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The legacy formats pprof reads besides profile.proto, tried in pprof's order: the binary CPU profile, then the
/// text heap, count (goroutine, threadcreate), thread, contention and Java profiles; then Go's goroutine dumps
/// (<c>?debug=2</c>), which pprof does not read.
/// </summary>
internal static class LegacyProfileParser
{
    // The header must be within this many bytes; it also keeps binary input from being decoded at length.
    private const int MaxHeaderOffset = 64 * 1024;

    private const string Formats =
        "none of pprof's legacy formats (binary CPU profile, or text heap, goroutine, threadz, contention or Java profile) "
        + "nor a goroutine dump";

    private static readonly Func<TextLines, bool, Profile>[] TextParsers =
    [
        HeapTextParser.Parse,
        GoroutineCountParser.Parse,
        (lines, _) => ThreadParser.Parse(lines),
        (lines, _) => ContentionParser.Parse(lines),
        (lines, _) => JavaProfileParser.Parse(lines),
        (lines, _) => GoroutineDumpParser.Parse(lines),
    ];

    /// <summary>Whether the data starts as one of the legacy formats does (which it may still turn out not to be).</summary>
    public static bool Recognizes(ReadOnlySpan<byte> data)
    {
        if (BinaryCpuParser.HasHeader(data))
        {
            return true;
        }

        var start = new TextLines(LosslessUtf8.Decode(data[..Math.Min(data.Length, MaxHeaderOffset)]));
        if (!start.MoveNext())
        {
            return false;
        }

        var first = start.Current;
        if (HeapTextParser.IsHeader(first) || ContentionParser.IsHeader(first) || JavaProfileParser.IsHeader(first)
            || GoroutineDumpParser.IsHeader(first))
        {
            return true;
        }

        var content = TextLines.IsSpaceOrComment(first) ? (start.MoveToContent() ? start.Current : "") : first;
        return GoroutineCountParser.IsHeader(content) || ThreadParser.IsHeader(content);
    }

    public static Profile Parse(ReadOnlySpan<byte> data, bool useSymbolComments)
    {
        string? reason = null;
        try
        {
            if (BinaryCpuParser.TryParse(data) is { } cpu)
            {
                return WithFrameInfo(cpu);
            }
        }
        catch (UnrecognizedFormatException error)
        {
            reason = error.Reason;
        }

        var text = LosslessUtf8.Decode(data);
        foreach (var parse in TextParsers)
        {
            try
            {
                return WithFrameInfo(parse(new TextLines(text), useSymbolComments));
            }
            catch (UnrecognizedFormatException error)
            {
                reason ??= error.Reason;
            }
        }

        throw new ProfileFormatException($"unrecognized profile format: {reason ?? Formats}");
    }

    private static Profile WithFrameInfo(Profile profile)
    {
        LegacyFrameInfo.Apply(profile);
        return profile;
    }
}
