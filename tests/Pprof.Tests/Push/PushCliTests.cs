using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using Pprof.Profiles;
using Pprof.Push;
using Pprof.Sources;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

using static Pprof.Tests.Push.PushedFiles;

namespace Pprof.Tests.Push;

/// <summary><c>dotnet-pprof push FILE...</c> run as a user runs it, against a local server playing Pyroscope.</summary>
public sealed class PushCliTests
{
    [Fact]
    public async Task Each_file_is_one_series_of_its_kind_with_our_labels_and_the_users()
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.RunWith(
            new Dictionary<string, string> { ["PYRO_PASSWORD"] = "s3cret" },
            "push", "--to", server.Url, "--service", "checkout", "--label", "team=pay", "--label", "region=eu.west",
            "--tenant", "acme", "--basic-auth-user", "pusher", "--basic-auth-password-env", "PYRO_PASSWORD",
            "--header", "X-Proxy-Token=abc", Heap, Goroutines, Cpu);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"Pushed 3 profiles of checkout to {server.Url}/push.v1.PusherService/Push\n", run.Stdout);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/push.v1.PusherService/Push", "HTTP/1.1"), (request.Method, request.Path, request.Protocol));
        Assert.Equal("application/proto", request.ContentType);
        Assert.Equal("acme", request.Header("X-Scope-OrgID"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pusher:s3cret")), request.Header("Authorization"));
        Assert.Equal("abc", request.Header("X-Proxy-Token"));

        var push = DecodedPush.Read(request.Body);
        Assert.Equal(3, push.Series.Count);
        Assert.Equal(["memory", "goroutine", "process_cpu"], push.Series.Select(s => s.Label("__name__")));
        var session = push.Series[0].Label("__session_id__");
        Assert.Matches("^[0-9a-f]{16}$", session);
        foreach (var (series, file) in push.Series.Zip([Heap, Goroutines, Cpu]))
        {
            Assert.Equal(
                ["__name__", "service_name", "__delta__", "__session_id__", "team", "region"],
                series.Labels.Select(l => l.Name));
            Assert.Equal(("checkout", "false", session), (series.Label("service_name"), series.Label("__delta__"), series.Label("__session_id__")));
            Assert.Equal(("pay", "eu.west"), (series.Label("team"), series.Label("region")));
            var sample = Assert.Single(series.Samples);
            Assert.True(Guid.TryParse(sample.Id, out _), sample.Id);
            Assert.Equal(Encoded(ProfileSource.Load(file)), Encoded(ProfileSource.Load(Gunzip(sample.RawProfile))));
        }

        Assert.Equal(3, push.Series.Select(s => s.Samples[0].Id).Distinct().Count());
        var pushedHeap = Path.Combine(Path.GetTempPath(), $"pushed-{Guid.NewGuid()}.pb.gz");
        try
        {
            File.WriteAllBytes(pushedHeap, push.Series[0].Samples[0].RawProfile);
            Assert.Equal(CollectorCli.GoToolPprof(Heap, "-top"), CollectorCli.GoToolPprof(pushedHeap, "-top"));
        }
        finally
        {
            File.Delete(pushedHeap);
        }
    }

    [Fact]
    public async Task A_server_error_is_tried_again()
    {
        await using var server = await FakePyroscope.StartAsync(500);

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout", Heap);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("after 2 attempts\n", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests.First().Body.Length, server.Requests.Last().Body.Length);
    }

    [Fact]
    public async Task A_refusal_is_not_tried_again_and_its_reason_is_shown()
    {
        await using var server = await FakePyroscope.StartAsync(400);

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout", Heap);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [$"dotnet-pprof push: {server.Url}/push.v1.PusherService/Push: HTTP 400 Bad Request: fake pyroscope says 400"],
            run.StderrLines);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void An_unreachable_server_fails_with_one_line_naming_it()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = CollectorCli.Run("push", "--to", url, "--service", "checkout", Heap);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith($"dotnet-pprof push: {url}/push.v1.PusherService/Push: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(gave up after 3 attempts)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--label", "1team=pay", "dotnet-pprof push: label name '1team': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)")]
    [InlineData("--label", "team", "dotnet-pprof push: --label team: write it as NAME=VALUE")]
    [InlineData("--label", "__name__=x", "dotnet-pprof push: label __name__: names starting with __ are Pyroscope's own")]
    [InlineData("--label", "service_name=x", "dotnet-pprof push: label service_name: give the service as the service name instead")]
    [InlineData("--header", "Content-Type=text/plain", "dotnet-pprof push: header Content-Type: not a request header that push can set")]
    [InlineData("--basic-auth-password-env", "PPROF_TEST_UNSET_VARIABLE",
        "dotnet-pprof push: basic auth needs both --basic-auth-user and --basic-auth-password-env (see dotnet-pprof push --help)")]
    public async Task A_configuration_error_exits_2_before_sending(string flag, string value, string message)
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout", flag, value, Heap);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message], run.StderrLines);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_password_variable_that_is_not_set_exits_2_before_sending()
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout",
            "--basic-auth-user", "u", "--basic-auth-password-env", "PPROF_TEST_UNSET_VARIABLE", Heap);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["dotnet-pprof push: --basic-auth-password-env PPROF_TEST_UNSET_VARIABLE: that environment variable is not set"], run.StderrLines);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_file_that_is_not_a_profile_is_named_and_nothing_is_sent()
    {
        await using var server = await FakePyroscope.StartAsync();
        var readme = TestData.File("README.md");

        var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout", Heap, readme);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"dotnet-pprof push: {readme}: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_dump_directory_holds_each_profile_and_request_with_the_credentials_masked()
    {
        await using var server = await FakePyroscope.StartAsync();
        var dump = Path.Combine(Path.GetTempPath(), $"push-dump-{Guid.NewGuid()}", "nested");
        try
        {
            var run = CollectorCli.RunWith(
                new Dictionary<string, string> { ["PYRO_PASSWORD"] = "s3cret" },
                "push", "--to", server.Url, "--service", "checkout", "--tenant", "acme", "--basic-auth-user", "pusher",
                "--basic-auth-password-env", "PYRO_PASSWORD", "--dump-dir", dump, Heap, Goroutines);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var request = Assert.Single(server.Requests);
            Assert.Equal(
                ["000001-1-memory.pb.gz", "000001-2-goroutine.pb.gz", "000001-request-1.body", "000001-request-1.http"],
                Directory.GetFiles(dump).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(request.Body, File.ReadAllBytes(Path.Combine(dump, "000001-request-1.body")));
            Assert.Equal(
                $"POST {server.Url}/push.v1.PusherService/Push HTTP/1.1\nContent-Type: application/proto\n"
                + $"Content-Length: {request.Body.Length}\nX-Scope-OrgID: acme\nAuthorization: (masked)\n",
                File.ReadAllText(Path.Combine(dump, "000001-request-1.http")));
            var push = DecodedPush.Read(request.Body);
            Assert.Equal(push.Series[0].Samples[0].RawProfile, File.ReadAllBytes(Path.Combine(dump, "000001-1-memory.pb.gz")));
            Assert.Equal(Encoded(ProfileSource.Load(Heap)), Encoded(ProfileSource.Load(Path.Combine(dump, "000001-1-memory.pb.gz"))));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dump)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_dump_directory_that_cannot_be_made_exits_2_before_sending()
    {
        await using var server = await FakePyroscope.StartAsync();
        var file = Path.GetTempFileName();
        try
        {
            var run = CollectorCli.Run("push", "--to", server.Url, "--service", "checkout", "--dump-dir", Path.Combine(file, "dump"), Heap);

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith($"dotnet-pprof push: dump directory {Path.Combine(file, "dump")}: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
            Assert.Empty(server.Requests);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Help_states_the_retry_defaults()
    {
        var run = CollectorCli.Run("push", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("tried 3 times at most, each try for 10s, all within 30s", run.Stdout, StringComparison.Ordinal);
    }

    private static byte[] Encoded(Profile profile) => ProfileWriter.ToBytes(profile, compress: false);

    private static byte[] Gunzip(byte[] gzipped)
    {
        Assert.Equal([0x1f, 0x8b], gzipped[..2]);
        using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A port nothing listens on: bound by us, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
