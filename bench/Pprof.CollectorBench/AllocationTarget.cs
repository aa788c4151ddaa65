using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pprof.CollectorBench;

/// <summary>
/// An allocation-heavy app: each operation builds a small order (strings, a list, records), formats it and keeps it
/// in a ring of recent ones, 32 frames deep as in a web request; then, to allocate less per second, it hashes the
/// order's text as many times as told. Every 100 ms it prints the operations done and the bytes allocated so far.
/// </summary>
internal static class AllocationTarget
{
    private const int StackDepth = 32;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);
    private static readonly Order?[] Recent = new Order?[4096];

    public static void Run(int hashes)
    {
        Console.WriteLine("ready");
        Nested(StackDepth, hashes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Nested(int depth, int hashes)
    {
        if (depth > 0)
        {
            Nested(depth - 1, hashes);
            return;
        }

        var clock = Stopwatch.StartNew();
        var nextReport = ReportInterval;
        for (long ops = 1; ; ops++)
        {
            Recent[ops % Recent.Length] = Operation(ops, hashes);
            if (ops % 256 == 0 && clock.Elapsed >= nextReport)
            {
                Console.WriteLine($"{ops} {GC.GetTotalAllocatedBytes()}");
                nextReport += ReportInterval;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Order Operation(long id, int hashes)
    {
        var lines = new List<OrderLine>(4);
        for (var i = 0; i < 4; i++)
        {
            lines.Add(new OrderLine($"sku-{id % 1000}-{i}", (int)(id % 7) + i, 9.99m * i));
        }

        var summary = string.Join(';', lines.Select(line => $"{line.Sku}x{line.Quantity}"));
        var checksum = 0;
        for (var i = 0; i <= hashes; i++)
        {
            checksum ^= summary.GetHashCode(StringComparison.Ordinal);
        }

        return new Order(id, $"customer-{id % 5000}", lines, checksum);
    }

    private sealed record OrderLine(string Sku, int Quantity, decimal Price);

    private sealed record Order(long Id, string Customer, List<OrderLine> Lines, int Checksum);
}
