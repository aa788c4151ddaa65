namespace LeakyService;

public readonly record struct PriceTick(long Time, long PriceCents);
