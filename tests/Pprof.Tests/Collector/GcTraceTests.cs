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

    [GeneratedRegex(@"^gc [0-9]+ @[0-9]+\.[0-9]{3} s: gen [0-2]( background| foreground)?, reason \w+, "
        + @"heap [0-9]+\.[0-9] -> [0-9]+\.[0-9] MB, pause [0-9]+\.[0-9]+ ms, committed [0-9]+\.[0-9] MB, rss [0-9]+\.[0-9] MB$")]
    private static partial Regex GcLine();
}
