using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary>
/// <c>collect heap --alloc-stacks</c> against LeakyApp, which allocates per request a 32 KiB session payload that its
/// cache keeps forever and a 16 KiB response that the next request replaces.
/// </summary>
[Collection(LeakyAppCollection.Name)]
public sealed class HeapAllocationStacksTests(LeakyAppFixture app) : IDisposable
{
    private const string Cache = "LeakyApp.SessionCache.Remember";
    private const string Renderer = "LeakyApp.ResponseRenderer.Render";
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-heap-allocs-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void What_is_still_in_use_is_the_cache_and_not_the_garbage()
    {
        var output = Path.Combine(_scratch, "leaky.heap.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "--alloc-stacks", "-p", $"{app.ProcessId}", "--duration", "4s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(
            ["alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes"],
            profile.SampleTypes.Select(t => t.ToString()));
        Assert.Equal("inuse_space", profile.DefaultSampleType);
        Assert.Equal(Cache, CollectorCli.ReportRows(output, "-top")[0]);
        Assert.Contains(Renderer, CollectorCli.ReportRows(output, "-sample_index=alloc_space", "-top").Take(2));
        var ages = CollectorCli.Report(output, "-tags", "-sample_index=alloc_space");
        Assert.Contains(" allocated:", ages, StringComparison.Ordinal);
        Assert.Contains("after the last GC", ages, StringComparison.Ordinal);
        Assert.Contains("label allocated=after the last GC", CollectorCli.Report(output, "-comments"), StringComparison.Ordinal);

        // Every cached payload is still alive; of the responses, at most the latest.
        var cacheAllocated = FlatBytes(profile, Cache, "alloc_space");
        var cacheInUse = FlatBytes(profile, Cache, "inuse_space");
        Assert.True(cacheAllocated > 0, "no sampled allocation in the cache");
        Assert.True(cacheInUse >= 0.95 * cacheAllocated, $"the cache allocated {cacheAllocated} bytes but {cacheInUse} are in use");
        var responsesAllocated = FlatBytes(profile, Renderer, "alloc_space");
        var responsesInUse = FlatBytes(profile, Renderer, "inuse_space");
        Assert.True(responsesInUse < responsesAllocated / 4, $"responses: {responsesInUse} of {responsesAllocated} bytes in use");
        Assert.Contains(Cache, CollectorCli.GoToolPprof(output, "-top"), StringComparison.Ordinal);
    }

    /// <summary>The values of one sample type in the samples allocated directly by a function.</summary>
    private static long FlatBytes(Profile profile, string function, string sampleType)
    {
        var index = profile.SampleTypes.FindIndex(t => t.Type == sampleType);
        long total = 0;
        for (var sample = 0; sample < profile.Samples.Count; sample++)
        {
            if (profile.Locations[profile.Samples.Stack(sample)[0]].Lines[0].Function?.Name == function)
            {
                total += profile.Samples.Values(sample)[index];
            }
        }

        return total;
    }
}
