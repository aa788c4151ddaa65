namespace Pprof.Push;

/// <summary>
/// The wait before another try: exponential backoff with full jitter (a random part of a ceiling that doubles with each
/// try, so that a fleet's retries spread out), but never shorter than the server's <c>Retry-After</c>.
/// </summary>
public static class Backoff
{
    /// <param name="failedTries">Tries made so far, 1 after the first.</param>
    public static TimeSpan Before(int failedTries, TimeSpan first, TimeSpan ceiling, TimeSpan? retryAfter)
    {
        var grown = first * Math.Pow(2, Math.Min(failedTries - 1, 30));
        var jittered = (grown < ceiling ? grown : ceiling) * Random.Shared.NextDouble();
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }
}
