namespace ClassicLeaksApp;

/// <summary>Not a leak: a least-recently-used cache at its limit, each new entry evicting the oldest.</summary>
public static class RecentQuotes
{
    private const int Capacity = 200;

    private static readonly LinkedList<byte[]> Order = new();

    public static void Remember(int tick)
    {
        Order.AddFirst(new byte[32 * 1024]);
        if (Order.Count > Capacity)
        {
            Order.RemoveLast();
        }
    }
}
