using BenchmarkDotNet.Attributes;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Benchmarks;

/// <summary>Reading profiles: gunzip, decode and validation of every sample.</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private byte[] _data = [];

    [Params("gobmap.heap.4.pb.gz", "big.heap.pb.gz", "huge.heap.pb.gz")]
    public string Profile { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _data = File.ReadAllBytes(BenchmarkProfiles.Path(Profile));

    [Benchmark]
    public int Parse() => ProfileReader.Parse(_data).Samples.Count;
}
