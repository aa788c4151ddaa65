using System.IO.Compression;
using Pprof.Sources;
using Pprof.Tests.Collector;

namespace Pprof.Tests.Push;

/// <summary><c>dotnet-pprof push -p PID --every</c> against LeakyApp, pushing to a local server playing Pyroscope.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class LivePushTests(LeakyAppFixture app)
{
    [Fact]
    public async Task Each_window_is_collected_and_pushed_as_one_request()
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "leaky", "--label", "team=pay",
            "-p", $"{app.ProcessId}", "--every", "3s", "--count", "2", "--profiles", "cpu,threads");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            "window 1: collected process_cpu, goroutine\nwindow 2: collected process_cpu, goroutine\n4 pushed, 0 failed, 0 dropped\n",
            run.Stdout);
        Assert.Equal(2, server.Requests.Count);
        foreach (var request in server.Requests)
        {
            var push = DecodedPush.Read(request.Body);
            Assert.Equal(["process_cpu", "goroutine"], push.Series.Select(s => s.Label("__name__")));
            Assert.All(push.Series, s => Assert.Equal(("leaky", "pay"), (s.Label("service_name"), s.Label("team"))));
            var (cpu, threads) = (Profile(push.Series[0]), Profile(push.Series[1]));
            Assert.Equal(["samples/count", "cpu/nanoseconds"], cpu.SampleTypes.Select(t => t.ToString()));
            Assert.Equal(["threads/count"], threads.SampleTypes.Select(t => t.ToString()));
            Assert.True(threads.Samples.Count > 0);
        }
    }

    [Fact]
    public async Task A_failing_server_never_stops_the_collection_and_the_failures_are_counted()
    {
        await using var server = await FakePyroscope.StartAsync(400, 400, 400);

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "leaky",
            "-p", $"{app.ProcessId}", "--every", "3s", "--count", "3", "--profiles", "threads");

        Assert.Equal(1, run.ExitCode);
        var push = $"{server.Url}/push.v1.PusherService/Push";
        Assert.Equal(
            [
                $"dotnet-pprof push: {push}: HTTP 400 Bad Request: fake pyroscope says 400; 1 profile not pushed",
                $"dotnet-pprof push: {push}: HTTP 400 Bad Request: fake pyroscope says 400; 1 profile not pushed",
                $"dotnet-pprof push: {push}: HTTP 400 Bad Request: fake pyroscope says 400; 1 profile not pushed",
                "dotnet-pprof push: 0 pushed, 3 failed, 0 dropped",
            ],
            run.StderrLines);
        Assert.Equal(3, server.Requests.Count);
    }

    private static Pprof.Profiles.Profile Profile(DecodedSeries series)
    {
        using var gunzip = new GZipStream(new MemoryStream(Assert.Single(series.Samples).RawProfile), CompressionMode.Decompress);
        return ProfileSource.Load(gunzip);
    }
}
