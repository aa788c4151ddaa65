using System.Diagnostics.Metrics;
using Pprof.Profiles;

namespace Pprof.Push;

/// <summary>
/// Delivers profiles without ever holding up whoever produces them: <see cref="Enqueue"/> only adds to a bounded queue
/// (the oldest profiles dropped when it is full), and one loop of its own sends what is queued as one batch, one
/// request at a time. Each try is bounded in time; connection errors, timeouts, 429 and 5xx are tried again with
/// exponential backoff and full jitter, never before the server's <c>Retry-After</c>, other answers never; a batch is
/// given up after <see cref="PushOptions.MaxAttempts"/> tries or <see cref="PushOptions.Deadline"/>. A server that keeps
/// failing opens a circuit breaker (see <see cref="CircuitBreaker"/>). Stopping sends what is queued within
/// <see cref="DeliveryOptions.FlushTimeout"/>. Everything is counted in <see cref="Counts"/> and on <see cref="Meter"/>.
/// </summary>
public sealed class ProfileDelivery : IAsyncDisposable
{
    private readonly IPushSender _sender;
    private readonly PushOptions _tries;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Lock _lock = new();
    private readonly BoundedProfileQueue _queue;
    private readonly CircuitBreaker _breaker;
    private readonly PushMetrics _metrics = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _loop;
    private TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _waitingForWork;
    private DateTimeOffset? _sleepingUntil;
    private long _sent, _failed, _dropped, _retried, _bytes;

