namespace Pprof.Tests.AspNetCore;

/// <summary>One LeakyService for the tests of <see cref="LeakyServiceCollection"/>.</summary>
public sealed class LeakyServiceFixture : IDisposable
{
    // /allocs without seconds samples this long, so that the text form can be tested in a short window.
    public LeakyServiceProcess Service { get; } = new(["--Pprof:AllocationWindow=00:00:02"]);

    public void Dispose() => Service.Dispose();
}
