namespace LeakyService;

public readonly record struct OrderLine(long Sku, long PriceCents, int Quantity);
