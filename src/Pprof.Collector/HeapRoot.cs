namespace Pprof.Collector;

/// <summary>A named group of GC roots and the objects it holds.</summary>
/// <param name="Priority">
/// How much a retention path through this root is preferred when an object has several: static fields first, the
/// stacks next, handles (mostly the runtime's own) last.
/// </param>
internal sealed record HeapRoot(string Name, double Priority, List<int> Objects);
