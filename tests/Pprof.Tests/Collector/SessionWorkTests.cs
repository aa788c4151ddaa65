namespace Pprof.Tests.Collector;

/// <summary>
/// The first session on a process makes its EventSources build their manifests: the profiler's cost, left out of the
/// profile, and the profile's comments say how much.
/// </summary>
public sealed class SessionWorkTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-session-work-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void The_manifests_a_session_makes_the_target_build_are_left_out_and_said_so()
    {
        using var fresh = new LeakyAppFixture([]);
        var output = Path.Combine(_scratch, "fresh.allocs.pb.gz");

        var run = CollectorCli.Run("collect", "allocs", "-p", $"{fresh.ProcessId}", "--duration", "3s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = CollectorCli.ReportRows(output, "-top", "-cum", "-nodefraction=0", "-nodecount=1000");
        Assert.DoesNotContain(rows, row => row.StartsWith("System.Diagnostics.Tracing.EventPipeEventProvider", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, row => row.StartsWith("System.Diagnostics.Tracing.ManifestBuilder", StringComparison.Ordinal));
        var comments = CollectorCli.Report(output, "-comments");
        var leftOut = Assert.Single(comments.Split('\n'), line => line.StartsWith("left out: ", StringComparison.Ordinal));
        Assert.Matches(@"EventSources \(manifests and event metadata\): [0-9]+ alloc_objects \([0-9.]+% of it\), [0-9]+ bytes of alloc_space \([0-9.]+% of it\)$", leftOut);
        Assert.StartsWith("dotnet-pprof collect allocs", comments, StringComparison.Ordinal);
    }
}
