using System.IO.Compression;
using System.Runtime.InteropServices;
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

    [Fact]
    public async Task Every_kind_is_filed_under_pyroscopes_name_with_the_host_and_runtime_labels_and_reads_back_in_go_tool_pprof()
    {
        await using var server = await FakePyroscope.StartAsync();
        var dump = Directory.CreateTempSubdirectory("push-dump-").FullName;
        try
        {
            var run = CollectorCli.Run("push", "--to", server.Url, "--service", "leaky", "-p", $"{app.ProcessId}",
                "--every", "2s", "--count", "1", "--profiles", "cpu,allocs,heap,threads", "--dump-dir", dump);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var request = Assert.Single(server.Requests);
            var push = DecodedPush.Read(request.Body);
            Assert.Equal(["process_cpu", "memory", "memory", "goroutine"], push.Series.Select(s => s.Label("__name__")));
            Assert.Equal(
                ["000001-1-process_cpu.pb.gz", "000001-2-memory.pb.gz", "000001-3-memory.pb.gz", "000001-4-goroutine.pb.gz",
                 "000001-request-1.body", "000001-request-1.http"],
                Directory.GetFiles(dump).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(request.Body, File.ReadAllBytes(Path.Combine(dump, "000001-request-1.body")));
            Assert.StartsWith($"POST {server.Url}/push.v1.PusherService/Push HTTP/1.1\nContent-Type: application/proto\n",
                File.ReadAllText(Path.Combine(dump, "000001-request-1.http")), StringComparison.Ordinal);
            foreach (var (series, file) in push.Series.Zip(Directory.GetFiles(dump, "*.pb.gz").Order(StringComparer.Ordinal)))
            {
                Assert.Equal(
                    ["__name__", "service_name", "__delta__", "__session_id__", "host.name", "os.type", "host.arch",
                     "process.executable.name", "process.runtime.name", "process.runtime.version"],
                    series.Labels.Select(l => l.Name));
                Assert.Equal((Environment.MachineName, "linux", Arch, "LeakyApp", ".NET"),
                    (series.Label("host.name"), series.Label("os.type"), series.Label("host.arch"),
                     series.Label("process.executable.name"), series.Label("process.runtime.name")));
                Assert.Matches(@"^10\.0\.\d+$", series.Label("process.runtime.version"));

                var pushed = Path.Combine(dump, $"inner-{Path.GetFileName(file)}");
                File.WriteAllBytes(pushed, Assert.Single(series.Samples).RawProfile);
                Assert.Equal(Encoded(ProfileSource.Load(file)), Encoded(Profile(series)));
                Assert.Equal(CollectorCli.GoToolPprof(file, "-raw"), CollectorCli.GoToolPprof(pushed, "-raw"));
            }
        }
        finally
        {
            Directory.Delete(dump, recursive: true);
        }
    }

    [Fact]
    public async Task An_otlp_push_of_a_live_process_reads_back_as_what_was_collected()
    {
        await using var server = await FakePyroscope.StartAsync();
        var dump = Directory.CreateTempSubdirectory("push-dump-").FullName;
        try
        {
            var run = CollectorCli.Run("push", "--protocol", "otlp", "--to", server.Url, "--service", "leaky", "--label", "team=pay",
                "-p", $"{app.ProcessId}", "--every", "2s", "--count", "1", "--profiles", "cpu,allocs,threads", "--dump-dir", dump);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var pushed = DecodedOtlp.Read(Assert.Single(server.Requests).Body);
            var collected = Directory.GetFiles(dump, "*.pb.gz").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(3, collected.Length);
            foreach (var (decoded, file) in pushed.Zip(collected))
            {
                Assert.Equal(("leaky", "pay", "LeakyApp"),
                    (decoded.Resource["service.name"], decoded.Resource["team"], decoded.Resource["process.executable.name"]));
                Assert.Equal(CanonicalProfile.Encoded(ProfileSource.Load(file)), CanonicalProfile.Encoded(decoded.Profile));
            }
        }
        finally
        {
            Directory.Delete(dump, recursive: true);
        }
    }

    [Fact]
    public async Task An_ingest_push_of_a_live_process_names_the_host_and_runtime_in_the_name_parameter()
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.Run("push", "--protocol", "ingest", "--to", server.Url, "--service", "leaky",
            "-p", $"{app.ProcessId}", "--every", "2s", "--count", "1", "--profiles", "threads");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var ingest = await DecodedIngest.ReadAsync(Assert.Single(server.Requests));
        Assert.Matches(
            $@"^leaky\{{__session_id__=[0-9a-f]{{16}},host\.name={Environment.MachineName},os\.type=linux,host\.arch={Arch},"
            + @"process\.executable\.name=LeakyApp,process\.runtime\.name=\.NET,process\.runtime\.version=10\.0\.\d+\}$",
            ingest.Query["name"]);
        Assert.Equal(("goroutines", "average"), (ingest.Query["units"], ingest.Query["aggregationType"]));
        Assert.Equal(["threads/count"], ingest.Profile.SampleTypes.Select(t => t.ToString()));
    }

    private static string Arch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString(),
    };

    private static byte[] Encoded(Pprof.Profiles.Profile profile) => Pprof.Profiles.ProfileWriter.ToBytes(profile, compress: false);

    private static Pprof.Profiles.Profile Profile(DecodedSeries series)
    {
        using var gunzip = new GZipStream(new MemoryStream(Assert.Single(series.Samples).RawProfile), CompressionMode.Decompress);
        return ProfileSource.Load(gunzip);
    }
}
