namespace Pprof.Collector;

/// <summary>How far a collection has got: time spent, and data received so far.</summary>
/// <param name="Bytes">
/// Trace data recorded; for a heap snapshot, the size of the objects reported; for a GC trace, the text written.
/// </param>
/// <param name="Analyzing">
/// Set once the data is in and the collector turns it into the profile, which takes a while for a large trace or heap.
/// </param>
public readonly record struct CollectionProgress(TimeSpan Elapsed, TimeSpan Duration, long Bytes, bool Analyzing = false);
