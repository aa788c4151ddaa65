using System.Diagnostics;
using System.Globalization;
using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>
/// <c>leaks -p PID</c> or <c>leaks -url URL</c>: after the warm-up, a sample every period, each profile kept in the
/// series' folder (so that <c>dotnet-pprof leaks DIR/*</c> re-runs the analysis), then the report of the series and
/// what taking it cost. Ctrl+C ends the series early; a target that goes away ends it with what was taken.
/// </summary>
internal sealed class LiveSeries(ILiveSampler sampler, TimeSpan every, int count, TimeSpan warmup, string? directory, TimeProvider clock)
{
    /// <summary>What is sampled, for messages.</summary>
    public string Target => sampler.Target;

    public int Run(LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress)
    {
        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            return Run(report, stdout, stderr, showProgress, live: null, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <param name="live">Told of each sample as it is taken, and of the end; null when nothing follows the series as it comes.</param>
    /// <param name="stop">Ends the series early; its report is of what was taken.</param>
    public int Run(LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress, LiveLeakSeries? live, CancellationToken stop)
    {
        var folder = Path.GetFullPath(directory ?? DefaultFolder());
        Directory.CreateDirectory(folder);
        stderr.WriteLine($"dotnet-pprof leaks: {count} samples of {sampler.Target} every {Quantities.Span(every)}, kept in {folder}");
        var digests = new List<ProfileDigest>();
        var pauses = new List<TimeSpan>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = clock.GetUtcNow() + warmup;
        string? ended = null, why = null;
        for (var tick = 0; tick < count && !stop.IsCancellationRequested; tick++)
        {
            var due = start + (tick * every);
            live?.Expect(due);
            var wait = due - clock.GetUtcNow();
            if (wait > TimeSpan.Zero && stop.WaitHandle.WaitOne(wait))
            {
                break;
            }

            try
            {
                var sample = sampler.Take(tick, folder, stop);
                digests.AddRange(sample.Digests);
                live?.Add(sample.Digests, sample.Profiles);
                if (sample.Pause is { } pause)
                {
                    pauses.Add(pause);
                }

                if (showProgress)
                {
                    var time = clock.GetUtcNow().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
                    var paused = sample.Pause is { } p ? $"; paused {p.TotalSeconds:0.000} s" : "";
                    stderr.WriteLine($"  {tick + 1}/{count} {time}: {sample.Summary}{paused}");
                }
            }
            catch (LiveTargetGoneException gone)
            {
                why = gone.Message;
                var taken = digests.Select(d => d.Source).Distinct().Count();
                ended = $"dotnet-pprof leaks: {gone.Message} after {tick} of {count} samples; the {Quantities.Count(taken, "profile")} taken {(taken == 1 ? "is" : "are")} in {folder}";
                break;
            }
        }

        live?.End(why);
        stderr.WriteLine(Cost(pauses, Process.GetCurrentProcess().TotalProcessorTime - cpu));
        var status = digests.Count > 0 ? report.Report(report.Analyse(digests), stdout) : 1;
        if (ended is not null)
        {
            stderr.WriteLine(ended);
            return 1;
        }

        return status;
    }

    private string DefaultFolder() =>
        $"{string.Concat(sampler.FolderName.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c))}_"
        + $"{clock.GetLocalNow().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}.leaks";

    private string Cost(List<TimeSpan> pauses, TimeSpan cpu)
    {
        var own = $"the collector used {cpu.TotalSeconds:0.0} s of CPU";
        if (pauses.Count == 0)
        {
            return $"dotnet-pprof leaks: cost: {own}";
        }

        var average = pauses.Average(p => p.TotalSeconds);
        var longest = pauses.Max(p => p.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"dotnet-pprof leaks: cost: {Quantities.Count(pauses.Count, "heap snapshot")} paused {sampler.Target} for {average:0.000} s on average "
            + $"({longest:0.000} s at most) for the induced GC and the heap walk; {own}");
    }
}
