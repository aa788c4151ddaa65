namespace LeakyService;

/// <summary>
/// Leak 4, the static event: every subscriber is held by the event's delegate list for as long as the app runs,
/// because nothing ever unsubscribes.
/// </summary>
public static class PriceFeed
{
    private static int _subscribers;

    public static event EventHandler<long>? Changed;

    public static string Subscribe(PriceWatcher watcher)
    {
        Changed += watcher.OnPriceChanged;
        return $"subscribed ({Interlocked.Increment(ref _subscribers)} watchers)\n";
    }

    public static string Publish(long priceCents)
    {
        Changed?.Invoke(null, priceCents);
        return $"published {priceCents}\n";
    }
}
