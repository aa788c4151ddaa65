namespace ClassicLeaksApp;

/// <summary>Not a leak: reference data loaded once, at one tick well after the start, and kept from then on.</summary>
public static class ReferenceData
{
    // With 200 warm-up ticks and 16 ticks between snapshots, as the tests run it: between the fourth and the fifth.
    public const int LoadAtTick = 260;

    private static readonly List<byte[]> Tables = [];

    public static void LoadOnce(int tick)
    {
        if (tick == LoadAtTick)
        {
            for (var table = 0; table < 64; table++)
            {
                Tables.Add(new byte[64 * 1024]);
            }
        }
    }
}