    /// <param name="sender">Owned: disposed with the delivery.</param>
    /// <param name="tries">Tries, their timeout, the first backoff, the deadline of a batch and the clock.</param>
    /// <param name="log">Told each failure, breaker change and drop, one line each.</param>
    public ProfileDelivery(IPushSender sender, PushOptions tries, DeliveryOptions? options = null, Action<string>? log = null)
    {
        options ??= new DeliveryOptions();
        options.Validate();
        (_sender, _tries, _options, _time, _log) = (sender, tries, options, tries.TimeProvider, log ?? (_ => { }));
        _queue = new BoundedProfileQueue(options.MaxQueuedProfiles, options.MaxQueuedBytes);
        _breaker = new CircuitBreaker(options);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The meter of this delivery's instruments (named <c>Pprof.Push</c>).</summary>
    public Meter Meter => _metrics.Meter;

    public DeliveryCounts Counts
    {
        get
        {
            lock (_lock)
            {
                return new(_sent, _failed, _dropped, _retried, _bytes, _queue.Count, _queue.Bytes);
            }
        }
    }

    /// <summary>Waiting for work or for the clock, with nothing else to do until one of them comes.</summary>
    internal bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _waitingForWork || (_sleepingUntil is { } until && until > _time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Queues a window's profiles, each as a series with its labels, gzipped, all at once so that they go in one
    /// request when the server keeps up. A profile over <see cref="DeliveryOptions.MaxProfileBytes"/> is trimmed to its
    /// heaviest samples first, or dropped when not even one fits. Never blocks on the server.
    /// </summary>
    public void Enqueue(IEnumerable<Profile> window, Func<Profile, IReadOnlyList<PushLabel>> labelsOf)
    {
        var series = new List<PushSeries>();
        foreach (var profile in window)
        {
            var labels = labelsOf(profile);
            var fitting = ProfileSizeLimit.Fit(profile, _options.MaxProfileBytes, out var leftOut);
            if (fitting is null)
            {
                lock (_lock)
                {
                    _dropped++;
                }

                Drop(1, "too_large", $"over the size limit of {_options.MaxProfileBytes} bytes with even one sample");
                continue;
            }

            if (leftOut > 0)
            {
                _metrics.Trimmed();
                _log($"{labels[0].Value} profile trimmed by {leftOut} of its {profile.Samples.Count} samples to stay under {_options.MaxProfileBytes} bytes");
            }

            series.Add(new PushSeries(labels, [PushSample.Of(fitting)]));
        }

        Enqueue([.. series]);
    }

    /// <summary>Queues profiles (each a series with its sample) to be sent together; never blocks.</summary>
    public void Enqueue(params ReadOnlySpan<PushSeries> profiles)
    {
        var dropped = 0;
        bool stopped;
        lock (_lock)
        {
            stopped = _closing.IsCancellationRequested;
            foreach (var profile in profiles)
            {
                dropped += stopped ? 1 : _queue.Add(profile);
            }

            _dropped += dropped;
            if (_waitingForWork && _queue.Count > 0)
            {
                _waitingForWork = false;
                _work.TrySetResult();
            }
        }

        Drop(dropped, stopped ? "stopped" : "queue_full", stopped ? "delivery has stopped" : "the queue is full");
    }

    /// <summary>Sends what is queued, for <see cref="DeliveryOptions.FlushTimeout"/> at most, then drops the rest.</summary>
    public async Task StopAsync()
    {
        lock (_lock)
        {
            if (_closing.IsCancellationRequested)
            {
                return;
            }

            _closing.Cancel();
            _work.TrySetResult();
        }

        using var flush = new CancellationTokenSource(_options.FlushTimeout, _time);
        using var abort = flush.Token.UnsafeRegister(_ => _abort.Cancel(), null);
        await _loop.ConfigureAwait(false);
        int left;
        lock (_lock)
        {
            left = _queue.TakeAll().Count;
            _dropped += left;
        }

        Drop(left, "stopped", "delivery stopped before they could be sent");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _sender.Dispose();
        _metrics.Dispose();
        _closing.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        while (await NextBatchAsync().ConfigureAwait(false) is { } batch)
        {
            await DeliverAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>Everything queued once there is something and the breaker lets it through; null when stopping.</summary>
    private async Task<List<PushSeries>?> NextBatchAsync()
    {
        while (true)
        {
            Task wake;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                var closing = _closing.IsCancellationRequested;
                if (_abort.IsCancellationRequested)
                {
                    return null;
                }

                if (_breaker.IsOpen(now))
                {
                    if (closing)
                    {
                        return null;
                    }

                    _sleepingUntil = _breaker.OpenUntil;
                    wake = Task.Delay(_breaker.OpenUntil!.Value - now, _time, _closing.Token);
                }
                else if (_queue.Count > 0)
                {
                    return _queue.TakeAll();
                }
                else if (closing)
                {
                    return null;
                }
                else
                {
                    _work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waitingForWork = true;
                    wake = _work.Task;
                }
            }

            await wake.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (_lock)
            {
                (_sleepingUntil, _waitingForWork) = (null, false);
            }
        }
    }

    private async Task DeliverAsync(List<PushSeries> batch)
    {
        bool probe;
        lock (_lock)
        {
            probe = _breaker.Probing;
        }

        var maxAttempts = probe ? 1 : _tries.MaxAttempts;
        var size = batch.Sum(BoundedProfileQueue.SizeOf);
        var giveUpAt = _time.GetUtcNow() + _tries.Deadline;
        using var deadline = new CancellationTokenSource(_tries.Deadline, _time);
        using var pushing = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _abort.Token);
        for (var attempt = 1; ; attempt++)
        {
            var started = _time.GetTimestamp();
            var outcome = await TryAsync(batch, pushing.Token).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                // Metrics before counts, here and below: whoever sees a count change finds its metric recorded.
                _metrics.Sent(batch.Count, size, _time.GetElapsedTime(started));
                lock (_lock)
                {
                    (_sent, _bytes) = (_sent + batch.Count, _bytes + size);
                    _breaker.Succeeded();
                }

                return;
            }

            var wait = Backoff.Before(attempt, _tries.FirstBackoff, _tries.Deadline, outcome.RetryAfter);
            var why = !outcome.Retryable ? null
                : probe ? "the circuit breaker's probe"
                : attempt >= maxAttempts ? $"gave up after {PushTries.Attempts(attempt)}"
                : _time.GetUtcNow() + wait > giveUpAt ? $"the next try would pass the deadline of {PushTries.Seconds(_tries.Deadline)}"
                : await SleepAsync(wait, pushing.Token).ConfigureAwait(false) ? ""
                : _abort.IsCancellationRequested ? "delivery stopped" : $"deadline of {PushTries.Seconds(_tries.Deadline)} passed";
            if (why != "")
            {
                Fail(batch.Count, outcome.Failure!, why, serverTrouble: outcome.Retryable || deadline.IsCancellationRequested);
                return;
            }

            _metrics.Retried();
            lock (_lock)
            {
                _retried++;
            }
        }
    }

    /// <summary>One try; the batch's deadline or a stop cut short end it as a failure that is not tried again.</summary>
    private async Task<PushOutcome> TryAsync(List<PushSeries> batch, CancellationToken pushing)
    {
        try
        {
            return await PushTries.OnceAsync(_sender, batch, _tries.AttemptTimeout, _time, pushing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var why = _abort.IsCancellationRequested ? "delivery stopped" : $"no answer before the deadline of {PushTries.Seconds(_tries.Deadline)}";
            return new PushOutcome(why, Retryable: false, RetryAfter: null);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A sender's bug must not end the loop, or every later profile would pile up unsent.
            return new PushOutcome($"internal error: {error.Message}", Retryable: false, RetryAfter: null);
        }
    }

    /// <summary>Waits before another try; false when the deadline or a stop ended the wait.</summary>
    private async Task<bool> SleepAsync(TimeSpan wait, CancellationToken pushing)
    {
        lock (_lock)
        {
            _sleepingUntil = _time.GetUtcNow() + wait;
        }

        try
        {
            await Task.Delay(wait, _time, pushing).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            lock (_lock)
            {
                _sleepingUntil = null;
            }
        }
    }

    /// <param name="serverTrouble">The server is down or overwhelmed, as opposed to refusing this batch: the breaker counts it.</param>
    private void Fail(int profiles, string failure, string? why, bool serverTrouble)
    {
        _metrics.Failed(profiles);
        DateTimeOffset? openUntil;
        lock (_lock)
        {
            _failed += profiles;
            openUntil = serverTrouble && _breaker.Failed(_time.GetUtcNow()) ? _breaker.OpenUntil : null;
        }

        var breaker = openUntil is { } until
            ? $"; sending nothing for {PushTries.Seconds(until - _time.GetUtcNow())} (circuit breaker open)"
            : "";
        _log($"{_sender.Endpoint}: {failure}{(why is null ? "" : $" ({why})")}; {Profiles(profiles)} not pushed{breaker}");
    }

    private void Drop(int profiles, string reason, string why)
    {
        if (profiles > 0)
        {
            _metrics.Dropped(profiles, reason);
            _log($"{Profiles(profiles)} dropped: {why}");
        }
    }

    private static string Profiles(int count) => count == 1 ? "1 profile" : $"{count} profiles";
}
