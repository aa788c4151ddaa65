using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// <c>/debug/pprof/goroutine</c> and <c>/threads</c> of LeakyService, whose logins each start a logger thread that
/// nobody stops: every form of the profile counts exactly the threads the requests started.
/// </summary>
[Collection(LeakyServiceCollection.Name)]
public sealed class ThreadsEndpointTests(LeakyServiceFixture fixture) : IDisposable
{
    private const string LoggerLoop = "LeakyService.SessionLogger.Run";
    private const int Logins = 30;

    private readonly LeakyServiceProcess _service = fixture.Service;
    private readonly PprofCommands _pprof = new();

    public void Dispose() => _pprof.Dispose();

    [Fact]
    public async Task Every_form_counts_the_logger_threads_each_login_leaves_behind()
    {
        var before = await LoggersAsync("debug/pprof/threads");

        await _service.DriveAsync(HttpMethod.Post, i => $"login?user=u{i}", Logins);

        Assert.Equal(before + Logins, await LoggersAsync("debug/pprof/threads"));
        Assert.Equal(before + Logins, await LoggersAsync("debug/pprof/goroutine"));
        Assert.Equal(before + Logins, await LoggersAsync("debug/pprof/goroutine?debug=1"));
        Assert.Equal(before + Logins, await LoggersAsync("debug/pprof/threads?debug=2"));
        var report = _pprof.DotnetPprof("-top", "-cum", _service.Url("debug/pprof/goroutine"));
        Assert.Contains(LoggerLoop, ReportText.Rows(report.Stdout).Take(5));
        var goReport = _pprof.GoToolPprof("-top", "-cum", _service.Url("debug/pprof/threads"));
        Assert.Contains(LoggerLoop, ReportText.Rows(goReport.Stdout).Take(5));
    }

    [Fact]
    public async Task The_text_forms_have_Go_layouts_that_our_reader_parses()
    {
        var counts = await _service.Client.GetStringAsync("debug/pprof/goroutine?debug=1");
        var dump = await _service.Client.GetStringAsync("debug/pprof/goroutine?debug=2");

        Assert.Matches(@"^goroutine profile: total [0-9]+\n[0-9]+ @( 0x[0-9a-f]+)+\n#\t0x[0-9a-f]+\t\S.*\+0x0\t\S+:[0-9]+\n", counts);
        Assert.Matches(@"^goroutine 1 \[(running|waiting or in native code)\]:\n\S.*\(\.\.\.\)\n\t\S+:[0-9]+\n", dump);
        Assert.Matches($@"\n{LoggerLoop}\(\.\.\.\)\n\t\S+SessionLogger\.cs:[1-9][0-9]*\n", dump);
        var parsed = ProfileReader.Parse(System.Text.Encoding.UTF8.GetBytes(counts));
        var total = long.Parse(counts[..counts.IndexOf('\n')].Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(total, ProfileCounts.Total(parsed));
        var threads = ProfileReader.Parse(System.Text.Encoding.UTF8.GetBytes(dump));
        Assert.Equal(dump.Split('\n').Count(line => line.StartsWith("goroutine ", StringComparison.Ordinal)), ProfileCounts.Total(threads));
    }

    private async Task<long> LoggersAsync(string pathAndQuery)
    {
        var profile = ProfileReader.Parse(await _service.Client.GetByteArrayAsync(pathAndQuery));
        return ProfileCounts.Through(profile, LoggerLoop);
    }
}
