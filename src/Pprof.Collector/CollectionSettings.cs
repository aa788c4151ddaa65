namespace Pprof.Collector;

/// <summary>How long to collect and whom to tell about it.</summary>
/// <param name="Duration">How long to trace; for a heap snapshot, how long to wait for it at most.</param>
/// <param name="Stop">Cancelled to stop early: what was gathered until then still makes the profile.</param>
/// <param name="Progress">Told now and then while tracing; null for silence.</param>
/// <param name="Note">Told facts the user should know about the profile, such as a less precise fallback.</param>
public sealed record CollectionSettings(
    TimeSpan Duration,
    CancellationToken Stop,
    IProgress<CollectionProgress>? Progress,
    Action<string> Note)
{
    /// <summary>
    /// How long to wait before the next progress report: <paramref name="interval"/>, or what is left of the duration
    /// when that is less; never negative, as the clock may pass the duration between a caller's check and this.
    /// </summary>
    public TimeSpan NextWait(TimeSpan elapsed, TimeSpan interval)
    {
        var left = Duration - elapsed;
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < interval ? left : interval;
    }
}
