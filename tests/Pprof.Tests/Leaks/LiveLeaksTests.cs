using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Tests.Collector;

namespace Pprof.Tests.Leaks;

/// <summary>dotnet-pprof leaks taking the series itself: from LeakyApp, from a process that exits, from a URL.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed partial class LiveLeaksTests(LeakyAppFixture app) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "leaks-live-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LiveSeriesOfLeakyAppNamesItsLeaksAndKeepsEveryProfile()
    {
        var run = CollectorCli.Run("leaks", "-p", $"{app.ProcessId}", "--every", "1s", "--count", "8", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = LeakReportRows.Of(run.Stdout);
        Assert.StartsWith("LEAK ", rows["by retention path"][0], StringComparison.Ordinal);
        Assert.EndsWith("static LeakyApp.SessionCache.Sessions › Dictionary<Int32, Session> › Entry<Int32, Session>[] › Session › Byte[]", rows["by retention path"][0], StringComparison.Ordinal);
        Assert.Contains("      accumulated in one Dictionary<Int32, Session> under static LeakyApp.SessionCache.Sessions (", run.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("LEAK ", rows["by stack"][0], StringComparison.Ordinal);
        Assert.EndsWith("LeakyApp.PollingWorker.Run", rows["by stack"][0], StringComparison.Ordinal);
        Assert.Matches(@"^8 heap snapshots over \d+s: heap ", run.Stdout);
        Assert.Contains("\nrss ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\ngc_committed ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\ngc settings gcServer=0 gcConcurrent=1 heaps=1 (from runtime events)\n", run.Stdout, StringComparison.Ordinal);

        var files = Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal<string>([.. Enumerable.Range(1, 8).Select(i => $"LeakyApp.heap.{i:D2}.pb.gz"), .. Enumerable.Range(1, 8).Select(i => $"LeakyApp.threads.{i:D2}.pb.gz")], files);
        Assert.Matches(CostLine(), run.StderrLines.Single(l => l.Contains("cost:", StringComparison.Ordinal)));

        // The files alone give the same report.
        var offline = CollectorCli.Run(["leaks", .. Directory.GetFiles(_folder)]);
        Assert.Equal(run.Stdout, offline.Stdout);
    }

    [Fact]
    public void MemoryOutsideTheGcIsToldApartFromTheHeapWithTheGcSettingsOfTheProcess()
    {
        using var held = new LeakyAppFixture(["--native-held"], new Dictionary<string, string> { ["DOTNET_GCRetainVM"] = "1", ["DOTNET_GCgen0size"] = "0x2000000" });

        var run = CollectorCli.Run("leaks", "-p", $"{held.ProcessId}", "--every", "1s", "--count", "3", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.Single(lines, l => l.StartsWith("gc_committed ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("gc_heap ", StringComparison.Ordinal));
        Assert.Equal("gc settings gcServer=0 gcConcurrent=1 GCgen0size=32.00MB GCRetainVM=1 heaps=1 (from runtime events, environment)",
            Assert.Single(lines, l => l.StartsWith("gc settings ", StringComparison.Ordinal)));
        var outside = Assert.Single(lines, l => l.StartsWith("  rss-above-heap: RSS ", StringComparison.Ordinal));
        Assert.Contains("memory outside the GC (native allocations, the runtime's own data, mapped files) that does not grow: not a leak", outside, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAK", run.Stdout, StringComparison.Ordinal);

        // The profiles keep the figures and the settings: the files alone give the same report.
        Assert.Equal(run.Stdout, CollectorCli.Run(["leaks", .. Directory.GetFiles(_folder)]).Stdout);
    }

    [Fact]
    public void NativeMemoryGrowingBesideAFlatHeapIsNativeGrowth()
    {
        using var growing = new LeakyAppFixture(["--native-growth"]);

        var run = CollectorCli.Run("leaks", "-p", $"{growing.ProcessId}", "--every", "1s", "--count", "5", "-json", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("inspections").EnumerateArray(), f => f.GetProperty("id").GetString() == "native-growth");
        Assert.StartsWith("RSS grows outside the GC heap: RSS +", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var memory = json.RootElement.GetProperty("memory");
        Assert.Equal(5, memory.GetProperty("gc_committed").GetArrayLength());
        Assert.Equal(5, memory.GetProperty("rss").GetArrayLength());
        Assert.Equal(0, memory.GetProperty("gc_settings").GetProperty("gcServer").GetInt64());
    }

    [Fact]
    public void WithStringsTheHeapsDuplicateStringsAreCountedAndKeptInTheProfiles()
    {
        using var strings = new LeakyAppFixture(["--duplicate-strings"]);

        var run = CollectorCli.Run("leaks", "-p", $"{strings.ProcessId}", "--every", "1s", "--count", "2", "--strings", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var finding = Assert.Single(run.Stdout.Split('\n'), l => l.StartsWith("  duplicate-strings: ", StringComparison.Ordinal));
        Assert.Contains("the most: 20001 copies of \"Content-Type: application/json; charset=utf-8\" (", finding, StringComparison.Ordinal);
        Assert.Equal(run.Stdout, CollectorCli.Run(["leaks", .. Directory.GetFiles(_folder)]).Stdout);
    }

    [Fact]
    public void ProcessThatExitsMidSeriesLeavesOneLineAndTheFilesSoFar()
    {
        using var leaving = new LeakyAppFixture(["--exit-on-input"]);
        string[] args = ["leaks", "-p", $"{leaving.ProcessId}", "--every", "1s", "--count", "100", "-o", _folder];
        using var cli = CollectorCli.Start(args);
        WaitForFiles(cli, 2);
        leaving.Exit();
        var run = CollectorCli.Finish(cli, args);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StderrLines, l => l.Contains(" exited", StringComparison.Ordinal));
        var match = ExitedLine().Match(line);
        Assert.True(match.Success, line);
        Assert.Equal($"{leaving.ProcessId}", match.Groups["pid"].Value);
        Assert.Equal(Path.GetFullPath(_folder), match.Groups["folder"].Value);
        var samples = int.Parse(match.Groups["samples"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2 * samples, int.Parse(match.Groups["files"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2 * samples, Directory.GetFiles(_folder).Length);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Waits until the series has written this many profiles, so that the app leaves in the middle of it.</summary>
    private void WaitForFiles(System.Diagnostics.Process cli, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!Directory.Exists(_folder) || Directory.GetFiles(_folder).Length < count)
        {
            Assert.False(cli.HasExited, "dotnet-pprof leaks exited before it wrote a profile");
            Assert.True(DateTime.UtcNow < deadline, $"dotnet-pprof leaks wrote fewer than {count} profiles in two minutes");
            cli.WaitForExit(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void UrlSeriesReadsTheEndpointAsTheFilesWouldBeRead()
    {
        var profiles = LeakScenarios.GoHeaps().Select(p => ProfileWriter.ToBytes(p)).ToArray();
        using var server = new SeriesServer(profiles);
        var run = CollectorCli.Run("leaks", "-url", server.Url + "debug/pprof/heap", "--every", "100ms", "--count", "12", "-o", _folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var files = Directory.GetFiles(_folder).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(12, files.Length);
        Assert.Equal(CollectorCli.Run(["leaks", .. files]).Stdout, run.Stdout);
        Assert.StartsWith("LEAK ", LeakReportRows.Of(run.Stdout)["by allocation site"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void UrlThatDoesNotAnswerFailsWithOneLine()
    {
        var port = FreePort();
        var run = CollectorCli.Run("leaks", "-url", $"http://127.0.0.1:{port}/debug/pprof/heap", "--every", "100ms", "--count", "3", "-o", _folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(run.StderrLines, l => l.StartsWith($"dotnet-pprof leaks: http://127.0.0.1:{port}/debug/pprof/heap", StringComparison.Ordinal)
            && l.Contains("after 0 of 3 samples", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^dotnet-pprof leaks: cost: \d+ heap snapshots? paused process \d+ \(LeakyApp\) for [0-9.]+ s on average \([0-9.]+ s at most\) for the induced GC and the heap walk; the collector used [0-9.]+ s of CPU$")]
    private static partial Regex CostLine();

    [GeneratedRegex(@"^dotnet-pprof leaks: process (?<pid>\d+) \(LeakyApp\) exited.* after (?<samples>\d+) of 100 samples; the (?<files>\d+) profiles? taken (is|are) in (?<folder>.+)$")]
    private static partial Regex ExitedLine();

    /// <summary>A /debug/pprof endpoint that answers each request with the next profile of a series.</summary>
    private sealed class SeriesServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public SeriesServer(byte[][] profiles)
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                foreach (var profile in profiles)
                {
                    var context = await _listener.GetContextAsync();
                    context.Response.ContentType = "application/octet-stream";
                    await context.Response.OutputStream.WriteAsync(profile);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
                // Closing the listener ends a wait for a request that never came.
            }
        }
    }
}
