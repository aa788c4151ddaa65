using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pprof.Driver;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>Profiles fetched over HTTP, as <c>go tool pprof http://host/debug/pprof/heap</c> does, from a local server.</summary>
[Collection(FetchingCollection.Name)]
public sealed class UrlSourceTests : IDisposable
{
    private readonly HttpListener _server = new();
    private readonly string _saved = Directory.CreateTempSubdirectory("pprof-fetched-").FullName;
    private readonly int _port = FreePort();
    private readonly List<string> _requests = [];

    public UrlSourceTests()
    {
        _server.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _server.Start();
        _ = Task.Run(Serve);
        Environment.SetEnvironmentVariable("PPROF_TMPDIR", _saved);
    }

    public void Dispose()
    {
        _server.Close();
        Directory.Delete(_saved, recursive: true);
    }

    [Fact]
    public void Top_of_a_url_prints_the_report_and_saves_the_profile()
    {
        var (status, stdout, stderr) = Run("-top", $"http://127.0.0.1:{_port}/debug/pprof/heap");

        Assert.Equal(0, status);
        Golden.AssertMatches(Path.Combine(TestData.Expected, "gobmap.heap.4.top.txt"), Encoding.UTF8.GetBytes(stdout));
        Assert.Contains($"Fetching profile over HTTP from http://127.0.0.1:{_port}/debug/pprof/heap", stderr);
        var saved = Assert.Single(Directory.GetFiles(_saved));
        Assert.Equal("pprof.goleaks.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz", Path.GetFileName(saved));
        Assert.Contains("Saved profile in " + saved, stderr);
    }

    /// <summary>
    /// Without <c>PPROF_TMPDIR</c> a fetched profile is kept under <c>$HOME/pprof</c>, made even where <c>$HOME</c> does
    /// not exist yet, as Go's tool does; not under <c>./pprof</c>. A process of its own: <c>HOME</c> is the process's.
    /// </summary>
    [Fact]
    public async Task Without_PPROF_TMPDIR_the_profile_is_kept_under_HOME_even_before_HOME_exists()
    {
        var home = Path.Combine(_saved, "home-not-made-yet");
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _saved,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"), "-top", $"http://127.0.0.1:{_port}/debug/pprof/heap" },
            Environment = { ["HOME"] = home, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        start.Environment.Remove("PPROF_TMPDIR");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await stdout;
        using var finished = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(finished.Token);

        Assert.True(process.ExitCode == 0, stderr);
        var saved = Assert.Single(Directory.GetFiles(Path.Combine(home, "pprof")));
        Assert.Contains("Saved profile in " + saved, stderr);
        Assert.False(Directory.Exists(Path.Combine(_saved, "pprof")));
    }

    [Fact]
    public void Host_and_port_alone_mean_http_and_seconds_go_into_the_query()
    {
        var (status, _, _) = Run("-top", "-seconds", "1", $"127.0.0.1:{_port}/debug/pprof/heap");

        Assert.Equal(0, status);
        Assert.Contains("/debug/pprof/heap?seconds=1", _requests);
    }

    [Fact]
    public void An_empty_path_asks_for_the_cpu_profile_as_go_does()
    {
        Run("-top", $"127.0.0.1:{_port}");

        Assert.Contains("/debug/pprof/profile", _requests);
    }

    [Fact]
    public void A_server_answering_garbage_gives_one_clear_line()
    {
        var (status, stdout, stderr) = Run("-top", $"http://127.0.0.1:{_port}/garbage");

        Assert.Equal(1, status);
        Assert.Empty(stdout);
        Assert.Contains("the server's answer is not a profile", LastLine(stderr));
    }

    [Fact]
    public void A_server_error_is_reported_with_its_message()
    {
        var (status, _, stderr) = Run("-top", $"http://127.0.0.1:{_port}/fail");

        Assert.Equal(1, status);
        Assert.Contains("500", LastLine(stderr));
        Assert.Contains("profiling is switched off", LastLine(stderr));
    }

    [Fact]
    public void A_server_that_is_down_gives_one_clear_line()
    {
        var (status, _, stderr) = Run("-top", $"http://127.0.0.1:{FreePort()}/debug/pprof/heap");

        Assert.Equal(1, status);
        Assert.StartsWith("dotnet-pprof: http://127.0.0.1:", LastLine(stderr));
    }

    private (int Status, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var status = PprofDriver.Run(args, stdout, stderr);
        return (status, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    private async Task Serve()
    {
        while (_server.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _server.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.Url!.PathAndQuery;
            lock (_requests)
            {
                _requests.Add(path);
            }

            var response = context.Response;
            byte[] body;
            if (path.StartsWith("/fail", StringComparison.Ordinal))
            {
                response.StatusCode = 500;
                response.ContentType = "text/plain";
                body = "profiling is switched off\n"u8.ToArray();
            }
            else if (path.StartsWith("/garbage", StringComparison.Ordinal))
            {
                body = [0xff, 0x00, 0x13, 0x37, 0x42];
            }
            else
            {
                body = await File.ReadAllBytesAsync(TestData.File("gobmap.heap.4.pb.gz"));
            }

            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
