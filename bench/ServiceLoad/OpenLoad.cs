using System.Buffers;
using System.Diagnostics;
using System.Globalization;

namespace ServiceLoad;

/// <summary>A request sent at a fixed rate; <c>{0}</c> in its path becomes 0 to 99 in turn, so that orders stay cached.</summary>
internal sealed record Workload(string Name, string PathAndQuery, double PerSecond);

/// <summary>
/// An open loop: each workload's requests are sent at its fixed rate, all workloads at once, whether or not the
/// earlier ones have been answered, so that a service that slows down meets the same arrivals and its slowness shows
/// in the latencies (a closed loop would send less and hide it). One thread wakes every millisecond and sends what is
/// due. A request's latency runs from just before it is sent to the last byte of its answer.
/// </summary>
internal sealed class OpenLoad(HttpClient client, Workload[] workloads)
{
    /// <summary>More requests than this unanswered means the service cannot keep up: the rest are not sent, and counted.</summary>
    private const int MaxInFlight = 5_000;

    private readonly Uri[][] _paths = [.. workloads.Select(w => Enumerable.Range(0, 100)
        .Select(i => new Uri(string.Format(CultureInfo.InvariantCulture, w.PathAndQuery, i), UriKind.Relative)).ToArray())];

    private int _inFlight;

    /// <param name="record">Told each answered request: its workload, when it was sent (a <see cref="Stopwatch"/> timestamp), and how long it took.</param>
    /// <returns>Per workload, the requests not answered with a success (or not sent: too many in flight).</returns>
    public async Task<long[]> RunAsync(TimeSpan duration, Action<int, long, long> record)
    {
        var failed = new long[workloads.Length];
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Waited for without blocking a pool thread: on 2 cores the pool has 2, and the answers' continuations need them.
        var sender = new Thread(() =>
        {
            Send(duration, record, failed);
            sent.SetResult();
        }) { IsBackground = true, Name = "open loop" };
        sender.Start();
        await sent.Task;
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Volatile.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }

        return failed;
    }

    private void Send(TimeSpan duration, Action<int, long, long> record, long[] failed)
    {
        var sent = new long[workloads.Length];
        var start = Stopwatch.GetTimestamp();
        for (var now = start; Stopwatch.GetElapsedTime(start, now) < duration; now = Stopwatch.GetTimestamp())
        {
            var elapsed = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
            for (var w = 0; w < workloads.Length; w++)
            {
                for (var due = (long)(elapsed * workloads[w].PerSecond); sent[w] < due; sent[w]++)
                {
                    if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
                    {
                        Interlocked.Decrement(ref _inFlight);
                        Interlocked.Increment(ref failed[w]);
                        continue;
                    }

                    _ = SendAsync(w, _paths[w][sent[w] % 100], record, failed);
                }
            }

            Thread.Sleep(1);
        }
    }

    private async Task SendAsync(int workload, Uri path, Action<int, long, long> record, long[] failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }

            if (response.IsSuccessStatusCode)
            {
                record(workload, sent, Stopwatch.GetTimestamp() - sent);
            }
            else
            {
                Interlocked.Increment(ref failed[workload]);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failed[workload]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
