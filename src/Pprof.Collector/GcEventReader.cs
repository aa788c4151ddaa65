using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// Follows the GC keyword's events and tells each GC once it is over. A blocking GC runs while the runtime has
/// suspended the threads: suspension, start, end, heap statistics, restart; its pause is the suspension. A background
/// GC runs beside the threads: it starts in a suspension together with a blocking gen-0 or gen-1 GC, suspends them
/// briefly near its end, and blocking (foreground) GCs may run in between. A suspension counts once: for the blocking
/// GCs that started during it, else for the background GC. Each GC's heap before it comes with its per-heap history,
/// which follows the global history that names the generation it collected.
/// </summary>
internal sealed class GcEventReader
{
    private readonly Action<GcRecord> _completed;
    private readonly List<Running> _running = [];
    private readonly List<Running> _ended = [];
    private readonly List<Running> _startedInSuspension = [];
    private double? _suspendedMSec;
    private long? _committedBytes;
    private int _condemned = -1;

    public GcEventReader(ClrTraceEventParser clr, Action<GcRecord> completed)
    {
        _completed = completed;
        clr.GCSuspendEEStart += e =>
        {
            if (e.Reason is GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep)
            {
                _suspendedMSec = e.TimeStampRelativeMSec;
                _startedInSuspension.Clear();
            }
        };
        clr.GCStart += e =>
        {
            var gc = new Running(e.Count, e.Depth, e.Type, e.Reason, e.TimeStamp.ToUniversalTime(), e.TimeStampRelativeMSec);
            _running.Add(gc);
            if (_suspendedMSec is not null)
            {
                _startedInSuspension.Add(gc);
            }
        };
        clr.GCGlobalHeapHistory += e => _condemned = e.CondemnedGeneration;
        clr.GCPerHeapHistory += e =>
        {
            // Server GC sends one per heap: they add up. A background GC's comes at its end, after any foreground GC.
            if ((_running.FindLast(gc => gc.Generation == _condemned) ?? _running.LastOrDefault()) is { } gc)
            {
                for (var gen = Gens.Gen0; gen <= Gens.GenPinObj; gen++)
                {
                    gc.BeforeBytes = (gc.BeforeBytes ?? 0) + e.GenData(gen).SizeBefore;
                }
            }
        };
        clr.GCStop += e =>
        {
            var index = _running.FindIndex(gc => gc.Number == e.Count);
            if (index >= 0)
            {
                _running[index].Duration = TimeSpan.FromMilliseconds(e.TimeStampRelativeMSec - _running[index].StartMSec);
                _ended.Add(_running[index]);
                _running.RemoveAt(index);
            }
        };
        clr.GCHeapStats += e =>
        {
            if (_ended.FindLast(gc => gc.AfterBytes is null) is { } gc)
            {
                gc.AfterBytes = e.TotalHeapSize;
                gc.CommittedBytes = _committedBytes;
                if (_suspendedMSec is null)
                {
                    Flush();
                }
            }
        };
        clr.GCDynamicEvent.GCCommittedUsage += e => _committedBytes = GcHeapFigures.Committed(e);
        clr.GCRestartEEStop += e =>
        {
            if (_suspendedMSec is not { } suspended)
            {
                return;
            }

            var pause = TimeSpan.FromMilliseconds(e.TimeStampRelativeMSec - suspended);
            var blocking = _startedInSuspension.Where(gc => gc.Type != GCType.BackgroundGC).ToList();
            var paused = blocking.Count > 0 ? blocking : [.. _running.Concat(_startedInSuspension).Where(gc => gc.Type == GCType.BackgroundGC).Distinct()];
            foreach (var gc in paused)
            {
                gc.Pause += pause;
            }

            _suspendedMSec = null;
            _startedInSuspension.Clear();
            Flush();
        };
    }

    /// <summary>
    /// Tells the GCs that have ended and reported their heap, in the order of their numbers: a GC that ends while an
    /// earlier one (a background GC) still runs waits for it.
    /// </summary>
    /// <param name="final">At the end of the collection: tells what has ended, even after a GC still running.</param>
    public void Flush(bool final = false)
    {
        var pending = _running.Concat(_ended.Where(gc => gc.AfterBytes is null)).Select(gc => gc.Number);
        var firstPending = final ? int.MaxValue : pending.DefaultIfEmpty(int.MaxValue).Min();
        var ready = _ended.Where(gc => gc.AfterBytes is not null && gc.Number < firstPending).OrderBy(gc => gc.Number).ToList();
        foreach (var gc in ready)
        {
            _completed(new GcRecord(
                gc.Number, gc.Generation, gc.Type, gc.Reason, gc.Start, gc.BeforeBytes, gc.AfterBytes!.Value, gc.Pause, gc.CommittedBytes)
            {
                Duration = gc.Duration,
            });
            _ended.Remove(gc);
        }
    }

    private sealed class Running(int number, int generation, GCType type, GCReason reason, DateTime start, double startMSec)
    {
        public double StartMSec { get; } = startMSec;
        public TimeSpan Duration { get; set; }
        public int Number { get; } = number;
        public int Generation { get; } = generation;
        public GCType Type { get; } = type;
        public GCReason Reason { get; } = reason;
        public DateTime Start { get; } = start;
        public long? BeforeBytes { get; set; }
        public long? AfterBytes { get; set; }
        public long? CommittedBytes { get; set; }
        public TimeSpan Pause { get; set; }
    }
}
