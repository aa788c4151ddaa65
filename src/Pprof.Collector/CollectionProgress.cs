namespace Pprof.Collector;

/// <summary>How far a collection has got: time spent, and data received so far.</summary>
/// <param name="Bytes">
/// Trace data recorded; for a heap snapshot, the size of the objects reported; for a GC trace, the text written.
/// </param>
public readonly record struct CollectionProgress(TimeSpan Elapsed, TimeSpan Duration, long Bytes);
