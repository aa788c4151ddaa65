using Pprof.Tests.Support;

namespace Pprof.Tests.Push;

/// <summary>The profiles the push tests send: one of each kind Pyroscope names (memory, goroutine, process_cpu).</summary>
internal static class PushedFiles
{
    public static readonly string Heap = TestData.File("gobmap.heap.0.pb.gz");
    public static readonly string Goroutines = TestData.File("loggerleak.goroutine.0.pb.gz");
    public static readonly string Cpu = Path.Combine(TestData.RepositoryRoot, "testdata", "legacy", "go.cpu.64le.prof");
}
