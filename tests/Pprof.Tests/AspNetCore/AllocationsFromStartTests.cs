using System.Net;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// <c>SampleAllocationsFromStart</c>: <c>/allocs</c> without seconds answers at once with what was sampled since the
/// start, as Go's does, up to the last finished window.
/// </summary>
public sealed class AllocationsFromStartTests(SampledFromStartFixture fixture) : IClassFixture<SampledFromStartFixture>, IDisposable
{
    private const string Doubling = "System.IO.MemoryStream.set_Capacity";

    private readonly LeakyServiceProcess _service = fixture.Service;
    private readonly PprofCommands _pprof = new();

    public void Dispose() => _pprof.Dispose();

    [Fact]
    public async Task Allocs_without_seconds_holds_the_downloads_made_before_it_was_asked_for()
    {
        // A download, then allocs, until a finished window holds enough downloads to top it.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        CliRun report;
        do
        {
            await _service.Client.GetByteArrayAsync("download?kb=4096");
            report = _pprof.DotnetPprof("-top", "-nodecount=3", _service.Url("debug/pprof/allocs"));
        }
        while (ReportText.Rows(report.Stdout).FirstOrDefault() != Doubling && DateTime.UtcNow < deadline);

        Assert.Equal(Doubling, ReportText.Rows(report.Stdout)[0]);
        Assert.Contains("allocations sampled since ", report.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_says_allocs_covers_the_time_since_the_start()
    {
        using var response = await _service.Client.GetAsync("debug/pprof/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("allocations made since the app started", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
