using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// <c>/debug/pprof/heap</c> of LeakyService, read as the docs read it: a snapshot, a leak driven by requests, then
/// <c>-top -base</c> of a second snapshot against the first, with dotnet-pprof and go tool pprof.
/// </summary>
[Collection(LeakyServiceCollection.Name)]
public sealed class HeapEndpointTests(LeakyServiceFixture fixture) : IDisposable
{
    private readonly LeakyServiceProcess _service = fixture.Service;
    private readonly PprofCommands _pprof = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-heap-delta-").FullName;

    public void Dispose()
    {
        _pprof.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task The_cache_that_never_evicts_tops_the_growth()
    {
        // 400 orders of about 5 KB each, with ids no other test asks for.
        await AssertGrowthAsync(
            () => _service.DriveAsync(HttpMethod.Get, i => $"orders/{1_000_000 + i}", 400),
            "LeakyService.OrderLine[]",
            "[static] LeakyService.OrderCache.Orders: System.Collections.Generic.Dictionary`2[System.Int32,LeakyService.Order]");
    }

    [Fact]
    public async Task Subscribers_of_a_static_event_top_the_growth()
    {
        await AssertGrowthAsync(
            () => _service.DriveAsync(HttpMethod.Post, _ => "subscribe", 300),
            "LeakyService.PriceTick[]",
            "[static] LeakyService.PriceFeed.Changed: System.EventHandler`1[System.Int64]");
    }

    [Fact]
    public async Task Heap_with_seconds_is_the_growth_over_that_time()
    {
        // New orders all along, so that some land between the two snapshots however late the first one is.
        var delta = _service.Client.GetAsync("debug/pprof/heap?seconds=3");
        for (var order = 2_000_000; !delta.IsCompleted; order++)
        {
            await _service.DriveAsync(HttpMethod.Get, _ => $"orders/{order}", 1);
        }

        using var response = await delta;
        var growth = ProfileReader.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment; filename=\"heap-delta\"", response.Content.Headers.ContentDisposition?.ToString());
        var path = Path.Combine(_scratch, "heap-delta.pb.gz");
        ProfileWriter.WriteFile(growth, path);
        Assert.Equal("LeakyService.OrderLine[]", ReportText.Rows(_pprof.DotnetPprof("-top", "-sample_index=inuse_space", path).Stdout)[0]);
    }

    private async Task AssertGrowthAsync(Func<Task> leak, string leakingType, string root)
    {
        var heap = _service.Url("debug/pprof/heap");
        var before = PprofCommands.SavedProfile(_pprof.DotnetPprof("-top", heap));

        await leak();

        var growth = _pprof.DotnetPprof("-top", "-sample_index=inuse_space", "-base", before, heap);
        Assert.Equal(leakingType, ReportText.Rows(growth.Stdout)[0]);
        var after = PprofCommands.SavedProfile(growth);
        Assert.Contains(root, ReportText.Rows(_pprof.DotnetPprof("-top", "-cum", "-sample_index=inuse_space", "-base", before, after).Stdout).Take(6));
        var goGrowth = _pprof.GoToolPprof("-top", "-sample_index=inuse_space", "-base", before, heap);
        Assert.Equal(leakingType, ReportText.Rows(goGrowth.Stdout)[0]);
    }
}
