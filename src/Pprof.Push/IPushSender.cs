namespace Pprof.Push;

/// <summary>
/// One try at handing a batch of profiles to a profile store, in whatever protocol it speaks (Pyroscope's Connect push,
/// its legacy ingest, OTLP). Retries, timeouts, the queue and the circuit breaker belong to <see cref="ProfileDelivery"/>,
/// which drives any sender the same way.
/// </summary>
public interface IPushSender : IDisposable
{
    /// <summary>Where the profiles go, for messages.</summary>
    Uri Endpoint { get; }

    /// <summary>
    /// Sends the batch once. Failures the server or the network report come back as the outcome; only
    /// <paramref name="cancel"/> (the try's time is up, or delivery stops) ends it with <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<PushOutcome> SendAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel);
}
