using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>The web UI over a profile already read, served in the test's process on a free loopback port.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _running;

    private InProcessServer(Profile profile, ProfileComparison? comparison, TaskCompletionSource<string> listening)
    {
        var settings = new WebUiSettings(profile, ReportOptions.Default, "127.0.0.1:0", "test")
        {
            SettingsFile = Path.Combine(Path.GetTempPath(), $"pprof-inprocess-{Guid.NewGuid():N}.json"),
            Listening = url => listening.TrySetResult(url),
            Comparison = comparison,
        };
        _running = WebUi.RunAsync(settings, _stop.Token);
        _running.ContinueWith(run => listening.TrySetException(run.Exception ?? new Exception($"the web UI stopped before it listened (exit code {run.Result})")), TaskScheduler.Default);
    }

    public HttpClient Client { get; private set; } = null!;

    /// <param name="comparison">With a base: the sides of <paramref name="profile"/>, which the diff view shows.</param>
    public static async Task<InProcessServer> Start(Profile profile, ProfileComparison? comparison = null)
    {
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new InProcessServer(profile, comparison, listening);
        var url = await listening.Task.WaitAsync(StartTimeout);
        server.Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        Client?.Dispose();
        _stop.Dispose();
    }
}
