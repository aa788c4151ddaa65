using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>
/// (a) How much slower an allocation-heavy app runs while <c>collect allocs</c> (or <c>collect heap --alloc-stacks</c>,
/// which also follows every GC's survivors) samples it: operations per second in
/// windows of the same length without and with the collector, alternated so that a machine growing busier or quieter
/// weighs on both. A traced window starts 2 s after the collector (once its session surely runs) and ends 1 s before
/// the collector stops tracing; the collector's work after that (reading the trace) falls outside every window.
/// </summary>
internal static class AllocationOverhead
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SessionStart = TimeSpan.FromSeconds(2);

    /// <param name="hashes">How much work the target does between allocations, to allocate less per second.</param>
    /// <param name="collection">The collect command's kind and options, such as <c>allocs</c>.</param>
    public static void Measure(int hashes, int rounds, TimeSpan window, params string[] collection)
    {
        using var target = TargetProcess.Start("alloc-target", $"{hashes}");
        var counter = new OperationCounter(target.Output);
        Thread.Sleep(Warmup);
        var without = new List<Rate>();
        var with = new List<Rate>();
        var output = Path.Combine(Path.GetTempPath(), $"collector-bench-{Environment.ProcessId}.alloc-overhead.pb.gz");
        var command = $"collect {string.Join(' ', collection)}";
        for (var round = 0; round < rounds; round++)
        {
            var start = counter.Elapsed;
            Thread.Sleep(window);
            without.Add(counter.Between(start, counter.Elapsed));

            var duration = SessionStart + window + TimeSpan.FromSeconds(1);
            var seconds = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            string[] collect = ["collect", .. collection, "-p", $"{target.Id}", "-d", $"{seconds}s", "-o", output];
            using var collector = Process.Start(Dotnet.StartInfo(Dotnet.Pprof, collect))!;
            Thread.Sleep(SessionStart);
            start = counter.Elapsed;
            Thread.Sleep(window);
            with.Add(counter.Between(start, counter.Elapsed));
            collector.WaitForExit();
            if (collector.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command} failed: {collector.StandardError.ReadToEnd()}");
            }
        }

        File.Delete(output);
        var baseline = Median(without.Select(r => r.OperationsPerSecond));
        var traced = Median(with.Select(r => r.OperationsPerSecond));
        var allocated = Median(without.Select(r => r.BytesPerSecond)) / 1024 / 1024;
        Console.WriteLine();
        var setup = $"{allocated:0} MB/s allocated, {rounds} rounds of {window.TotalSeconds:0} s each way";
        Console.WriteLine($"(a) {command} on an allocation-heavy app ({setup})");
        Console.WriteLine();
        Console.WriteLine("| | ops/s (median) | every round |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| without the collector | {baseline:N0} | {Rounds(without)} |");
        Console.WriteLine($"| with `{command}` | {traced:N0} | {Rounds(with)} |");
        Console.WriteLine($"| slowdown | {(1 - (traced / baseline)) * 100:0.0}% | |");
    }

    private static string Rounds(List<Rate> rates) =>
        string.Join(", ", rates.Select(r => r.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
