using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary><c>collect threads</c> against LeakyApp, which starts a polling thread every 25 requests and never stops one.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class ThreadsCollectionTests(LeakyAppFixture app) : IDisposable
{
    /// <summary>Started during LeakyApp's 300 warm-up requests, before it prints "ready".</summary>
    private const int WarmUpWorkers = 12;

    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-threads-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Leaked_threads_are_counted_by_their_stack()
    {
        var output = Path.Combine(_scratch, "leaky.threads.pb.gz");

        var run = CollectorCli.Run("collect", "threads", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(["threads/count"], profile.SampleTypes.Select(t => t.ToString()));
        Assert.True(ThreadsIn(profile, "LeakyApp.PollingWorker.Run") >= WarmUpWorkers);
        Assert.Contains("LeakyApp.PollingWorker.Run", CollectorCli.ReportRows(output, "-top", "-cum").Take(3));
        Assert.Contains("LeakyApp.PollingWorker.Run", CollectorCli.GoToolPprof(output, "-top", "-cum"), StringComparison.Ordinal);

        // The workers sleep: outside managed code when the profiler sees them.
        var sleeping = CollectorCli.Report(output, "-tags", "-focus=PollingWorker.Run");
        Assert.Contains("waiting or in native code", sleeping, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "goroutine profile: total ")]
    [InlineData("dump", "goroutine 1 [waiting or in native code]:\n")]
    public void Text_formats_are_Gos_goroutine_layouts_that_our_pprof_reads_back(string format, string start)
    {
        var output = Path.Combine(_scratch, $"leaky.threads.{format}.txt");

        var run = CollectorCli.Run("collect", "threads", "-p", $"{app.ProcessId}", "--format", format, "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var text = File.ReadAllText(output);
        Assert.StartsWith(start, text, StringComparison.Ordinal);
        Assert.Contains("LeakyApp/PollingWorker.cs:", text, StringComparison.Ordinal);
        Assert.True(ThreadsIn(ProfileReader.ReadFile(output), "LeakyApp.PollingWorker.Run") >= WarmUpWorkers);
        Assert.Contains("LeakyApp.PollingWorker.Run", CollectorCli.ReportRows(output, "-top", "-cum").Take(3));
        if (format == "text")
        {
            // Go's tool reads the debug=1 layout too, but not the frames' names in its comments.
            Assert.Contains("Type: goroutine", CollectorCli.GoToolPprof(output, "-top"), StringComparison.Ordinal);
        }
    }

    private static long ThreadsIn(Profile profile, string function)
    {
        long threads = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            foreach (var location in cursor.Stack)
            {
                if (profile.Locations[location].Lines.Any(line => line.Function?.Name == function))
                {
                    threads += cursor.Values[0];
                    break;
                }
            }
        }

        return threads;
    }
}
