using System.Text.Json;
using Pprof.Profiles;
using Pprof.Push;
using Pprof.Push.Ingest;
using Pprof.Sources;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

using static Pprof.Tests.Push.PushedFiles;

namespace Pprof.Tests.Push;

/// <summary><c>dotnet-pprof push --protocol ingest</c>: Pyroscope's legacy <c>/ingest</c>, every field decoded and checked.</summary>
public sealed class IngestProtocolTests
{
    [Fact]
    public async Task Each_file_is_one_multipart_request_with_its_metadata_in_the_query()
    {
        await using var server = await FakePyroscope.StartAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var run = CollectorCli.Run("push", "--protocol", "ingest", "--to", server.Url, "--service", "checkout",
            "--label", "team=pay", "--label", "region=eu.west", "--tenant", "acme", Heap, Goroutines, Cpu);

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"Pushed 3 profiles of checkout to {server.Url}/ingest\n", run.Stdout);
        var requests = server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal("acme", r.Header("X-Scope-OrgID")));
        var (heap, goroutines, cpu) = (await DecodedIngest.ReadAsync(requests[0]), await DecodedIngest.ReadAsync(requests[1]),
            await DecodedIngest.ReadAsync(requests[2]));

        var session = PushSessionOf(heap);
        var name = $"checkout{{__session_id__={session},team=pay,region=eu.west}}";
        var heapTime = new DateTimeOffset(2026, 11, 22, 14, 50, 33, TimeSpan.Zero).ToUnixTimeSeconds();
        var goroutineTime = new DateTimeOffset(2026, 11, 22, 14, 50, 34, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(Query(name, heapTime, heapTime + 1, "bytes", "average"), heap.Query);
        Assert.Equal(Query(name, goroutineTime, goroutineTime + 1, "goroutines", "average"), goroutines.Query);
        var cpuFrom = long.Parse(cpu.Query["from"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cpuFrom, before, after);
        Assert.Equal(Query(name, cpuFrom, cpuFrom, "samples", "sum"), cpu.Query);

        Assert.Equal(
            """{"alloc_objects":{"units":"objects","aggregation":"sum"},"alloc_space":{"units":"bytes","aggregation":"sum"},"inuse_objects":{"units":"objects","aggregation":"average"},"inuse_space":{"units":"bytes","aggregation":"average"}}""",
            JsonSerializer.Serialize(heap.SampleTypeConfig));
        Assert.Equal("""{"goroutine":{"units":"goroutines","aggregation":"average"}}""", JsonSerializer.Serialize(goroutines.SampleTypeConfig));
        Assert.Equal(
            """{"samples":{"units":"samples","aggregation":"sum","display-name":"cpu"},"cpu":{"units":"samples","aggregation":"sum"}}""",
            JsonSerializer.Serialize(cpu.SampleTypeConfig));

        foreach (var (decoded, file) in new[] { heap, goroutines, cpu }.Zip([Heap, Goroutines, Cpu]))
        {
            Assert.Equal(Encoded(ProfileSource.Load(file)), Encoded(decoded.Profile));
        }
    }

    [Fact]
    public async Task A_retried_push_never_sends_again_a_profile_the_server_took()
    {
        await using var server = await FakePyroscope.StartAsync(200, 503);
        var options = new PushOptions { Server = new Uri(server.Url), Protocol = PushProtocol.Ingest, FirstBackoff = TimeSpan.FromMilliseconds(1) };
        using var client = new PyroscopeClient(options);
        PushSeries[] batch = [.. new[] { Heap, Goroutines }.Select(file =>
        {
            var profile = ProfileSource.Load(file);
            return new PushSeries(SeriesLabels.For(ProfileTypeName.Of(profile), "checkout", [], []), [PushSample.Of(profile)]);
        })];

        var attempts = await client.PushAsync(batch);

        // The heap profile was taken at once; the goroutine profile was refused with a 503, then taken.
        Assert.Equal(2, attempts);
        var requests = server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Equal(["bytes", "goroutines", "goroutines"], requests.Select(r => r.Query["units"]));
    }

    [Theory]
    [InlineData("--label", "team=pay,eu", "dotnet-pprof push: label team: /ingest cannot carry a value with { } , = or spaces at its ends (use the default protocol)")]
    [InlineData("--label", "team=a}b", "dotnet-pprof push: label team: /ingest cannot carry a value with { } , = or spaces at its ends (use the default protocol)")]
    [InlineData("--service", "check out", "dotnet-pprof push: service 'check out': /ingest takes letters, digits, _ . - and / only (use the default protocol for others)")]
    public async Task A_label_the_name_parameter_cannot_carry_exits_2_before_sending(string flag, string value, string message)
    {
        await using var server = await FakePyroscope.StartAsync();
        string[] service = flag == "--service" ? [] : ["--service", "checkout"];

        var run = CollectorCli.Run(["push", "--protocol", "ingest", "--to", server.Url, .. service, flag, value, Heap]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message], run.StderrLines);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void An_unknown_protocol_is_a_usage_error()
    {
        var run = CollectorCli.Run("push", "--protocol", "grpc", "--to", "http://127.0.0.1:1", "--service", "checkout", Heap);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--protocol grpc: use connect, ingest or otlp", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samples", "count", "samples", "sum", "cpu")]
    [InlineData("cpu", "nanoseconds", "samples", "sum", null)]
    [InlineData("alloc_space", "bytes", "bytes", "sum", null)]
    [InlineData("alloc_objects", "count", "objects", "sum", null)]
    [InlineData("inuse_space", "bytes", "bytes", "average", null)]
    [InlineData("inuse_objects", "count", "objects", "average", null)]
    [InlineData("retained_space", "bytes", "bytes", "average", null)]
    [InlineData("threads", "count", "goroutines", "average", "goroutines")]
    [InlineData("goroutine", "count", "goroutines", "average", null)]
    [InlineData("contentions", "count", "samples", "sum", null)]
    public void Each_sample_type_has_the_units_and_aggregation_pyroscope_expects(
        string type, string unit, string units, string aggregation, string? displayName)
    {
        Assert.Equal(new IngestSampleType(units, aggregation, displayName), IngestSampleType.Of(new SampleType(type, unit)));
    }

    [Fact]
    public void A_cpu_profile_sampled_every_10ms_has_a_sample_rate_of_100_and_every_1ms_of_1000()
    {
        var profile = new Profile([new SampleType("samples", "count")]) { PeriodType = new SampleType("cpu", "nanoseconds"), Period = 1_000_000, TimeNanos = 5_000_000_000 };
        var payload = Assert.Single(new IngestProtocol(TimeProvider.System).Encode([new PushSeries([new("__name__", "process_cpu"), new("service_name", "s")], [PushSample.Of(profile)])]));

        Assert.Equal("ingest?name=s%7B%7D&from=5&until=5&spyName=dotnetspy&sampleRate=1000&units=samples&aggregationType=sum", payload.Target);
    }

    private static Dictionary<string, string> Query(string name, long from, long until, string units, string aggregation) => new()
    {
        ["name"] = name,
        ["from"] = $"{from}",
        ["until"] = $"{until}",
        ["spyName"] = "dotnetspy",
        ["sampleRate"] = "100",
        ["units"] = units,
        ["aggregationType"] = aggregation,
    };

    private static string PushSessionOf(DecodedIngest request)
    {
        var name = request.Query["name"];
        var start = name.IndexOf("__session_id__=", StringComparison.Ordinal) + "__session_id__=".Length;
        var session = name[start..(start + 16)];
        Assert.Matches("^[0-9a-f]{16}$", session);
        return session;
    }

    private static byte[] Encoded(Profile profile) => ProfileWriter.ToBytes(profile, compress: false);
}
