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
/// due. A request's latency runs from just before it is sent to the last byte of its answer. The warm-up and the
/// measured time are one loop: restarting it between them (a new thread, histograms allocated, a collection in this
/// process) made the first measured second about 20 ms slower at p99 than the rest.
/// </summary>
internal sealed class OpenLoad(HttpClient client, Workload[] workloads)
{
    /// <summary>More requests than this unanswered means the service cannot keep up: the rest are not sent, and counted.</summary>
    private const int MaxInFlight = 5_000;

    private readonly Uri[][] _paths = [.. workloads.Select(w => Enumerable.Range(0, 100)
        .Select(i => new Uri(string.Format(CultureInfo.InvariantCulture, w.PathAndQuery, i), UriKind.Relative)).ToArray())];

    private int _inFlight;

    /// <param name="measuredFrom">From when (a <see cref="Stopwatch"/> timestamp) requests are measured; the earlier ones warm up.</param>
    /// <param name="until">When the loop stops sending (a <see cref="Stopwatch"/> timestamp).</param>
    /// <param name="record">Told each answered request sent from <paramref name="measuredFrom"/>: its workload, when it was sent (a <see cref="Stopwatch"/> timestamp), and how long it took.</param>
    /// <returns>Per workload, the measured requests not answered with a success (or not sent: too many in flight).</returns>
    public async Task<long[]> RunAsync(long measuredFrom, long until, Action<int, long, long> record)
    {
        var failed = new long[workloads.Length];
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var measured = new Measured(measuredFrom, record, failed);

        // Waited for without blocking a pool thread: on 2 cores the pool has 2, and the answers' continuations need them.
        var sender = new Thread(() =>
        {
            Send(until, measured);
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

    private void Send(long until, Measured measured)
    {
        var sent = new long[workloads.Length];
        var start = Stopwatch.GetTimestamp();
        for (var now = start; now < until; now = Stopwatch.GetTimestamp())
        {
            var elapsed = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
            for (var w = 0; w < workloads.Length; w++)
            {
                for (var due = (long)(elapsed * workloads[w].PerSecond); sent[w] < due; sent[w]++)
                {
                    if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
                    {
                        Interlocked.Decrement(ref _inFlight);
                        measured.Failed(w, now);
                        continue;
                    }

                    _ = SendAsync(w, _paths[w][sent[w] % 100], measured);
                }
            }

            Thread.Sleep(1);
        }
    }

    private async Task SendAsync(int workload, Uri path, Measured measured)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }

            if (response.IsSuccessStatusCode)
            {
                measured.Answered(workload, sent, Stopwatch.GetTimestamp() - sent);
            }
            else
            {
                measured.Failed(workload, sent);
            }
        }
        catch (HttpRequestException)
        {
            measured.Failed(workload, sent);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>What the loop tells about the requests sent from <c>From</c> on; the warm-up's are left out.</summary>
    private sealed record Measured(long From, Action<int, long, long> Record, long[] FailedCounts)
    {
        public void Answered(int workload, long sent, long took)
        {
            if (sent >= From)
            {
                Record(workload, sent, took);
            }
        }

        public void Failed(int workload, long sent)
        {
            if (sent >= From)
            {
                Interlocked.Increment(ref FailedCounts[workload]);
            }
        }
    }
}
