namespace Pprof.Collector;

/// <summary>Keywords of the Microsoft-Windows-DotNETRuntime provider that the collectors use.</summary>
internal static class ClrKeywords
{
    public const string Provider = "Microsoft-Windows-DotNETRuntime";
    public const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    public const long GC = 0x1;
    public const long Loader = 0x8;
    public const long Jit = 0x10;

    /// <summary>For each method the JIT compiles, where its IL offsets went: with the PDB, a frame's source line.</summary>
    public const long JittedMethodILToNativeMap = 0x2_0000;
    public const long AllocationSampling = 0x800_0000_0000;

    /// <summary>Each GC's generation ranges and the ranges of objects that survived or moved.</summary>
    public const long GCHeapSurvivalAndMovement = 0x40_0000;

    /// <summary>GC | Type | GCHeapDump | GCHeapAndTypeNames: the events of a heap walk, when a GC is induced to walk it.</summary>
    public const long GCHeapWalk = 0x118_0001;

    /// <summary>Enabling it induces a blocking gen-2 GC, which walks the heap for the sessions with <see cref="GCHeapWalk"/>.</summary>
    public const long GCHeapCollect = 0x80_0000;

    /// <summary>The client library's default rundown (internal there): GC, loader, JIT, NGen, IL maps.</summary>
    public const long Rundown = 0x8002_0139;
}
