using System.Diagnostics;
using System.Globalization;

namespace ServiceLoad;

/// <summary>A closed loop: a few workers, each sending its next request when the previous one is answered.</summary>
internal static class Load
{
    /// <param name="pathAndQuery">The request; <c>{0}</c> becomes a number from 0 to 99, so that orders stay cached.</param>
    /// <returns>Requests answered per second, and the 99th percentile of the time each took to be answered.</returns>
    public static async Task<(double Rate, TimeSpan P99)> RunAsync(HttpClient client, string pathAndQuery, int requests, int concurrency)
    {
        var next = -1;
        var latencies = new long[requests];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(string.Format(CultureInfo.InvariantCulture, pathAndQuery, i % 100));
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(Stream.Null);
                latencies[i] = Stopwatch.GetTimestamp() - sent;
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        var p99 = Stopwatch.GetElapsedTime(0, latencies[(int)(requests * 0.99) - 1]);
        return (requests / elapsed.TotalSeconds, p99);
    }
}
