namespace LeakyApp;

/// <summary>
/// No leak: a ring of 100,000 buffers of 1 kB where each new one replaces a random old one, so that objects live long
/// enough to reach gen 2 and die there; the GC collects gen 2 in the background, as it does for a service's caches.
/// </summary>
public static class Gen2Churn
{
    private const int Slots = 100_000;

    public static void Run()
    {
        var ring = new byte[Slots][];
        var random = new Random(12);
        for (var i = 0; i < Slots; i++)
        {
            ring[i] = new byte[1024];
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        while (true)
        {
            for (var i = 0; i < 2_000; i++)
            {
                ring[random.Next(Slots)] = new byte[1024];
            }

            Thread.Sleep(1);
        }
    }
}
