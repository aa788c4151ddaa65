namespace Pprof.Leaks;

/// <summary>The kinds of profile a series can be made of; a series may mix them (a live run takes heap and threads).</summary>
public enum ProfileShape
{
    /// <summary>A .NET heap snapshot: stacks are retention paths, root first.</summary>
    HeapSnapshot,

    /// <summary>A heap profile by allocation stack: Go's, or .NET's <c>collect heap --alloc-stacks</c>.</summary>
    HeapSites,

    /// <summary>Threads or goroutines by stack.</summary>
    Stacks,
}
