namespace Pprof.Push;

/// <summary>Trying a sender: one try bounded in time, and a one-off push tried again within a deadline.</summary>
public static class PushTries
{
    /// <summary>One try that may take <paramref name="timeout"/> at most: running out of it is a retryable failure.</summary>
    public static async Task<PushOutcome> OnceAsync(
        IPushSender sender, IReadOnlyList<PushSeries> batch, TimeSpan timeout, TimeProvider time, CancellationToken cancel)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel, limit.Token);
        try
        {
            return await sender.SendAsync(batch, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new PushOutcome($"no answer within {Seconds(timeout)}", Retryable: true, RetryAfter: null);
        }
    }

    /// <summary>
    /// Sends the batch, tried again on retryable failures with backoff until <see cref="PushOptions.MaxAttempts"/> or
    /// <see cref="PushOptions.Deadline"/> run out; returns the tries it took, or throws <see cref="PushException"/>.
    /// </summary>
    public static async Task<int> PushAsync(
        IPushSender sender, PushOptions options, IReadOnlyList<PushSeries> batch, CancellationToken cancel = default)
    {
        var time = options.TimeProvider;
        using var deadline = new CancellationTokenSource(options.Deadline, time);
        using var pushing = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline.Token);
        for (var attempt = 1; ; attempt++)
        {
            PushOutcome outcome;
            try
            {
                outcome = await OnceAsync(sender, batch, options.AttemptTimeout, time, pushing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new PushException($"{sender.Endpoint}: no answer before the deadline of {Seconds(options.Deadline)}");
            }

            if (outcome.Succeeded)
            {
                return attempt;
            }

            if (!outcome.Retryable)
            {
                throw new PushException($"{sender.Endpoint}: {outcome.Failure}");
            }

            if (attempt == options.MaxAttempts)
            {
                throw new PushException($"{sender.Endpoint}: {outcome.Failure} (gave up after {Attempts(attempt)})");
            }

            try
            {
                var wait = Backoff.Before(attempt, options.FirstBackoff, options.Deadline, outcome.RetryAfter);
                await Task.Delay(wait, time, pushing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new PushException(
                    $"{sender.Endpoint}: {outcome.Failure} (deadline of {Seconds(options.Deadline)} passed after {Attempts(attempt)})");
            }
        }
    }

    public static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###}s";
}
