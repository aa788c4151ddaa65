namespace Pprof.Tests.AspNetCore;

/// <summary>A LeakyService of its own that samples allocations from its start, in windows of 2 s.</summary>
public sealed class SampledFromStartFixture : IDisposable
{
    public LeakyServiceProcess Service { get; } = new(["--Pprof:SampleAllocationsFromStart=true", "--Pprof:AllocationWindow=00:00:02"]);

    public void Dispose() => Service.Dispose();
}
