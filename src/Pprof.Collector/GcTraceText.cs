using System.Globalization;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// The text of <c>collect gc</c>, after Go's GODEBUG=gctrace=1: one line per GC, such as
/// <c>gc 12 @3.201 s: gen 0, reason AllocSmall, heap 25.9 -> 17.6 MB, pause 1.2 ms, committed 30.1 MB, rss 80.4 MB</c>.
/// A background GC says how long it ran beside the app, and its pause is its own short suspensions:
/// <c>gc 13 @3.5 s: gen 2 background, reason AllocSmall, heap 40.2 -> 31.0 MB, ran 146.0 ms beside the app, pause 0.05 ms, …</c>.
/// MB are 2^20 bytes, as in pprof's reports.
/// </summary>
internal static class GcTraceText
{
    /// <param name="processStart">The time the line counts from, as Go counts from the program's start.</param>
    /// <param name="residentBytes">The process's resident memory when the line is written; null when unknown.</param>
    public static string Line(GcRecord gc, DateTime processStart, long? residentBytes)
    {
        var kind = gc.Type switch
        {
            GCType.BackgroundGC => " background",
            GCType.ForegroundGC => " foreground",
            _ => "",
        };
        var heap = gc.BeforeBytes is { } bytes ? $"heap {Megabytes(bytes)} -> {Megabytes(gc.AfterBytes)} MB" : $"heap after {Megabytes(gc.AfterBytes)} MB";
        var beside = gc.Type == GCType.BackgroundGC ? Invariant($", ran {gc.Duration.TotalMilliseconds:0.0} ms beside the app") : "";
        var line = Invariant($"gc {gc.Number} @{(gc.Start - processStart).TotalSeconds:0.000} s: gen {gc.Generation}{kind}, ")
            + Invariant($"reason {gc.Reason}, {heap}{beside}, pause {gc.Pause.TotalMilliseconds:0.0##} ms");
        if (gc.CommittedBytes is { } committed)
        {
            line += $", committed {Megabytes(committed)} MB";
        }

        if (residentBytes is { } resident)
        {
            line += $", rss {Megabytes(resident)} MB";
        }

        return line;
    }

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
