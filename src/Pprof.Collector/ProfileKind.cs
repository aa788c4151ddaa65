namespace Pprof.Collector;

/// <summary>What <c>dotnet-pprof collect</c> can profile.</summary>
public enum ProfileKind
{
    /// <summary>Sampled allocations with their stacks.</summary>
    Allocs,

    /// <summary>Live objects with the path that keeps each alive.</summary>
    Heap,

    /// <summary>The managed stacks of all threads, counted by stack.</summary>
    Threads,

    /// <summary>Where threads run managed code.</summary>
    Cpu,
}
