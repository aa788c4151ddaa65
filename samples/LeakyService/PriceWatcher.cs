namespace LeakyService;

/// <summary>A subscriber that keeps the last prices it saw: about 8 KB of <see cref="PriceTick"/>s.</summary>
public sealed class PriceWatcher
{
    private readonly PriceTick[] _history = new PriceTick[512];
    private int _next;

    public void OnPriceChanged(object? sender, long priceCents)
    {
        _history[_next] = new PriceTick(DateTime.UtcNow.Ticks, priceCents);
        _next = (_next + 1) % _history.Length;
    }
}
