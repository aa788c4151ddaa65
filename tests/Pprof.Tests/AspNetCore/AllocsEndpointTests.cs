using System.Text;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// <c>/debug/pprof/allocs</c> of LeakyService while large downloads run: the MemoryStream that doubles its buffer
/// tops the allocations, in the binary form and in Go's text form.
/// </summary>
[Collection(LeakyServiceCollection.Name)]
public sealed class AllocsEndpointTests(LeakyServiceFixture fixture) : IDisposable
{
    private const string Doubling = "System.IO.MemoryStream.set_Capacity";
    private const string Download = "LeakyService.ReportExport.Render";

    private readonly LeakyServiceProcess _service = fixture.Service;
    private readonly PprofCommands _pprof = new();

    public void Dispose() => _pprof.Dispose();

    /// <remarks>
    /// pprof waits 1.5 times <c>seconds</c> by default, and turning the trace into a profile can take longer than
    /// the half left on a loaded machine: hence <c>-timeout</c>.
    /// </remarks>
    [Fact]
    public async Task The_doubling_buffer_of_downloads_tops_the_allocations()
    {
        var report = await WhileDownloadingAsync(() => Task.Run(() => _pprof.DotnetPprof("-top", "-timeout", "60", _service.Url("debug/pprof/allocs?seconds=2"))));

        Assert.Equal(Doubling, ReportText.Rows(report.Stdout)[0]);
        Assert.Contains("allocations made by the profiler itself", report.Stdout, StringComparison.Ordinal);
        var saved = PprofCommands.SavedProfile(report);
        Assert.Equal(Download, ReportText.Rows(_pprof.DotnetPprof("-top", "-cum", "-show=^LeakyService", saved).Stdout)[0]);
        Assert.Equal(Doubling, ReportText.Rows(_pprof.GoToolPprof("-top", saved).Stdout)[0]);
    }

    [Fact]
    public async Task The_text_form_is_Go_heap_layout_with_the_allocation_half()
    {
        var text = await WhileDownloadingAsync(() => _service.Client.GetStringAsync("debug/pprof/allocs?debug=1"));

        Assert.Matches(@"^heap profile: 0: 0 \[[0-9]+: [0-9]+\] @ heapprofile\n", text);
        var profile = ProfileReader.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(["alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes"],
            profile.SampleTypes.Select(t => t.ToString()));
        var header = text[..text.IndexOf('\n')].Split(['[', ':', ']', ' '], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(long.Parse(header[5], System.Globalization.CultureInfo.InvariantCulture), ProfileCounts.Total(profile, 1));
        var byLeaf = ProfileCounts.ByStack(profile, 1)
            .GroupBy(stack => stack.Key.Split(" <- ")[0])
            .Select(leaf => (Function: leaf.Key, Bytes: leaf.Sum(s => s.Value)))
            .MaxBy(leaf => leaf.Bytes);
        Assert.Equal(Doubling, byLeaf.Function);
        Assert.Contains("# TotalAllocatedBytes = ", text, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="profile"/> while downloads of 4 MB reports go on, and returns what it returned.</summary>
    private async Task<T> WhileDownloadingAsync<T>(Func<Task<T>> profile)
    {
        using var stop = new CancellationTokenSource();
        var downloads = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _service.Client.GetByteArrayAsync("download?kb=4096");
            }
        });
        try
        {
            return await profile();
        }
        finally
        {
            await stop.CancelAsync();
            await downloads;
        }
    }
}
