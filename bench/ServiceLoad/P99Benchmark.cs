using System.Diagnostics;
using System.Globalization;

namespace ServiceLoad;

/// <summary>
/// Does a mode change the p99 latency of LeakyService by under 5% against the first mode (the baseline)? Each round
/// starts a fresh service for each mode, in the order given on even rounds and the reverse on odd ones (ABBA: a machine
/// growing busier or quieter weighs on both alike), warms it up under the load, then measures it under an open loop
/// of both workloads at once at fixed rates. Every answered request is kept in a histogram; each mode's p99 is read
/// from all its rounds pooled, and compared with the baseline's by a paired bootstrap over rounds.
/// </summary>
internal sealed class P99Benchmark(string[] modes, int rounds, TimeSpan warmUp, TimeSpan measured, Workload[] workloads)
{
    /// <summary>The push's default window (<c>PprofPushOptions.Interval</c>): latencies are also told by second within it.</summary>
    public const int WindowSeconds = 15;

    private const double Bar = 0.05;

    private readonly Dictionary<string, List<Run>> _runs = modes.ToDictionary(m => m, _ => new List<Run>());

    public async Task RunAsync(IReadOnlyDictionary<string, string[]> arguments)
    {
        Console.WriteLine(
            $"{rounds} rounds (ABBA), each mode in a fresh service: {warmUp.TotalSeconds:0} s of warm-up, then {measured.TotalSeconds:0} s measured, "
            + $"open loop of {string.Join(" + ", workloads.Select(w => $"{w.PerSecond:0}/s {w.Name}"))}");
        Console.WriteLine("  round mode                   load avg  service CPU  p99 (requests failed)");
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in round % 2 == 0 ? modes : modes.Reverse())
            {
                var run = await MeasureAsync(arguments[mode]);
                _runs[mode].Add(run);
                Console.WriteLine(
                    $"  {round + 1,5} {mode,-22} {run.Load,8}  {run.CpuCores,6:0.00} cores  "
                    + string.Join("  ", workloads.Select((w, i) => $"{w.Name} {Ms(run.Latencies[i].Quantile(0.99))} ({run.Failed[i]})")));
            }
        }

        Report();
    }

    private async Task<Run> MeasureAsync(string[] arguments)
    {
        using var service = await Service.StartAsync(arguments);
        var load = new OpenLoad(service.Client, workloads);
        await load.RunAsync(warmUp, (_, _, _) => { });
        var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var latencies = workloads.Select(_ => new LatencyHistogram()).ToArray();
        var bySecond = workloads.Select(_ => Enumerable.Range(0, WindowSeconds).Select(_ => new LatencyHistogram()).ToArray()).ToArray();
        var cpuBefore = service.CpuTime;
        var clock = Stopwatch.StartNew();
        var failed = await load.RunAsync(measured, (workload, sent, took) =>
        {
            latencies[workload].Record(took);
            var second = (int)(Stopwatch.GetElapsedTime(service.Listening, sent).Ticks / TimeSpan.TicksPerSecond % WindowSeconds);
            bySecond[workload][second].Record(took);
        });
        var cpu = (service.CpuTime - cpuBefore) / clock.Elapsed;
        return new Run(latencies, bySecond, failed, loadAverage, cpu);
    }

    private void Report()
    {
        var baseline = modes[0];
        Console.WriteLine();
        Console.WriteLine($"p99 of all {rounds} rounds pooled; against {baseline}: the ratio, its 95% interval (paired bootstrap over rounds), the median of the rounds' ratios [its 95% interval]:");
        foreach (var mode in modes)
        {
            var runs = _runs[mode];
            Console.WriteLine(
                $"  {mode,-22} service CPU {Median(runs.Select(r => r.CpuCores)):0.00} cores (median)  load average {string.Join(", ", runs.Select(r => r.Load))}");
            for (var w = 0; w < workloads.Length; w++)
            {
                var p99 = LatencyHistogram.Quantile(runs.Select(r => r.Latencies[w]), 0.99);
                var p50 = LatencyHistogram.Quantile(runs.Select(r => r.Latencies[w]), 0.5);
                var line = $"    {workloads[w].Name,-22} p50 {Ms(p50),8}  p99 {Ms(p99),8}  failed {runs.Sum(r => r.Failed[w])} of {runs.Sum(r => r.Latencies[w].Count + r.Failed[w])}";
                if (mode != baseline)
                {
                    var ratio = RatioEstimate.Of([.. _runs[baseline].Select(r => r.Latencies[w])], [.. runs.Select(r => r.Latencies[w])], 0.99);
                    line += $"\n      p99 ratio {ratio.Pooled:0.000} [{ratio.Low:0.000}, {ratio.High:0.000}], rounds' median {ratio.RoundMedian:0.000} [{ratio.RoundLow:0.000}, {ratio.RoundHigh:0.000}]"
                        + $" — within {Bar:0%}: {ratio.Verdict(Bar)}";
                }

                Console.WriteLine(line);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"p99 by second of the push's {WindowSeconds} s window (since the service started), all rounds pooled:");
        for (var w = 0; w < workloads.Length; w++)
        {
            Console.WriteLine($"  {workloads[w].Name,-22} " + string.Join(" ", Enumerable.Range(0, WindowSeconds).Select(s => $"{s,5}")));
            foreach (var mode in modes)
            {
                Console.WriteLine($"    {mode,-20} "
                    + string.Join(" ", Enumerable.Range(0, WindowSeconds).Select(s =>
                        $"{LatencyHistogram.Quantile(_runs[mode].Select(r => r.BySecond[w][s]), 0.99).TotalMilliseconds,5:0.00}")));
            }
        }
    }

    private static string Ms(TimeSpan latency) => latency.TotalMilliseconds.ToString("0.000 ms", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }

    /// <param name="CpuCores">The service's CPU time over the measured time: how many cores it kept busy.</param>
    private sealed record Run(LatencyHistogram[] Latencies, LatencyHistogram[][] BySecond, long[] Failed, string Load, double CpuCores);
}
