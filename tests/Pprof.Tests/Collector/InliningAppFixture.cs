namespace Pprof.Tests.Collector;

/// <summary>InliningApp, whose allocations happen in methods the JIT inlined, started once for its tests.</summary>
public sealed class InliningAppFixture : IDisposable
{
    private readonly TestAppProcess _process = new("InliningApp", []);

    public int ProcessId => _process.ProcessId;

    public void Dispose() => _process.Dispose();
}
