using System.Diagnostics;
using System.Globalization;

namespace ServiceLoad;

/// <summary>
/// Does a mode change the p99 latency of LeakyService by under 5% against the first mode (the baseline)? Each round
/// starts a fresh service for each mode, in the order given on even rounds and the reverse on odd ones (ABBA: a machine
/// growing busier or quieter weighs on both alike), warms it up under the load, then measures it under an open loop
/// of both workloads at once at fixed rates. Every answered request is kept in a histogram; each mode's p99 is read
/// from all its rounds pooled, and compared with the baseline's by a paired bootstrap over rounds. On a shared
/// machine other processes' bursts decide the tail, so the comparison is also made on the quiet seconds only: those
/// in which, and in the second after which, the rest of the machine used at most <see cref="QuietCores"/> of a core.
/// </summary>
internal sealed class P99Benchmark(string[] modes, int rounds, TimeSpan warmUp, TimeSpan measured, Workload[] workloads)
{
    /// <summary>The push's default window (<c>PprofPushOptions.Interval</c>): latencies are also told by second within it.</summary>
    public const int WindowSeconds = 15;

    private const double QuietCores = 0.25;
    private const int MinQuietSeconds = 5;
    private const double Bar = 0.05;

    private readonly Dictionary<string, List<Run>> _runs = modes.ToDictionary(m => m, _ => new List<Run>());

    /// <param name="sideBySide">
    /// Run the modes' services at the same time, each under its own open loop, instead of one after the other: the
    /// other processes' bursts then fall on all of them alike. What one service's profiling costs in CPU slows the
    /// others a little too, so a difference shows somewhat smaller than it is; pauses within a service (such as
    /// suspending its threads to sample their stacks) stay its own.
    /// </param>
    public async Task RunAsync(IReadOnlyDictionary<string, string[]> arguments, bool sideBySide)
    {
        Console.WriteLine(
            $"{rounds} rounds ({(sideBySide ? "the modes side by side" : "ABBA")}), each mode in a fresh service: {warmUp.TotalSeconds:0} s of warm-up, "
            + $"then {measured.TotalSeconds:0} s measured, open loop of {string.Join(" + ", workloads.Select(w => $"{w.PerSecond:0}/s {w.Name}"))}"
            + (sideBySide ? " to each" : ""));
        Console.WriteLine("  round mode                   load avg  service CPU  other processes  quiet s  p99 all seconds (requests failed)  p99 quiet seconds");
        for (var round = 0; round < rounds; round++)
        {
            string[][] order = sideBySide ? [modes] : [.. (round % 2 == 0 ? modes : modes.Reverse()).Select(m => new[] { m })];
            foreach (var together in order)
            {
                var runs = await MeasureAsync([.. together.Select(m => arguments[m])]);
                foreach (var (mode, run) in together.Zip(runs))
                {
                    _runs[mode].Add(run);
                    Console.WriteLine(
                        $"  {round + 1,5} {mode,-22} {run.Load,8}  {run.CpuCores,6:0.00} cores  {run.OthersCores,8:0.00} cores  {run.QuietSeconds,4}/{run.Seconds}  "
                        + string.Join("  ", workloads.Select((w, i) => $"{Ms(run.All[i].Quantile(0.99))} ({run.Failed[i]})"))
                        + "  " + string.Join("  ", workloads.Select((w, i) => run.QuietSeconds > 0 ? Ms(run.Quiet[i].Quantile(0.99)) : "-")));
                }
            }
        }

        Report("all seconds", r => r.All, r => r.AllByPhase, _ => true);
        Report(
            $"quiet seconds (the other processes used at most {QuietCores} of a core; rounds with {MinQuietSeconds} or more in both modes)",
            r => r.Quiet, r => r.QuietByPhase, r => r.QuietSeconds >= MinQuietSeconds);
    }

