using System.Runtime.CompilerServices;

namespace Net8App;

/// <summary>Allocates 32 KiB buffers and keeps the latest thousand: steady allocation, bounded heap.</summary>
public static class Buffers
{
    private const int Kept = 1_000;
    private static readonly Queue<byte[]> Recent = new();

    // Not inlined, so that this method is the allocation site the profiles name.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Fill()
    {
        Recent.Enqueue(new byte[32 * 1024]);
        if (Recent.Count > Kept)
        {
            Recent.Dequeue();
        }
    }
}
