namespace Pprof.Tests.Collector;

/// <summary>
/// The classic .NET leaks, one ClassicLeaksApp each: the views the README and docs/collector.md suggest name, in their
/// first 8 rows, the method that allocates what leaks (<c>collect allocs</c>, then <c>-top</c>) and what holds it
/// (<c>collect heap</c>, then <c>-top -cum</c>).
/// </summary>
public sealed class ClassicLeaksTests : IDisposable
{
    private const int FirstRows = 8;

    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-classic-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>Each leak's mode, the allocating method (a row of <c>-top</c>) and its holder (a row of the heap's <c>-top -cum</c>).</summary>
    public static TheoryData<string, string, string> Leaks => new()
    {
        { "static-cache", "ClassicLeaksApp.SessionCache.Remember", "[static] ClassicLeaksApp.SessionCache.Sessions: " },
        { "timers", "ClassicLeaksApp.Heartbeat..ctor", "[timer] ClassicLeaksApp.Heartbeat" },
        { "connections", "ClassicLeaksApp.Connection..ctor", "[static] ClassicLeaksApp.ConnectionRegistry.Open: " },
        { "slices", "ClassicLeaksApp.HeaderParser.Parse", "[static] ClassicLeaksApp.HeaderParser.Tokens: " },
        { "events", "ClassicLeaksApp.ConfigListener..ctor", "[static] ClassicLeaksApp.ConfigEvents.Changed: " },
        { "threads", "ClassicLeaksApp.Workers.Serve", "[stack] ClassicLeaksApp.Workers" },
        { "large-buffers", "ClassicLeaksApp.ReportArchive.Render", "[static] ClassicLeaksApp.ReportArchive.Reports: " },
        { "finalizers", "ClassicLeaksApp.TempFile..ctor", "ClassicLeaksApp.TempFile" },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void The_suggested_views_name_the_method_and_the_holder_in_their_first_rows(string mode, string method, string holder)
    {
        using var app = new TestAppProcess("ClassicLeaksApp", [mode]);
        var allocs = Path.Combine(_scratch, $"{mode}.allocs.pb.gz");
        var heap = Path.Combine(_scratch, $"{mode}.heap.pb.gz");

        // The app works only when told: a tick at a time for as long as the allocation profile runs.
        string[] collect = ["collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "3s", "-o", allocs];
        using (var cli = CollectorCli.Start(collect))
        {
            do
            {
                app.Ask("1");
            }
            while (!cli.WaitForExit(TimeSpan.FromMilliseconds(20)));

            var allocsRun = CollectorCli.Finish(cli, collect);
            Assert.True(allocsRun.ExitCode == 0, allocsRun.Stderr);
        }

        var heapRun = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", heap);
        Assert.True(heapRun.ExitCode == 0, heapRun.Stderr);

        var allocating = CollectorCli.ReportRows(allocs, "-top").Take(FirstRows).ToList();
        Assert.True(allocating.Any(row => row == method || row.StartsWith($"{method} ", StringComparison.Ordinal)), $"{method} is not in the first rows of -top:\n{string.Join('\n', allocating)}");
        var holders = CollectorCli.ReportRows(heap, "-top", "-cum").Take(FirstRows).ToList();
        Assert.True(holders.Any(row => row.StartsWith(holder, StringComparison.Ordinal)),
            $"{holder} is not in the first rows of -top -cum:\n{string.Join('\n', holders)}");
    }
}
