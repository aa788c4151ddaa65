using System.Globalization;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// The text of <c>collect gc</c>, after Go's GODEBUG=gctrace=1: one line per GC, such as
/// <c>gc 12 @3.201 s: gen 0, reason AllocSmall, heap 25.9 -> 17.6 MB, pause 1.2 ms, committed 30.1 MB, rss 80.4 MB</c>.
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
        var before = gc.BeforeBytes is { } bytes ? Megabytes(bytes) : "?";
        var line = Invariant($"gc {gc.Number} @{(gc.Start - processStart).TotalSeconds:0.000} s: gen {gc.Generation}{kind}, ")
            + Invariant($"reason {gc.Reason}, heap {before} -> {Megabytes(gc.AfterBytes)} MB, pause {gc.Pause.TotalMilliseconds:0.0##} ms");
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
