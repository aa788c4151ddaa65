namespace Pprof.Collector;

/// <summary>Keywords of the Microsoft-Windows-DotNETRuntime provider that the collectors use.</summary>
internal static class ClrKeywords
{
    public const string Provider = "Microsoft-Windows-DotNETRuntime";
    public const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    public const long GC = 0x1;
    public const long Loader = 0x8;
    public const long Jit = 0x10;
    public const long AllocationSampling = 0x800_0000_0000;

    /// <summary>GC | Type | GCHeapDump | GCHeapCollect | GCHeapAndTypeNames: enabling it makes the runtime walk the heap.</summary>
    public const long GCHeapSnapshot = 0x198_0001;

    /// <summary>The client library's default rundown (internal there): GC, loader, JIT, NGen, IL maps.</summary>
    public const long Rundown = 0x8002_0139;
}
