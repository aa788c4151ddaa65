using Pprof.Profiles;

namespace Pprof.Tests.Collector;

/// <summary><c>collect heap</c> against LeakyApp, most of whose heap is its cache's payloads held by a static.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class HeapCollectionTests(LeakyAppFixture app) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-heap-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Top_names_what_is_alive_and_top_cum_what_holds_it()
    {
        var output = Path.Combine(_scratch, "leaky.heap.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.Equal("System.Byte[]", CollectorCli.ReportRows(output, "-top")[0]);
        var holders = CollectorCli.ReportRows(output, "-top", "-cum").Take(3).ToList();
        Assert.Contains(holders, row => row.StartsWith("[static] Sessions: ", StringComparison.Ordinal));
        Assert.Contains("System.Collections.Generic.Dictionary`2[System.Int32,LeakyApp.Session]", holders);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(["inuse_objects/count", "inuse_space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        var goReport = CollectorCli.GoToolPprof(output, "-top", "-cum", "-nodecount=30");
        Assert.Contains("[static] Changed: System.EventHandler", goReport, StringComparison.Ordinal);
    }
}
