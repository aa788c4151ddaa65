using System.Runtime.CompilerServices;

namespace InliningApp;

/// <summary>A cache that never evicts, filled from an async method through two inlined helpers.</summary>
public static class QuoteCache
{
    private static readonly Dictionary<int, char[]> Quotes = [];

    public static async Task Refresh(int round)
    {
        await Task.Yield();
        Remember(round);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Remember(int round) => Quotes[round] = BuildQuote(round);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char[] BuildQuote(int round) => new char[2048 + (round & 1)];
}
