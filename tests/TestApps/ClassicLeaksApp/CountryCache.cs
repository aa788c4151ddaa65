namespace ClassicLeaksApp;

/// <summary>Not a leak: a cache of a fixed set of keys, which fills up over the first ticks and then stays as it is.</summary>
public static class CountryCache
{
    public const int Countries = 250;

    private static readonly Dictionary<int, byte[]> Entries = [];

    public static void Lookup(int tick)
    {
        var country = tick % Countries;
        if (!Entries.ContainsKey(country))
        {
            Entries[country] = new byte[32 * 1024];
        }
    }
}
