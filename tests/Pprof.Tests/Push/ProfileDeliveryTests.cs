using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Pprof.Push;

namespace Pprof.Tests.Push;

/// <summary>
/// The delivery loop against a local server playing Pyroscope (or a port that refuses), on a fake clock: the clock
/// moves only when the test moves it, once the loop is waiting for work or for the clock.
/// </summary>
public sealed class ProfileDeliveryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Ten_minutes_of_a_refusing_server_keep_the_queue_bounded_and_every_profile_is_counted_exactly()
    {
        var clock = new FakeTimeProvider();
        await using var delivery = new ProfileDelivery(new PyroscopeClient(Options(RefusingServer(), clock)), Options(RefusingServer(), clock));
        using var metrics = new MetricTotals(delivery.Meter);
        var step = TimeSpan.FromMilliseconds(250);

        // A window every 15 s puts two profiles (cpu and allocations) in; 40 windows in the ten minutes.
        for (var now = TimeSpan.Zero; now < TimeSpan.FromMinutes(10); now += step)
        {
            if (now.Ticks % Window.Ticks == 0)
            {
                delivery.Enqueue(Profile("process_cpu", 64 * 1024), Profile("memory", 64 * 1024));
            }

            await SettleAsync(delivery);
            var counts = delivery.Counts;
            Assert.InRange(counts.Queued, 0, DeliveryOptions.DefaultMaxQueuedProfiles);
            Assert.InRange(counts.QueuedBytes, 0, DeliveryOptions.DefaultMaxQueuedBytes);
            clock.Advance(step);
        }

        // By hand, with the defaults (3 tries a batch; the breaker opens after 3 failed batches for 30 s, doubling to
        // 5 min; each probe is one try of everything queued): the windows at 0, 15 and 30 s fail (2 profiles each,
        // 2 retries each) and open the breaker until ~60 s; the probe at ~60 s fails 4 (45, 60 s), opening it until
        // ~120 s; the probe there fails the 8 queued (75-120 s); until ~240 s the 8 windows 135-240 s push out 8, the
        // probe fails 8; until ~480 s the 16 windows 255-480 s push out 24 and the probe fails 8; the 7 windows
        // 495-585 s fill the queue (8) and push out 6. 80 in: 34 failed, 38 dropped, 8 still queued.
        Assert.Equal(new DeliveryCounts(Sent: 0, Failed: 34, Dropped: 38, Retried: 6, Bytes: 0, Queued: 8, QueuedBytes: 8 * 64 * 1024),
            delivery.Counts);
        Assert.Equal(
            "pprof.push.dropped=38 (reason=queue_full); pprof.push.failed=34; pprof.push.retried=6",
            metrics.Summary());
    }

    [Fact]
    public async Task A_server_that_never_answers_has_one_request_at_a_time_each_timed_out_and_enqueueing_never_waits()
    {
        await using var server = await FakePyroscope.StartAsync(FakePyroscope.NoAnswer, FakePyroscope.NoAnswer);
        var clock = new FakeTimeProvider();
        var options = Options(new Uri(server.Url), clock);
        var sender = new CountingSender(new PyroscopeClient(options));
        await using var delivery = new ProfileDelivery(sender, options);

        delivery.Enqueue(Profile("process_cpu", 100));
        Assert.True(server.WaitForRequest(Generous));
        clock.Advance(TimeSpan.FromSeconds(5));
        delivery.Enqueue(Profile("process_cpu", 100));
        Assert.Equal(1, delivery.Counts.Queued);

        // The first try times out at 10 s; after a backoff of at most 0.5 s the second comes, and times out 10 s later;
        // after at most 1 s more the third is answered (200), then the queued profile goes.
        clock.Advance(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => delivery.IsIdle);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(server.WaitForRequest(Generous));
        Assert.Equal(1, delivery.Counts.Queued);
        clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => delivery.IsIdle);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => delivery.Counts.Sent == 2);

        Assert.Equal((4, 1), (sender.Tries, sender.MostAtOnce));
        Assert.Equal(new DeliveryCounts(Sent: 2, Failed: 0, Dropped: 0, Retried: 2, Bytes: 200, Queued: 0, QueuedBytes: 0), delivery.Counts);
    }

    [Fact]
    public async Task After_a_503_with_retry_after_1_the_next_try_comes_no_sooner_than_1_s()
    {
        await using var server = await FakePyroscope.StartAsync("1", 503);
        var clock = new FakeTimeProvider();
        var options = Options(new Uri(server.Url), clock);
        await using var delivery = new ProfileDelivery(new PyroscopeClient(options), options);
        using var metrics = new MetricTotals(delivery.Meter);

        delivery.Enqueue(Profile("memory", 100));
        Assert.True(server.WaitForRequest(Generous));
        var started = clock.GetUtcNow();
        await AdvanceUntilAsync(clock, () => server.WaitForRequest(TimeSpan.FromMilliseconds(20)), TimeSpan.FromMilliseconds(100));

        Assert.True(clock.GetUtcNow() - started >= TimeSpan.FromSeconds(1), $"tried again after {clock.GetUtcNow() - started}");
        await WaitUntilAsync(() => delivery.Counts.Sent == 1);
        Assert.Equal("pprof.push.bytes=100; pprof.push.latency=1 recorded; pprof.push.retried=1; pprof.push.sent=1", metrics.Summary());
    }

    [Fact]
    public async Task A_400_is_tried_exactly_once()
    {
        await using var server = await FakePyroscope.StartAsync(400, 400, 400);
        var clock = new FakeTimeProvider();
        var options = Options(new Uri(server.Url), clock);
        var log = new List<string>();
        await using var delivery = new ProfileDelivery(new PyroscopeClient(options), options, log: line => { lock (log) { log.Add(line); } });

        delivery.Enqueue(Profile("memory", 100));
        Assert.True(server.WaitForRequest(Generous));
        await WaitUntilAsync(() => delivery.Counts.Failed == 1);
        for (var i = 0; i < 100; i++)
        {
            await SettleAsync(delivery);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Single(server.Requests);
        Assert.Equal(new DeliveryCounts(Sent: 0, Failed: 1, Dropped: 0, Retried: 0, Bytes: 0, Queued: 0, QueuedBytes: 0), delivery.Counts);
        Assert.Equal([$"{server.Url}/push.v1.PusherService/Push: HTTP 400 Bad Request: fake pyroscope says 400; 1 profile not pushed"], log);
    }

    [Fact]
    public async Task Stopping_while_the_server_holds_a_request_returns_at_the_flush_deadline_and_counts_what_was_left()
    {
        await using var server = await FakePyroscope.StartAsync(FakePyroscope.NoAnswer);
        var clock = new FakeTimeProvider();
        var options = Options(new Uri(server.Url), clock);
        await using var delivery = new ProfileDelivery(
            new PyroscopeClient(options), options, new DeliveryOptions { FlushTimeout = TimeSpan.FromSeconds(2) });
        delivery.Enqueue(Profile("memory", 100));
        Assert.True(server.WaitForRequest(Generous));
        delivery.Enqueue(Profile("memory", 100));

        var stop = delivery.StopAsync();
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(stop.IsCompleted, "stopped before the flush deadline while the server held the request");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await stop.WaitAsync(Generous);

        Assert.Equal(new DeliveryCounts(Sent: 0, Failed: 1, Dropped: 1, Retried: 0, Bytes: 0, Queued: 0, QueuedBytes: 0), delivery.Counts);
        delivery.Enqueue(Profile("memory", 100));
        Assert.Equal(2, delivery.Counts.Dropped);
    }

    [Fact]
    public async Task A_profile_over_the_size_limit_that_cannot_be_trimmed_is_dropped_and_counted()
    {
        var clock = new FakeTimeProvider();
        var options = Options(RefusingServer(), clock);
        await using var delivery = new ProfileDelivery(new PyroscopeClient(options), options, new DeliveryOptions { MaxProfileBytes = 16 });
        using var metrics = new MetricTotals(delivery.Meter);

        var profile = SyntheticAllocations.Snapshot(TimeSpan.Zero, TimeSpan.FromSeconds(10), [(["main", "a"], 1, 100)]);
        delivery.Enqueue([profile], _ => SeriesLabels.For("memory", "svc", []));

        Assert.Equal(1, delivery.Counts.Dropped);
        Assert.Equal("pprof.push.dropped=1 (reason=too_large)", metrics.Summary());
    }

    [Fact]
    public void The_queue_drops_the_oldest_profiles_for_new_ones_by_count_and_by_bytes()
    {
        var queue = new BoundedProfileQueue(maxProfiles: 3, maxBytes: 1000);

        Assert.Equal([0, 0, 0, 1], new[] { 100, 100, 100, 100 }.Select(size => queue.Add(Profile("m", size))));
        Assert.Equal(1, queue.Add(Profile("m", 700)));
        Assert.Equal((3, 900L), (queue.Count, queue.Bytes));
        Assert.Equal(2, queue.Add(Profile("m", 300)));
        Assert.Equal((2, 1000L), (queue.Count, queue.Bytes));
        Assert.Equal(1, queue.Add(Profile("m", 1001)));
        Assert.Equal((2, 1000L), (queue.Count, queue.Bytes));
    }

    private static PushOptions Options(Uri server, TimeProvider clock) => new() { Server = server, TimeProvider = clock };

    private static PushSeries Profile(string name, int bytes) =>
        new(SeriesLabels.For(name, "svc", []), [new PushSample(new byte[bytes], Guid.NewGuid().ToString())]);

    /// <summary>A local port nothing listens on: connecting is refused at once.</summary>
    private static Uri RefusingServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Waits (in real time, generously) until the loop waits for work or for the clock.</summary>
    private static Task SettleAsync(ProfileDelivery delivery) => WaitUntilAsync(() => delivery.IsIdle);

    /// <summary>Waits in real time, generously, with the fake clock standing still.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Generous, "the condition never came true");
            await Task.Delay(1);
        }
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done, TimeSpan step)
    {
        var start = clock.GetUtcNow();
        while (!done())
        {
            Assert.True(clock.GetUtcNow() - start < TimeSpan.FromMinutes(10), "never happened in ten minutes of fake time");
            clock.Advance(step);
            await Task.Yield();
        }
    }

    /// <summary>Counts the tries a sender is given and the most it has in flight at once.</summary>
    private sealed class CountingSender(IPushSender inner) : IPushSender
    {
        private int _inFlight;
        private int _mostAtOnce;
        private int _tries;

        public Uri Endpoint => inner.Endpoint;

        public int Tries => _tries;

        public int MostAtOnce => _mostAtOnce;

        public async Task<PushOutcome> SendAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel)
        {
            Interlocked.Increment(ref _tries);
            var inFlight = Interlocked.Increment(ref _inFlight);
            lock (this)
            {
                _mostAtOnce = Math.Max(_mostAtOnce, inFlight);
            }

            try
            {
                return await inner.SendAsync(batch, cancel);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>Sums what one meter's instruments record, by instrument and tags.</summary>
    private sealed class MetricTotals : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, (double Sum, int Count)> _totals = new(StringComparer.Ordinal);

        public MetricTotals(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public string Summary()
        {
            lock (_totals)
            {
                return string.Join("; ", _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
                    t.Key.StartsWith("pprof.push.latency", StringComparison.Ordinal) ? $"{t.Key}={t.Value.Count} recorded" : $"{Name(t.Key)}={t.Value.Sum}{Tags(t.Key)}"));
            }
        }

        public void Dispose() => _listener.Dispose();

        private static string Name(string key) => key.Split(' ')[0];

        private static string Tags(string key) => key.Contains(' ', StringComparison.Ordinal) ? " " + key.Split(' ', 2)[1] : "";

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = instrument.Name;
            if (tags.Length > 0)
            {
                key += " (" + string.Join(", ", tags.ToArray().Select(t => $"{t.Key}={t.Value}")) + ")";
            }

            lock (_totals)
            {
                var (sum, count) = _totals.GetValueOrDefault(key);
                _totals[key] = (sum + value, count + 1);
            }
        }
    }
}
