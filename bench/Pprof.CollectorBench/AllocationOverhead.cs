using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>
/// (a) How much an allocation-heavy app loses while a tracer traces it, for each tracer side by side in one run on
/// the same app. Each round has a window without a tracer and one under each tracer, in the order none, A, B, … on
/// even rounds and the reverse on odd ones (ABBA), so that a machine growing busier or quieter weighs on all alike;
/// each traced window is compared with the untraced window of its own round, so that load that drifts between rounds
/// cancels. A traced window starts 3 s after the tracer (once its session surely runs, on a loaded machine too) and
/// ends 1 s before it stops tracing; its work after that (reading the trace) falls outside. The tracer's own CPU
/// time in the window (its process and its children's) is reported too: on two cores it competes with the app.
/// </summary>
internal static class AllocationOverhead
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SessionStart = TimeSpan.FromSeconds(3);

    /// <param name="hashes">How much work the target does between allocations, to allocate less per second.</param>
    public static void Measure(int hashes, int rounds, TimeSpan window, params Tracer[] tracers)
    {
        using var target = TargetProcess.Start("alloc-target", $"{hashes}");
        var counter = new OperationCounter(target.Output, target.Id);
        Thread.Sleep(Warmup);
        var without = new List<Rate>();
        var with = tracers.Select(_ => new List<Rate>()).ToArray();
        var output = Path.Combine(Path.GetTempPath(), $"collector-bench-{Environment.ProcessId}.alloc-overhead");
        var load = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            int?[] order = [null, .. Enumerable.Range(0, tracers.Length).Cast<int?>()];
            if (round % 2 == 1)
            {
                Array.Reverse(order);
            }

            load.Add(LoadAverage());
            foreach (var tracer in order)
            {
                if (tracer is { } i)
                {
                    with[i].Add(Traced(tracers[i], target.Id, counter, window, output));
                }
                else
                {
                    var start = counter.Elapsed;
                    Thread.Sleep(window);
                    without.Add(counter.Between(start, counter.Elapsed));
                }
            }

            Console.Error.WriteLine($"  round {round + 1}/{rounds} done, load average {load[^1]:0.0}");
        }

        File.Delete(output + ".pb.gz");
        File.Delete(output + ".nettrace");
        Report(hashes, rounds, window, tracers, without, with, load);
    }

    private static void Report(int hashes, int rounds, TimeSpan window, Tracer[] tracers, List<Rate> without, List<Rate>[] with, List<double> load)
    {
        var allocated = Median(without.Select(r => r.BytesPerSecond)) / 1024 / 1024;
        Console.WriteLine();
        Console.WriteLine($"(a) an allocation-heavy app, {allocated:0} MB/s allocated untraced{(hashes > 0 ? $" ({hashes} hashes per operation)" : "")}; "
            + $"{rounds} interleaved rounds of {window.TotalSeconds:0} s windows; load average {load.Min():0.0}–{load.Max():0.0} (median {Median(load):0.0})");
        Console.WriteLine();
        Console.WriteLine("Medians over the rounds, with the spread between the first and third quartiles; slowdown and CPU added are");
        Console.WriteLine("each round's traced window against that round's untraced one.");
        Console.WriteLine();
        Console.WriteLine("| | ops/s | slowdown | app's CPU µs/op | CPU added | tracer's CPU in the window (% of a core) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| without a tracer | {Spread(without.Select(r => r.OperationsPerSecond), "N0")} | | {Spread(without.Select(r => r.CpuMicrosecondsPerOperation), "0.000")} | | |");
        for (var i = 0; i < tracers.Length; i++)
        {
            var slowdown = with[i].Select((r, round) => (1 - (r.OperationsPerSecond / without[round].OperationsPerSecond)) * 100);
            var cpu = with[i].Select((r, round) => ((r.CpuMicrosecondsPerOperation / without[round].CpuMicrosecondsPerOperation) - 1) * 100);
            Console.WriteLine($"| `{tracers[i].Name}` | {Spread(with[i].Select(r => r.OperationsPerSecond), "N0")} | {Spread(slowdown, "0.0", "%")} | "
                + $"{Spread(with[i].Select(r => r.CpuMicrosecondsPerOperation), "0.000")} | {Spread(cpu, "0.0", "%")} | "
                + $"{Spread(with[i].Select(r => r.TracerCpuShare * 100), "0.0")} |");
        }

        // Each tracer against the first, round by round: the difference the comparison is about, drift cancelled.
        for (var i = 1; i < tracers.Length; i++)
        {
            var ops = with[0].Select((r, round) => ((r.OperationsPerSecond / with[i][round].OperationsPerSecond) - 1) * 100);
            var cpu = with[0].Select((r, round) => ((r.CpuMicrosecondsPerOperation / with[i][round].CpuMicrosecondsPerOperation) - 1) * 100);
            var faster = with[0].Zip(with[i]).Count(pair => pair.First.OperationsPerSecond >= pair.Second.OperationsPerSecond);
            Console.WriteLine();
            Console.WriteLine($"`{tracers[0].Name}` against `{tracers[i].Name}`, round by round: ops/s {Spread(ops, "+0.0;-0.0", "%")}, "
                + $"app's CPU per op {Spread(cpu, "+0.0;-0.0", "%")}; more ops/s in {faster} of {rounds} rounds");
        }

        Console.WriteLine();
        Console.WriteLine("ops/s, every round: " + string.Join("; ", new[] { ("none", without) }.Concat(tracers.Select((t, i) => (t.Name, with[i])))
            .Select(s => $"{s.Item1}: {string.Join(", ", s.Item2.Select(r => r.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}")));
    }

    private static Rate Traced(Tracer tracer, int processId, OperationCounter counter, TimeSpan window, string output)
    {
        var duration = SessionStart + window + TimeSpan.FromSeconds(1);
        using var process = Process.Start(tracer.StartInfo(processId, duration, output))!;
        var errors = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Thread.Sleep(SessionStart);
        var start = counter.Elapsed;
        var tracerCpu = Dotnet.TreeCpuTime(process.Id);
        Thread.Sleep(window);
        var rate = counter.Between(start, counter.Elapsed) with
        {
            TracerCpuShare = (Dotnet.TreeCpuTime(process.Id) - tracerCpu) / (counter.Elapsed - start),
        };
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tracer.Name} failed: {stdout.Result}{errors.Result}");
        }

        return rate;
    }

    /// <summary>The median and the first and third quartiles: <c>12.3% (10.1–14.0%)</c>.</summary>
    private static string Spread(IEnumerable<double> values, string format, string unit = "")
    {
        var sorted = values.Order().ToArray();
        string F(double value) => value.ToString(format, CultureInfo.InvariantCulture) + unit;
        return $"{F(Quantile(sorted, 0.5))} ({F(Quantile(sorted, 0.25))} to {F(Quantile(sorted, 0.75))})";
    }

    private static double Median(IEnumerable<double> values) => Quantile([.. values.Order()], 0.5);

    /// <summary>Linear interpolation between the closest ranks.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }

    /// <summary>The machine's one-minute load average, from /proc/loadavg.</summary>
    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
