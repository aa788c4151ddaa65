using System.Text.RegularExpressions;
using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary><c>collect gc</c> against LeakyApp, made to run full GCs while it is traced.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed partial class GcTraceTests(LeakyAppFixture app) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-gc-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Each_GC_is_a_line_on_stdout_and_a_summary_follows()
    {
        var run = TraceWhileCollecting("collect", "gc", "-p", $"{app.ProcessId}", "--duration", "3s");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var gcs = lines.TakeWhile(line => line.StartsWith("gc ", StringComparison.Ordinal)).ToList();
        Assert.All(gcs, line => Assert.Matches(GcLine(), line));
        Assert.Contains(gcs, line => line.Contains("gen 2, reason Induced", StringComparison.Ordinal));
        Assert.Matches($"^{gcs.Count} GCs? in [0-9.]+ s \\(", lines[gcs.Count]);
        Assert.StartsWith("heap after the last GC ", lines[gcs.Count + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_output_file_the_lines_go_there_and_stdout_gets_its_path()
    {
        var output = Path.Combine(_scratch, "leaky.gc.txt");

        var run = TraceWhileCollecting("collect", "gc", "-p", $"{app.ProcessId}", "--duration", "2s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(output, run.Stdout.Trim());
        Assert.Matches(GcLine(), File.ReadLines(output).First());
    }

    [Fact]
    public void Background_GCs_say_how_long_they_ran_beside_the_app_and_the_summary_adds_up_the_lines()
    {
        using var churn = new LeakyAppFixture(["--gen2-churn"]);
        string[] args = ["collect", "gc", "-p", $"{churn.ProcessId}", "--duration", "6s"];

        var run = CollectorCli.Run(args);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("?", run.Stdout, StringComparison.Ordinal);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var gcs = lines.TakeWhile(line => line.StartsWith("gc ", StringComparison.Ordinal)).Select(line => GcLine().Match(line)).ToList();
        Assert.All(gcs, gc => Assert.True(gc.Success));
        var background = gcs.Where(gc => gc.Groups["kind"].Value == " background").ToList();
        Assert.NotEmpty(background);
        Assert.All(background, gc => Assert.True(gc.Groups["beside"].Success, gc.Value));
        Assert.All(gcs.Except(background), gc => Assert.False(gc.Groups["beside"].Success, gc.Value));
        Assert.Equal(gcs.Select(gc => Number(gc, "number")).Order(), gcs.Select(gc => Number(gc, "number")));

        // The summary: as many GCs as lines, each generation counted, the pauses added up, and the last line's heap.
        var summary = Summary().Match(lines[gcs.Count]);
        Assert.True(summary.Success, lines[gcs.Count]);
        Assert.Equal(gcs.Count, (int)Number(summary, "count"));
        Assert.Equal(gcs.Count(gc => gc.Groups["gen"].Value == "2"), (int)Number(summary, "gen2"));
        Assert.Equal(background.Count, (int)Number(summary, "background"));
        Assert.Equal(gcs.Sum(gc => Number(gc, "pause")), Number(summary, "pauses"), 0.001 * gcs.Count);
        var last = gcs[^1];
        Assert.StartsWith($"heap after the last GC {last.Groups["after"].Value} MB, committed {last.Groups["committed"].Value} MB; ", lines[gcs.Count + 1], StringComparison.Ordinal);
    }

    private static double Number(Match match, string group) =>
        double.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<count>[0-9]+) GCs? in [0-9.]+ s \([0-9]+ gen 0, [0-9]+ gen 1, (?<gen2>[0-9]+) gen 2(, (?<background>[0-9]+) of them in the background)?\): "
        + @"pauses (?<pauses>[0-9.]+) ms in all, [0-9.]+ ms the longest$")]
    private static partial Regex Summary();

    /// <summary>Runs the CLI and, until it ends, makes LeakyApp run a full GC every 300 ms.</summary>
    private CliRun TraceWhileCollecting(params string[] args)
    {
        using var cli = CollectorCli.Start(args);
        while (!cli.WaitForExit(300))
        {
            InducedGc.Run(app.ProcessId);
        }

        return CollectorCli.Finish(cli, args);
    }

    [GeneratedRegex(@"^gc (?<number>[0-9]+) @[0-9]+\.[0-9]{3} s: gen (?<gen>[0-2])(?<kind> background| foreground)?, reason \w+, "
        + @"heap [0-9]+\.[0-9] -> (?<after>[0-9]+\.[0-9]) MB(?<beside>, ran [0-9]+\.[0-9] ms beside the app)?, pause (?<pause>[0-9]+\.[0-9]+) ms, "
        + @"committed (?<committed>[0-9]+\.[0-9]) MB, rss [0-9]+\.[0-9] MB$")]
    private static partial Regex GcLine();
}
