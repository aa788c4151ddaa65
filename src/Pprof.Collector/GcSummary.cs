using System.Globalization;

namespace Pprof.Collector;

/// <summary>
/// What <c>collect gc</c> saw over its duration, added up for its closing lines: the GCs by generation, their pauses,
/// the heap after the last one, and the resident memory sampled meanwhile. Fed from two threads (the events and the
/// sampling loop), so every member locks.
/// </summary>
internal sealed class GcSummary
{
    private readonly Lock _lock = new();
    private readonly int[] _byGeneration = new int[3];
    private int _count;
    private int _background;
    private TimeSpan _totalPause;
    private TimeSpan _longestPause;
    private GcRecord? _last;
    private long? _lastResident;
    private long? _peakResident;

    /// <summary>Notes a sample of the process's resident memory; null when it could not be read.</summary>
    public void SampleResident(long? bytes)
    {
        lock (_lock)
        {
            if (bytes is { } resident)
            {
                _lastResident = resident;
                _peakResident = Math.Max(_peakResident ?? 0, resident);
            }
        }
    }

    /// <param name="residentBytes">The process's resident memory when the GC was told.</param>
    public void Add(GcRecord gc, long? residentBytes)
    {
        SampleResident(residentBytes);
        lock (_lock)
        {
            _count++;
            _byGeneration[Math.Clamp(gc.Generation, 0, 2)]++;
            _background += gc.Type == Microsoft.Diagnostics.Tracing.Parsers.Clr.GCType.BackgroundGC ? 1 : 0;
            _totalPause += gc.Pause;
            _longestPause = gc.Pause > _longestPause ? gc.Pause : _longestPause;
            _last = gc;
        }
    }

    public void Write(TextWriter output, TimeSpan elapsed)
    {
        lock (_lock)
        {
            var seconds = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var resident = _lastResident is { } last
                ? $"rss {GcTraceText.Megabytes(last)} MB at the end, {GcTraceText.Megabytes(_peakResident!.Value)} MB at most"
                : "rss unknown";
            if (_last is not { } gc)
            {
                output.WriteLine($"no GC in {seconds} s; {resident}");
                return;
            }

            var gcs = _count == 1 ? "GC" : "GCs";
            var background = _background > 0 ? $", {_background} of them in the background" : "";
            var generations = $"{_byGeneration[0]} gen 0, {_byGeneration[1]} gen 1, {_byGeneration[2]} gen 2{background}";
            var pauses = GcTraceText.Invariant(
                $"{_totalPause.TotalMilliseconds:0.0##} ms in all, {_longestPause.TotalMilliseconds:0.0##} ms the longest");
            output.WriteLine($"{_count} {gcs} in {seconds} s ({generations}): pauses {pauses}");
            var committed = gc.CommittedBytes is { } bytes ? $", committed {GcTraceText.Megabytes(bytes)} MB" : "";
            output.WriteLine($"heap after the last GC {GcTraceText.Megabytes(gc.AfterBytes)} MB{committed}; {resident}");
            if (_lastResident is { } rss && MemoryGap.Explain(rss, gc.AfterBytes, gc.CommittedBytes) is { } explanation)
            {
                output.WriteLine(explanation);
            }
        }
    }
}
