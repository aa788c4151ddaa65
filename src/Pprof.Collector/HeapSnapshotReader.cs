using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// Follows the events of a heap-snapshot session: the walk is the induced blocking gen-2 GC that enabling the session
/// starts, and it is complete when that GC ends. Bulk events outside it are not part of the snapshot; a gen-2 GC
/// that reports no object was another one (the app's own, just before), and the reader waits for the next.
/// </summary>
internal sealed class HeapSnapshotReader
{
    private readonly ManualResetEventSlim _completed = new();
    private int _gc = -1;
    private double _gcStartMSec;

    public HeapSnapshotReader(ClrTraceEventParser clr, ClrRundownTraceEventParser rundown)
    {
        rundown.MethodDCStopVerbose += Graph.AddMethod;
        clr.GCStart += e =>
        {
            if (_gc < 0 && e.Depth == 2 && e.Type != GCType.BackgroundGC)
            {
                _gc = e.Count;
                _gcStartMSec = e.TimeStampRelativeMSec;
            }
        };
        clr.GCStop += e =>
        {
            if (e.Count == _gc && Graph.ObjectBytes == 0)
            {
                _gc = -1;
            }
            else if (e.Count == _gc)
            {
                WalkTime = TimeSpan.FromMilliseconds(e.TimeStampRelativeMSec - _gcStartMSec);
                _completed.Set();
            }
        };
        clr.TypeBulkType += e => Graph.AddTypes(e);
        clr.GCBulkNode += e => WhileWalking(() => Graph.AddObjects(e));
        clr.GCBulkEdge += e => WhileWalking(() => Graph.AddReferences(e));
        clr.GCBulkRootEdge += e => WhileWalking(() => Graph.AddRoots(e));
        clr.GCBulkRootStaticVar += e => WhileWalking(() => Graph.AddStatics(e));
        clr.GCBulkRootConditionalWeakTableElementEdge += e => WhileWalking(() => Graph.AddDependents(e));
    }

    public HeapGraphBuilder Graph { get; } = new();

    /// <summary>Set when the walk's GC has ended.</summary>
    public WaitHandle Completed => _completed.WaitHandle;

    public bool IsComplete => _completed.IsSet;

    /// <summary>From the start of the walk's GC to its end, by the runtime's clock; null until it has ended.</summary>
    public TimeSpan? WalkTime { get; private set; }

    private void WhileWalking(Action add)
    {
        if (_gc >= 0 && !_completed.IsSet)
        {
            add();
        }
    }
}
