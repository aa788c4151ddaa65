using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>
/// (a) How much slower an allocation-heavy app runs while a tracer samples it, for each tracer side by side in one run
/// on the same app: operations per second in windows of the same length without a tracer and with each, alternated
/// so that a machine growing busier or quieter weighs on all. A traced window starts 2 s after the tracer (once its
/// session surely runs) and ends 1 s before it stops tracing; its work after that (reading the trace) falls outside.
/// </summary>
internal static class AllocationOverhead
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SessionStart = TimeSpan.FromSeconds(2);

    /// <param name="hashes">How much work the target does between allocations, to allocate less per second.</param>
    public static void Measure(int hashes, int rounds, TimeSpan window, params Tracer[] tracers)
    {
        using var target = TargetProcess.Start("alloc-target", $"{hashes}");
        var counter = new OperationCounter(target.Output, target.Id);
        Thread.Sleep(Warmup);
        var without = new List<Rate>();
        var with = tracers.Select(_ => new List<Rate>()).ToArray();
        var output = Path.Combine(Path.GetTempPath(), $"collector-bench-{Environment.ProcessId}.alloc-overhead");
        for (var round = 0; round < rounds; round++)
        {
            var start = counter.Elapsed;
            Thread.Sleep(window);
            without.Add(counter.Between(start, counter.Elapsed));
            for (var i = 0; i < tracers.Length; i++)
            {
                with[i].Add(Traced(tracers[i], target.Id, counter, window, output));
            }
        }

        File.Delete(output + ".pb.gz");
        File.Delete(output + ".nettrace");
        var baseline = Median(without.Select(r => r.OperationsPerSecond));
        var allocated = Median(without.Select(r => r.BytesPerSecond)) / 1024 / 1024;
        Console.WriteLine();
        Console.WriteLine($"(a) an allocation-heavy app ({allocated:0} MB/s allocated, {rounds} rounds of {window.TotalSeconds:0} s each way)");
        Console.WriteLine();
        var baselineCpu = Median(without.Select(r => r.CpuMicrosecondsPerOperation));
        Console.WriteLine("| | ops/s (median) | slowdown | target's CPU µs/op (median) | CPU added | ops/s, every round |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| without a tracer | {baseline:N0} | | {baselineCpu:0.00} | | {Rounds(without)} |");
        for (var i = 0; i < tracers.Length; i++)
        {
            var traced = Median(with[i].Select(r => r.OperationsPerSecond));
            var cpu = Median(with[i].Select(r => r.CpuMicrosecondsPerOperation));
            Console.WriteLine($"| `{tracers[i].Name}` | {traced:N0} | {(1 - (traced / baseline)) * 100:0.0}% | {cpu:0.00} | "
                + $"{((cpu / baselineCpu) - 1) * 100:0.0}% | {Rounds(with[i])} |");
        }
    }

    private static Rate Traced(Tracer tracer, int processId, OperationCounter counter, TimeSpan window, string output)
    {
        var duration = SessionStart + window + TimeSpan.FromSeconds(1);
        using var process = Process.Start(tracer.StartInfo(processId, duration, output))!;
        var errors = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Thread.Sleep(SessionStart);
        var start = counter.Elapsed;
        Thread.Sleep(window);
        var rate = counter.Between(start, counter.Elapsed);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tracer.Name} failed: {stdout.Result}{errors.Result}");
        }

        return rate;
    }

    private static string Rounds(List<Rate> rates) =>
        string.Join(", ", rates.Select(r => r.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
