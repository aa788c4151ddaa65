using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary><c>dotnet-pprof leaks [flags] PROFILE...</c>: what grows steadily over a series of profiles.</summary>
internal static class LeaksCommand
{
    public static Command Create()
    {
        var defaults = new LeakThresholds();
        var profiles = new Argument<string[]>("profile")
        {
            Description = "Heap, goroutine or thread profiles of one process, taken minutes apart (any order)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("-json", "--json") { Description = "Print the report as one JSON object" };
        var svg = new Option<string?>("-svg", "--svg") { Description = "Also draw memory over time into this SVG file" };
        var png = new Option<string?>("-png", "--png") { Description = "Also draw memory over time into this PNG file (needs chromium)" };
        var failOn = new Option<string?>("-fail_on", "--fail-on") { Description = "Exit 3 when a key is LEAK (leak) or LEAK or GROWING (growing)" };
        failOn.AcceptOnlyFromAmong("leak", "growing");
        var byOrder = new Option<bool>("-by_order", "--by-order")
        {
            Description = "Take the profiles in the order given, one minute apart, instead of by their times",
        };
        var gcTrace = new Option<string?>("-gctrace", "--gctrace")
        {
            Description = "Also read this file of a Go program's GODEBUG=gctrace=1 lines (its standard error): live heap, heap goal, what the runtime keeps",
            HelpName = "file",
        };
        var rows = new Option<int>("-rows", "--rows") { Description = "The most rows per table", DefaultValueFactory = _ => 20 };
        var minSamples = Threshold("-min_samples", "No LEAK in a shorter series", defaults.MinSamples);
        var alpha = Threshold("-alpha", "Significance level of the trend tests", defaults.Alpha);
        var lateSlope = Threshold("-late_slope", "Second-half slope at least this share of the overall slope", defaults.LateSlopeRatio);
        var minGrowth = new Option<long>("-min_growth", "--min-growth")
        {
            Description = "A leak of bytes grows at least this much (such as 1MB, 512kB, bytes)",
            DefaultValueFactory = _ => defaults.MinGrowthBytes,
            CustomParser = ParseBytes,
        };
        var minCountGrowth = Threshold("-min_count_growth", "A leak of threads or goroutines grows by at least this many", defaults.MinGrowthCount);
        var minGrowthPercent = Threshold("-min_growth_pct", "... and by at least this % of its first value", defaults.MinGrowthOfFirst * 100);
        var minShare = Threshold("-min_share", "A leak is at least this % of the last total ...", defaults.MinShareOfTotal * 100);
        var minGrowthShare = Threshold("-min_growth_share", "... or this % of the total's growth", defaults.MinShareOfGrowth * 100);
        var stepShare = Threshold("-step_share", "A STEP's one jump is at least this % of the series' range", defaults.StepShare * 100);
        var accumulation = Threshold("-accumulation", "Walk down the paths (or out along a site's callers) while one child holds this % of the growth", defaults.AccumulationShare * 100);

        var pid = new Option<int?>("--process-id", "-p") { Description = "Take the series from this .NET process" };
        var urls = new Option<string[]>("-url", "--url")
        {
            Description = "Take the series from these /debug/pprof endpoints (Go's or ours), such as http://host/debug/pprof/heap",
        };
        var every = new Option<TimeSpan>("--every")
        {
            Description = "Live: the time between samples",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
            CustomParser = result => DurationText.ParseOption(result) ?? TimeSpan.Zero,
        };
        var count = new Option<int>("--count") { Description = "Live: how many samples", DefaultValueFactory = _ => 12 };
        var warmup = new Option<TimeSpan>("--warmup")
        {
            Description = "Live: how long to wait before the first sample",
            CustomParser = result => DurationText.ParseOptionOrZero(result) ?? TimeSpan.Zero,
        };
        var strings = new Option<bool>("--strings")
        {
            Description = "Live, -p: also count the heap's duplicate strings at each sample (attaches with ptrace; pauses the process while its heap is read)",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Live: the folder that keeps every profile (default app_yyyyMMdd_HHmmss.leaks)",
        };
        var http = new Option<string?>("-http", "--http")
        {
            Description = "Live: also serve the web UI on [host]:[port] while the series is taken (its leaks view follows the series, the other views show the latest sample); it serves on after the series until Ctrl+C",
            HelpName = "host:port",
        };
        var noBrowser = new Option<bool>("-no_browser", "--no-browser") { Description = "Live, -http: do not open a web browser" };

        var command = new Command("leaks", "Name what grows steadily over a series of heap, goroutine or thread profiles")
        {
            profiles, pid, urls, every, count, warmup, strings, output, http, noBrowser, json, svg, png, failOn, byOrder, gcTrace, rows, minSamples, alpha, lateSlope, minGrowth,
            minCountGrowth, minGrowthPercent, minShare, minGrowthShare, stepShare, accumulation,
        };
        command.Validators.Add(result =>
        {
            var sources = (result.GetResult(profiles) is { Tokens.Count: > 0 } ? 1 : 0) + (result.GetResult(pid) is null ? 0 : 1)
                + (result.GetResult(urls) is null ? 0 : 1);
            var gcTraceOnly = sources == 0 && result.GetResult(gcTrace) is not null;
            if (sources != 1 && !gcTraceOnly)
            {
                result.AddError("give either the profiles to compare (dotnet-pprof leaks heap.*.pb.gz), -p PID or -url URL");
            }

            if (result.GetResult(http) is not null && result.GetResult(pid) is null && result.GetResult(urls) is null)
            {
                result.AddError("-http serves a series while it is taken, with -p PID or -url URL; for profile files use dotnet-pprof -http=ADDR FILES...");
            }

            if (gcTraceOnly && (result.GetResult(svg) is not null || result.GetResult(png) is not null))
            {
                result.AddError("-svg and -png draw the profiles' series: give the profiles too");
            }

            if (result.GetResult(count)?.Tokens is [{ Value: var countText }] && (!int.TryParse(countText, CultureInfo.InvariantCulture, out var n) || n < 2))
            {
                result.AddError($"bad --count {countText}: take at least 2 samples (8 or more to tell a leak from warm-up)");
            }
        });
        command.SetAction(result =>
        {
            var options = new LeakAnalysisOptions
            {
                ByOrder = result.GetValue(byOrder),
                MaxRows = result.GetValue(rows),
                Thresholds = new LeakThresholds
                {
                    MinSamples = (int)result.GetValue(minSamples),
                    Alpha = result.GetValue(alpha),
                    LateSlopeRatio = result.GetValue(lateSlope),
                    MinGrowthBytes = result.GetValue(minGrowth),
                    MinGrowthCount = (long)result.GetValue(minCountGrowth),
                    MinGrowthOfFirst = result.GetValue(minGrowthPercent) / 100,
                    MinShareOfTotal = result.GetValue(minShare) / 100,
                    MinShareOfGrowth = result.GetValue(minGrowthShare) / 100,
                    StepShare = result.GetValue(stepShare) / 100,
                    AccumulationShare = result.GetValue(accumulation) / 100,
                },
            };
            var request = new LeaksRequest(
                result.GetValue(profiles) ?? [], options, result.GetValue(json), result.GetValue(failOn), result.GetValue(svg), result.GetValue(png))
            {
                GcTracePath = result.GetValue(gcTrace),
            };
            using var stdout = Console.OpenStandardOutput();
            if (result.GetResult(pid) is null && result.GetResult(urls) is null)
            {
                return request.Run(stdout, Console.Error);
            }

            var live = new LiveRequest(
                result.GetValue(pid), result.GetValue(urls) ?? [], result.GetValue(every), result.GetValue(count), result.GetValue(warmup),
                result.GetValue(output), result.GetValue(strings))
            {
                Web = result.GetValue(http) is { } address ? new LiveWebRequest(address, !result.GetValue(noBrowser)) : null,
            };
            return live.Run(request, stdout, Console.Error, showProgress: !Console.IsErrorRedirected);
        });
        return command;
    }

    private static Option<double> Threshold(string name, string description, double defaultValue) =>
        new(name, "-" + name.Replace('_', '-'))
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };

    private static long ParseBytes(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var digits = text.TrimEnd("BbKkMmGgiI".ToCharArray());
        var unit = text[digits.Length..].ToUpperInvariant().Replace("I", "", StringComparison.Ordinal);
        long? scale = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1L << 10,
            "M" or "MB" => 1L << 20,
            "G" or "GB" => 1L << 30,
            _ => null,
        };
        if (scale is { } factor && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return (long)(value * factor);
        }

        result.AddError($"bad size {text}: use bytes or a size such as 1MB or 512kB");
        return 0;
    }
}
