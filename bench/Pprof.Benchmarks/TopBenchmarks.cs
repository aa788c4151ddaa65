using BenchmarkDotNet.Attributes;
using Pprof.Driver;

namespace Pprof.Benchmarks;

/// <summary>The whole <c>-top</c> command in process: read, trim the graph twice, print.</summary>
[MemoryDiagnoser]
public class TopBenchmarks
{
    private string _path = "";

    [Params("gobmap.heap.4.pb.gz", "big.heap.pb.gz", "huge.heap.pb.gz")]
    public string Profile { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _path = BenchmarkProfiles.Path(Profile);

    [Benchmark]
    public int Top() => PprofDriver.Run(["-top", _path], Stream.Null, TextWriter.Null);
}
