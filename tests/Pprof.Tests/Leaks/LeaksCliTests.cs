using System.Text.Json;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Leaks;

/// <summary>dotnet-pprof leaks over files, run as a user runs it.</summary>
public sealed class LeaksCliTests(LeakSeriesFiles files) : IClassFixture<LeakSeriesFiles>
{
    [Fact]
    public void DotnetSnapshotsReportMatchesGolden()
    {
        var run = Leaks([.. files.Snapshots]);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Expectations.File("leaks.snapshots.txt"), System.Text.Encoding.UTF8.GetBytes(Relative(run.Stdout)));
    }

    [Fact]
    public void GoSeriesReportMatchesGolden()
    {
        var run = Leaks([.. files.GoHeaps, .. files.GoGoroutines]);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Expectations.File("leaks.go.txt"), System.Text.Encoding.UTF8.GetBytes(Relative(run.Stdout)));
    }

    [Fact]
    public void JsonMatchesGoldenAndHasTheIssuesShape()
    {
        var run = Leaks(["-json", .. files.Snapshots, .. files.GoHeaps, .. files.GoGoroutines]);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Expectations.File("leaks.json"), System.Text.Encoding.UTF8.GetBytes(run.Stdout));
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("samples").GetInt32());
        Assert.Equal(["path", "type", "site", "stack"], root.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("by").GetString()));
        foreach (var row in root.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rows").EnumerateArray()))
        {
            foreach (var key in (string[])["rank", "verdict", "name", "slope_per_min", "r2", "trend_p", "growth", "last"])
            {
                Assert.True(row.TryGetProperty(key, out _), $"row without {key}: {row}");
            }

            Assert.Contains(row.GetProperty("verdict").GetString(), (string[])["LEAK", "GROWING", "PLATEAU", "STEP", "FLAT"]);
        }

        Assert.Equal(JsonValueKind.Array, root.GetProperty("inspections").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("memory").ValueKind);
    }

    [Fact]
    public void EveryLeakIsRankedFirstAndNoNegativeCaseIsALeak()
    {
        using var json = JsonDocument.Parse(Leaks(["-json", .. files.Snapshots, .. files.GoHeaps, .. files.GoGoroutines]).Stdout);
        var groups = json.RootElement.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("by").GetString()!, g => g.GetProperty("rows").EnumerateArray()
                .Select(r => (Verdict: r.GetProperty("verdict").GetString(), Name: r.GetProperty("name").GetString()!)).ToList());
        Assert.Equal(("LEAK", "static s_orders › Dictionary<Int64, Order> › Entry<Int64, Order>[] › Order"), groups["path"][0]);
        Assert.Equal(("LEAK", "main.(*SessionStore).Open"), groups["site"][0]);
        Assert.Equal(("LEAK", "main.(*asyncLogger).processQueue"), groups["stack"][0]);
        Assert.Equal("LEAK", groups["type"][0].Verdict);
        Assert.Contains(groups["path"], r => r is ("LEAK", "static s_timers › (TimerNode › TimerNode[]) ×12 › Callback"));

        string[] negatives = ["s_cache", "s_lru", "s_config", "[stack]", "(*Cache).fill", "bufio.NewReaderSize", "loadConfig", "main.worker"];
        Assert.DoesNotContain(groups.Values.SelectMany(rows => rows), r => r.Verdict == "LEAK" && negatives.Any(n => r.Name.Contains(n, StringComparison.Ordinal)));
        Assert.Contains(groups["path"], r => r is ("PLATEAU", "static s_cache › Product[] › Product"));
        Assert.Contains(groups["path"], r => r is ("STEP", "static s_config › ConfigData"));
        Assert.Contains(groups["site"], r => r is ("STEP", "main.loadConfig"));
    }

    [Fact]
    public void LeakRowNamesWhereTheMemoryAccumulates()
    {
        var run = Leaks([.. files.Snapshots]);
        Assert.Contains("      accumulated in one Dictionary<Int64, Order> under static s_orders (", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOrderChangesNothing()
    {
        string[] all = [.. files.Snapshots, .. files.GoHeaps, .. files.GoGoroutines];
        var shuffled = all.OrderBy(f => f.GetHashCode(StringComparison.Ordinal) ^ 0x5bd1e995).Reverse().ToArray();
        Assert.Equal(Leaks(all).Stdout, Leaks(shuffled).Stdout);
    }

    [Fact]
    public void FiveSamplesAreGrowingNotLeak()
    {
        var run = Leaks([.. files.GoHeaps[..5]]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("n < 8: warm-up cannot be ruled out", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAK", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(run.Stdout.Split('\n'), l => l.Contains("GROWING", StringComparison.Ordinal) && l.EndsWith("main.(*SessionStore).Open", StringComparison.Ordinal));
    }

    [Fact]
    public void FailOnLeakExitsThree()
    {
        Assert.Equal(3, Leaks(["-fail_on", "leak", .. files.GoHeaps]).ExitCode);
        Assert.Equal(0, Leaks(["-fail_on", "leak", .. files.GoHeaps[..5]]).ExitCode);
    }

    [Fact]
    public void CorruptFileNamesItself()
    {
        var corrupt = Path.Combine(files.Directory, "corrupt.pb.gz");
        File.WriteAllBytes(corrupt, [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        var run = Leaks([files.GoHeaps[0], corrupt]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.StderrLines);
        Assert.StartsWith($"dotnet-pprof leaks: {corrupt}: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateTimesAreRefusedUnlessByOrder()
    {
        var run = Leaks([files.GoHeaps[0], files.GoHeaps[0], files.GoHeaps[1]]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"dotnet-pprof leaks: {files.GoHeaps[0]} and {files.GoHeaps[0]} were taken at the same time: drop one, or give the files in time order with -by_order",
            run.StderrLines.Single());
        var byOrder = Leaks(["-by_order", files.GoHeaps[0], files.GoHeaps[0], files.GoHeaps[1]]);
        Assert.Equal(0, byOrder.ExitCode);
        Assert.Contains("3 heap profiles in the order given (slopes per sample)", byOrder.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTimeIsRefusedUnlessByOrder()
    {
        var text = TestData.File("loggerleak.goroutine.debug1.txt");
        var run = Leaks([text, files.GoGoroutines[0]]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"dotnet-pprof leaks: {text}: the profile has no time (time_nanos): give the files in time order with -by_order", run.StderrLines.Single());
        Assert.Equal(0, Leaks(["-by_order", text, files.GoGoroutines[0]]).ExitCode);
    }

    [Fact]
    public void MissingFileNamesItself()
    {
        var run = Leaks(["nonexistent.pb.gz"]);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("dotnet-pprof leaks: nonexistent.pb.gz: ", run.StderrLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void SvgPictureMatchesGoldenAndPngIsRenderedFromIt()
    {
        var svg = Path.Combine(files.Directory, "series.svg");
        var png = Path.Combine(files.Directory, "series.png");
        var run = Leaks(["-svg", svg, "-png", png, .. files.Snapshots]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Golden.AssertMatches(Expectations.File("leaks.snapshots.svg"), File.ReadAllBytes(svg));
        var header = File.ReadAllBytes(png)[..8];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a], header);
    }

    private string Relative(string report) => report.Replace(files.Directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    private static CliRun Leaks(params string[] args) => CollectorCli.Run(["leaks", .. args]);
}