    /// <summary>Services started with these arguments, warmed up and measured at the same time.</summary>
    private async Task<Run[]> MeasureAsync(string[][] arguments)
    {
        var services = await Task.WhenAll(arguments.Select(Service.StartAsync));
        try
        {
            var loads = services.Select(service => new OpenLoad(service.Client, workloads)).ToArray();
            var seconds = (int)Math.Ceiling(measured.TotalSeconds);
            var bySecond = services.Select(_ => workloads.Select(_ => Enumerable.Range(0, seconds + 1).Select(_ => new LatencyHistogram()).ToArray()).ToArray()).ToArray();
            var others = Enumerable.Repeat(double.NaN, seconds + 1).ToArray();
            var start = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            var until = start + (long)(measured.TotalSeconds * Stopwatch.Frequency);
            var running = loads.Select((load, i) => load.RunAsync(start, until, (workload, sent, took) =>
                bySecond[i][workload][Math.Min(seconds, (int)(Stopwatch.GetElapsedTime(start, sent).Ticks / TimeSpan.TicksPerSecond))].Record(took))).ToArray();
            var untilMeasured = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start);
            await Task.Delay(untilMeasured > TimeSpan.Zero ? untilMeasured : TimeSpan.Zero);
            var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            using var sampling = new CancellationTokenSource();
            var cpuBefore = services.Select(s => s.CpuTicks).ToArray();
            var sampler = SampleOthersAsync(services, others, sampling.Token);
            var failed = await Task.WhenAll(running);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            return [.. services.Select((service, i) =>
                RunOf(service, bySecond[i], failed[i], others, loadAverage, (service.CpuTicks - cpuBefore[i]) / MachineCpu.TicksPerSecond / elapsed, start))];
        }
        finally
        {
            foreach (var service in services)
            {
                service.Dispose();
            }
        }
    }

    private Run RunOf(Service service, LatencyHistogram[][] bySecond, long[] failed, double[] others, string loadAverage, double cpu, long start)
    {
        var seconds = others.Length - 1;
        var sinceStart = Stopwatch.GetElapsedTime(service.Listening, start).TotalSeconds;
        var run = new Run(workloads.Length, failed, loadAverage, cpu, seconds, Median(others.Take(seconds)));
        for (var s = 0; s < seconds; s++)
        {
            var quiet = others[s] <= QuietCores && others[s + 1] <= QuietCores;
            var phase = (int)Math.Floor(sinceStart + s + 0.5) % WindowSeconds;
            run.QuietSeconds += quiet ? 1 : 0;
            for (var w = 0; w < workloads.Length; w++)
            {
                run.All[w].Add(bySecond[w][s]);
                run.AllByPhase[w][phase].Add(bySecond[w][s]);
                if (quiet)
                {
                    run.Quiet[w].Add(bySecond[w][s]);
                    run.QuietByPhase[w][phase].Add(bySecond[w][s]);
                }
            }
        }

        return run;
    }

    /// <summary>Each second, how many cores the processes other than the services and this one kept busy.</summary>
    private static async Task SampleOthersAsync(Service[] services, double[] others, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var self = Environment.ProcessId;
        long Ours() => services.Sum(s => s.CpuTicks) + MachineCpu.OfProcess(self);
        var (busy, ours) = (MachineCpu.Busy(), Ours());
        try
        {
            for (var s = 0; s < others.Length && await timer.WaitForNextTickAsync(stop); s++)
            {
                var (busyNow, oursNow) = (MachineCpu.Busy(), Ours());
                others[s] = Math.Max(0, (busyNow - busy) - (oursNow - ours)) / MachineCpu.TicksPerSecond;
                (busy, ours) = (busyNow, oursNow);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report(string which, Func<Run, LatencyHistogram[]> latencies, Func<Run, LatencyHistogram[][]> byPhase, Func<Run, bool> counts)
    {
        var baseline = modes[0];
        var kept = Enumerable.Range(0, rounds).Where(r => modes.All(m => counts(_runs[m][r]))).ToArray();
        Console.WriteLine();
        Console.WriteLine($"{which}: {kept.Length} of {rounds} rounds");
        if (kept.Length == 0)
        {
            return;
        }

        Console.WriteLine($"p99 of those rounds pooled; against {baseline}: the ratio, its 95% interval (paired bootstrap over rounds), the median of the rounds' ratios [its 95% interval]:");
        foreach (var mode in modes)
        {
            Run[] runs = [.. kept.Select(r => _runs[mode][r])];
            Console.WriteLine(
                $"  {mode,-22} service CPU {Median(runs.Select(r => r.CpuCores)):0.00} cores, other processes {Median(runs.Select(r => r.OthersCores)):0.00} cores (medians); "
                + $"load average {string.Join(", ", runs.Select(r => r.Load))}");
            for (var w = 0; w < workloads.Length; w++)
            {
                var pooled = runs.Select(r => latencies(r)[w]).ToArray();
                var line = $"    {workloads[w].Name,-22} p50 {Ms(LatencyHistogram.Quantile(pooled, 0.5)),9}  p99 {Ms(LatencyHistogram.Quantile(pooled, 0.99)),9}"
                    + $"  {pooled.Sum(h => h.Count)} requests, {runs.Sum(r => r.Failed[w])} failed (all seconds)";
                if (mode != baseline)
                {
                    var ratio = RatioEstimate.Of([.. kept.Select(r => latencies(_runs[baseline][r])[w])], pooled, 0.99);
                    line += $"\n      p99 ratio {ratio.Pooled:0.00} [{ratio.Low:0.00}, {ratio.High:0.00}], rounds' median {ratio.RoundMedian:0.00} [{ratio.RoundLow:0.00}, {ratio.RoundHigh:0.00}]"
                        + $" — within {Bar:0%}: {ratio.Verdict(Bar)}";
                }

                Console.WriteLine(line);
            }
        }

        Console.WriteLine($"p99 (ms) by second of the push's {WindowSeconds} s window (since the service started), those rounds pooled:");
        for (var w = 0; w < workloads.Length; w++)
        {
            Console.WriteLine($"  {workloads[w].Name,-22} " + string.Join(" ", Enumerable.Range(0, WindowSeconds).Select(s => $"{s,5}")));
            foreach (var mode in modes)
            {
                Console.WriteLine($"    {mode,-20} "
                    + string.Join(" ", Enumerable.Range(0, WindowSeconds).Select(s =>
                        $"{LatencyHistogram.Quantile(kept.Select(r => byPhase(_runs[mode][r])[w][s]), 0.99).TotalMilliseconds,5:0.00}")));
            }
        }
    }

    private static string Ms(TimeSpan latency) => latency.TotalMilliseconds.ToString("0.000 ms", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>One service's measured time: its latencies, all and in the quiet seconds, also by second of the push's window.</summary>
    /// <param name="CpuCores">The service's CPU time over the measured time: how many cores it kept busy.</param>
    /// <param name="OthersCores">The median over its seconds of the cores the other processes kept busy.</param>
    private sealed record Run(int Workloads, long[] Failed, string Load, double CpuCores, int Seconds, double OthersCores)
    {
        public LatencyHistogram[] All { get; } = New(Workloads);

        public LatencyHistogram[] Quiet { get; } = New(Workloads);

        public LatencyHistogram[][] AllByPhase { get; } = [.. Enumerable.Range(0, Workloads).Select(_ => New(WindowSeconds))];

        public LatencyHistogram[][] QuietByPhase { get; } = [.. Enumerable.Range(0, Workloads).Select(_ => New(WindowSeconds))];

        public int QuietSeconds { get; set; }

        private static LatencyHistogram[] New(int count) => [.. Enumerable.Range(0, count).Select(_ => new LatencyHistogram())];
    }
}
