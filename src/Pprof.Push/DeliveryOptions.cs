namespace Pprof.Push;

/// <summary>How <see cref="ProfileDelivery"/> keeps a slow or absent server from hurting the process that pushes.</summary>
public sealed class DeliveryOptions
{
    public const int DefaultMaxQueuedProfiles = 8;
    public const long DefaultMaxQueuedBytes = 16 * 1024 * 1024;
    public const int DefaultBreakerFailures = 3;
    public static readonly TimeSpan DefaultBreakerCooldown = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxBreakerCooldown = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultFlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Profiles waiting to be sent, at most; the oldest is dropped for a new one.</summary>
    public int MaxQueuedProfiles { get; init; } = DefaultMaxQueuedProfiles;

    /// <summary>Bytes of gzipped profiles waiting to be sent, at most; the oldest are dropped for a new one.</summary>
    public long MaxQueuedBytes { get; init; } = DefaultMaxQueuedBytes;

    /// <summary>Batches failed in a row (each after its retries) that open the circuit breaker.</summary>
    public int BreakerFailures { get; init; } = DefaultBreakerFailures;

    /// <summary>How long the breaker first stays open: nothing is sent; it doubles each time a probe fails.</summary>
    public TimeSpan BreakerCooldown { get; init; } = DefaultBreakerCooldown;

    public TimeSpan MaxBreakerCooldown { get; init; } = DefaultMaxBreakerCooldown;

    /// <summary>The store's limit on one profile, uncompressed; larger ones are trimmed (see <see cref="ProfileSizeLimit"/>).</summary>
    public int MaxProfileBytes { get; init; } = ProfileSizeLimit.DefaultMaxBytes;

    /// <summary>How long stopping may spend sending what is queued; what is left is dropped.</summary>
    public TimeSpan FlushTimeout { get; init; } = DefaultFlushTimeout;

    /// <summary>Throws <see cref="PushConfigurationException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (MaxQueuedProfiles < 1 || MaxQueuedBytes < 1)
        {
            throw new PushConfigurationException("the queue must hold at least one profile and one byte");
        }

        if (BreakerFailures < 1 || BreakerCooldown <= TimeSpan.Zero || MaxBreakerCooldown < BreakerCooldown)
        {
            throw new PushConfigurationException("the circuit breaker needs 1 failure or more and a positive cooldown no longer than its maximum");
        }

        if (MaxProfileBytes < 1)
        {
            throw new PushConfigurationException("the profile size limit must be positive");
        }

        if (FlushTimeout < TimeSpan.Zero)
        {
            throw new PushConfigurationException("the flush timeout cannot be negative");
        }
    }
}
