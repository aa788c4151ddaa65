using System.Runtime.InteropServices;

namespace LeakyApp;

/// <summary>
/// Memory outside the GC, with a small flat GC heap: <c>--native-held</c> holds 300 MB of native memory from the
/// start (RSS far above the heap, not a leak); <c>--native-growth</c> adds 8 MB of it every 200 ms, up to 1.5 GB, so
/// that a LeakyApp left running cannot take the machine down.
/// </summary>
public static class NativeAllocations
{
    private const int ChunkBytes = 8 * 1024 * 1024;
    private const int MaxChunks = 192;

    public static void Run(bool grow)
    {
        var chunks = new List<IntPtr>();
        for (var i = 0; i < (grow ? 1 : 300 / 8); i++)
        {
            chunks.Add(Touched());
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        for (var tick = 1; ; tick++)
        {
            // A little garbage, as a service makes between requests: the heap stays flat, and the app is not idle
            // (on an idle app the runtime sends a heap walk's events late, when a thread of the app writes again).
            GC.KeepAlive(new string('x', 1000));
            Thread.Sleep(10);
            if (grow && tick % 20 == 0 && chunks.Count < MaxChunks)
            {
                chunks.Add(Touched());
            }
        }
    }

    /// <summary>A chunk of native memory, each of its pages written to so that it is resident.</summary>
    private static IntPtr Touched()
    {
        var chunk = Marshal.AllocHGlobal(ChunkBytes);
        for (var offset = 0; offset < ChunkBytes; offset += 4096)
        {
            Marshal.WriteByte(chunk, offset, 1);
        }

        return chunk;
    }
}
