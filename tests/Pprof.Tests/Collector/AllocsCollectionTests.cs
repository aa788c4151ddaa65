using System.Diagnostics;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Collector;

/// <summary><c>collect allocs</c> against LeakyApp, whose steady allocations are its cache's 32 KiB payloads.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class AllocsCollectionTests(LeakyAppFixture app) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-allocs-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void The_cache_that_never_evicts_tops_the_allocations()
    {
        var output = Path.Combine(_scratch, "leaky.allocs.pb.gz");

        var run = CollectorCli.Run("collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "3s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.Equal(output, run.Stdout.Trim());
        Assert.Equal("LeakyApp.SessionCache.Remember", CollectorCli.ReportRows(output, "-top")[0]);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(["alloc_objects/count", "alloc_space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        Assert.Contains(profile.Mappings, m => Path.GetFileName(m.File) == "LeakyApp.dll");
        var byteArrays = CollectorCli.ReportRows(output, "-top", "-tagfocus=type=System.Byte");
        Assert.Equal("LeakyApp.SessionCache.Remember", byteArrays[0]);
        Assert.Contains("LeakyApp.SessionCache.Remember", CollectorCli.GoToolPprof(output, "-top"), StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_have_the_source_lines_of_the_apps_pdb()
    {
        var output = Path.Combine(_scratch, "leaky.lines.pb.gz");

        var run = CollectorCli.Run("collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "3s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var source = Path.Combine(TestData.RepositoryRoot, "tests", "TestApps", "LeakyApp", "SessionCache.cs");
        var allocatingLine = Array.FindIndex(File.ReadAllLines(source), line => line.Contains("new byte[", StringComparison.Ordinal)) + 1;
        var top = CollectorCli.ReportRows(output, "-top", "-lines")[0];
        Assert.StartsWith("LeakyApp.SessionCache.Remember ", top, StringComparison.Ordinal);
        Assert.EndsWith($"SessionCache.cs:{allocatingLine}", top, StringComparison.Ordinal);
        var listing = CollectorCli.Report(output, "-list", "SessionCache.Remember");
        var annotated = Assert.Single(listing.Split('\n'), line => line.Contains("new byte[", StringComparison.Ordinal));
        Assert.False(annotated.TrimStart().StartsWith('.'), $"the allocating line has no value: {annotated}");
        Assert.Contains("SessionCache.cs:", CollectorCli.GoToolPprof(output, "-top", "-lines"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ctrl_C_stops_early_and_still_writes_the_profile()
    {
        var output = Path.Combine(_scratch, "interrupted.allocs.pb.gz");
        using var cli = CollectorCli.Start("collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "1h", "-o", output);
        CollectorCli.WaitUntilTracing(cli);

        using (var kill = Process.Start("kill", ["-INT", $"{cli.Id}"]))
        {
            kill.WaitForExit();
        }

        // Finish waits 5 minutes, far less than the hour asked for: only the interrupt ends the collection in time.
        var run = CollectorCli.Finish(cli, ["collect", "allocs"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("stopped early", run.Stderr, StringComparison.Ordinal);
        Assert.True(ProfileReader.ReadFile(output).Samples.Count > 0);
    }
}
