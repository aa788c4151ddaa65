namespace Pprof.CollectorBench;

/// <summary>
/// An app holding a given number of bytes of live objects: half as many small objects (items of three objects
/// each: the item, its name and a small array, chained in runs of 1,000 and held by arrays of 65,536), half as byte
/// arrays of 64 KiB to 1 MiB. It prints "ready" and the GC heap's size, then waits until its stdin closes.
/// </summary>
internal static class HeapTarget
{
    private const int ItemsPerChunk = 65_536;
    private const int RunLength = 1_000;

    private static readonly List<Item[]> Chunks = [];
    private static readonly List<byte[]> Arrays = [];

    public static void Run(long bytes)
    {
        var random = new Random(42);
        long arrayBytes = 0;
        while (arrayBytes < bytes / 2)
        {
            var array = new byte[random.Next(64 * 1024, 1024 * 1024)];
            Arrays.Add(array);
            arrayBytes += array.Length;
        }

        var start = GC.GetTotalMemory(forceFullCollection: true);
        long id = 0;
        while (GC.GetTotalMemory(forceFullCollection: false) - start < bytes / 2)
        {
            var chunk = new Item[ItemsPerChunk];
            for (var i = 0; i < chunk.Length; i++, id++)
            {
                chunk[i] = new Item(id, $"item-{id}", [(int)id, 1, 2, 3], i % RunLength == 0 ? null : chunk[i - 1]);
            }

            Chunks.Add(chunk);
        }

        GC.Collect();
        Console.WriteLine($"ready {GC.GetGCMemoryInfo().HeapSizeBytes}");
        Console.In.ReadToEnd();
    }

    private sealed record Item(long Id, string Name, int[] Values, Item? Previous);
}
