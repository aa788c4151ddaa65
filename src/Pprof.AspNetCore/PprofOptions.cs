namespace Pprof.AspNetCore;

/// <summary>How the <c>/debug/pprof</c> endpoints behave; set with <c>builder.Services.AddPprof(options =&gt; ...)</c>.</summary>
public sealed class PprofOptions
{
    /// <summary>
    /// Serve clients on other machines too. Off by default: only loopback clients are served, others get 403. A
    /// reverse proxy on the same machine makes every client look local unless forwarded headers are applied first.
    /// </summary>
    public bool AllowRemote { get; set; }

    /// <summary>The longest collection a request may ask for with <c>seconds</c>; longer asks get 400.</summary>
    public int MaxSeconds { get; set; } = 60;

    /// <summary>
    /// Sample allocations from the app's start, in back-to-back windows of <see cref="AllocationWindow"/>, so that
    /// <c>/allocs</c> without <c>seconds</c> answers at once with what was sampled since the start, as Go does.
    /// Off by default: sampling costs some throughput, and <c>/allocs</c> then samples one window when asked.
    /// </summary>
    public bool SampleAllocationsFromStart { get; set; }

    /// <summary>
    /// How long <c>/allocs</c> samples when asked without <c>seconds</c>; with
    /// <see cref="SampleAllocationsFromStart"/>, the length of each background window.
    /// </summary>
    public TimeSpan AllocationWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Set by <see cref="PushTo"/>: where and what to push; null when nothing is pushed.</summary>
    public PprofPushOptions? Push { get; private set; }

    /// <summary>
    /// Profiles this app window after window (every 15 s by default) in the background and pushes each window to
    /// Grafana Pyroscope at <paramref name="server"/>, such as <c>http://pyroscope:4040</c>. Collections are shared
    /// with the <c>/debug/pprof</c> endpoints; sending never holds up the app (a bounded queue and one sender, see
    /// docs/push.md).
    /// </summary>
    public PprofOptions PushTo(string server, Action<PprofPushOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        Push = new PprofPushOptions(server);
        configure?.Invoke(Push);
        return this;
    }

    /// <summary>
    /// Serve the web UI of <c>dotnet-pprof -http</c> at <c>/debug/pprof/ui/</c> over this process's own profiles, each
    /// taken when first asked for and again on <c>refresh</c>. Off by default; on, it answers loopback clients only
    /// (403 otherwise), whatever <see cref="AllowRemote"/> says.
    /// </summary>
    public bool ServeWebUi { get; set; }
}
