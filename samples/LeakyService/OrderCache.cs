namespace LeakyService;

/// <summary>Leak 1, the cache that never evicts: every order ever asked for stays in memory.</summary>
public static class OrderCache
{
    private const int LinesPerOrder = 200;
    private static readonly Dictionary<int, Order> Orders = [];
    private static readonly Lock Guard = new();

    public static Order Get(int id)
    {
        lock (Guard)
        {
            if (!Orders.TryGetValue(id, out var order))
            {
                order = Load(id);
                Orders[id] = order;
            }

            return order;
        }
    }

    private static Order Load(int id)
    {
        var lines = new OrderLine[LinesPerOrder];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new OrderLine(Sku: (id * 1000L) + i, PriceCents: 100 + (i * 7 % 900), Quantity: 1 + (i % 5));
        }

        return new Order(id, lines);
    }
}
