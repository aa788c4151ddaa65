namespace Pprof.Push;

/// <summary>
/// Stops sending to a server that keeps failing: after a number of failed batches in a row it opens for a cooldown,
/// then lets one batch through with a single try (a probe); a failed probe opens it again for twice as long, up to a
/// maximum, and any success closes it. Not thread-safe.
/// </summary>
internal sealed class CircuitBreaker(DeliveryOptions options)
{
    private int _failuresInARow;
    private TimeSpan _cooldown = options.BreakerCooldown;

    /// <summary>Until when nothing may be sent; null while closed.</summary>
    public DateTimeOffset? OpenUntil { get; private set; }

    /// <summary>The next batch is a probe: one try only.</summary>
    public bool Probing => _failuresInARow >= options.BreakerFailures;

    public void Succeeded()
    {
        _failuresInARow = 0;
        _cooldown = options.BreakerCooldown;
        OpenUntil = null;
    }

    /// <returns>True when this failure opened the breaker.</returns>
    public bool Failed(DateTimeOffset now)
    {
        var wasProbe = Probing;
        _failuresInARow++;
        if (!Probing)
        {
            return false;
        }

        if (wasProbe)
        {
            _cooldown = _cooldown * 2 < options.MaxBreakerCooldown ? _cooldown * 2 : options.MaxBreakerCooldown;
        }

        OpenUntil = now + _cooldown;
        return true;
    }

    /// <summary>Closes the way for the probe once the cooldown is over.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        if (OpenUntil is { } until && now >= until)
        {
            OpenUntil = null;
        }

        return OpenUntil is not null;
    }
}
