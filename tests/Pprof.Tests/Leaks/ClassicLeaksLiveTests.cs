using Pprof.Tests.Collector;

namespace Pprof.Tests.Leaks;

/// <summary>
/// <c>dotnet-pprof leaks -p PID</c> on ClassicLeaksApp: each classic leak is the first row of its grouping, a LEAK;
/// a cache that fills up, a bounded LRU, churn and a one-time step are not LEAK anywhere. The app does the same
/// ticks after each full GC, so after each snapshot's induced GC: the series does not depend on the machine's speed.
/// </summary>
public sealed class ClassicLeaksLiveTests : IDisposable
{
    private const string TicksBetweenSnapshots = "16";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "leaks-classic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Each leak's mode, the table it must lead, what that first row's name holds, and the inspection that names it.</summary>
    public static TheoryData<string, string, string, string> Leaks => new()
    {
        { "static-cache", "by retention path", "static ClassicLeaksApp.SessionCache.Sessions › ", "static-collection" },
        { "timers", "by retention path", "[timer] ClassicLeaksApp.Heartbeat › ", "timers" },
        { "connections", "by retention path", "static ClassicLeaksApp.ConnectionRegistry.Open › ", "static-collection" },
        { "slices", "by retention path", "static ClassicLeaksApp.HeaderParser.Tokens › ", "static-collection" },
        { "events", "by retention path", "static ClassicLeaksApp.ConfigEvents.Changed › ", "event-handlers" },
        { "threads", "by stack", "ClassicLeaksApp.Workers", "thread-per-request" },
        { "large-buffers", "by retention path", "static ClassicLeaksApp.ReportArchive.Reports › ", "large-buffers" },
        { "finalizers", "by retention path", "[finalization queue] › TempFile › ", "finalizer-backlog" },
        // Its connections' buffers lead by type: by retention path they move from the cache to the socket engine as
        // the pool's scavenger checks them, at a time the series does not control (see PriceFeed).
        { "httpclient", "by type", "Byte[]", "httpclient-per-request" },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void Each_classic_leak_is_the_first_LEAK_of_its_grouping(string mode, string grouping, string name, string inspection)
    {
        var report = Series(mode);
        var tables = LeakReportRows.Of(report);

        Assert.True(tables.ContainsKey(grouping), string.Join('\n', tables.Keys));
        var first = tables[grouping][0];
        Assert.True(first.StartsWith("LEAK ", StringComparison.Ordinal) && first.Contains(name, StringComparison.Ordinal),
            $"the first row {grouping} is not a LEAK of {name}:\n{string.Join('\n', tables[grouping])}");
        Assert.Contains($"\n  {inspection}: ", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("filling-cache")]
    [InlineData("lru")]
    [InlineData("churn")]
    [InlineData("step")]
    public void What_is_not_a_leak_has_no_LEAK_row(string mode)
    {
        var tables = LeakReportRows.Of(Series(mode));

        var leaks = tables.SelectMany(t => t.Value.Where(row => row.StartsWith("LEAK ", StringComparison.Ordinal)).Select(row => $"{t.Key}: {row}")).ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    /// <summary>The report on ten snapshots of the app in this mode.</summary>
    private string Series(string mode)
    {
        using var app = new TestAppProcess("ClassicLeaksApp", [mode, "200", TicksBetweenSnapshots]);
        var run = CollectorCli.Run("leaks", "-p", $"{app.ProcessId}", "--every", "1s", "--count", "10", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }
}
