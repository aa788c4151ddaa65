using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pprof.Driver;
using Pprof.Profiles;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>
/// What a server may send does not hurt the fetching side: answers over the size cap, redirects to other hosts and
/// sample types that are no file names each end in one clear line, or are made safe; the client can be injected.
/// Served by Kestrel on 127.0.0.1, port 0.
/// </summary>
[Collection(FetchingCollection.Name)]
public sealed class SafeFetchingTests : IAsyncLifetime
{
    private const int OneMiB = 1 << 20;
    private readonly string _saved = Directory.CreateTempSubdirectory("pprof-fetched-").FullName;
    private readonly byte[] _profile = File.ReadAllBytes(TestData.File("gobmap.heap.4.pb.gz"));
    private WebApplication _server = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PPROF_TMPDIR", _saved);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/debug/pprof/heap", () => Results.Bytes(_profile));
        _server.MapGet("/large", () => Results.Bytes(new byte[OneMiB + 1]));
        _server.MapGet("/large-unannounced", async context =>
        {
            // Written in pieces, without Content-Length: only counting what arrives finds it too large.
            for (var i = 0; i < 5; i++)
            {
                await context.Response.Body.WriteAsync(new byte[OneMiB / 4]);
                await context.Response.Body.FlushAsync();
            }
        });
        _server.MapGet("/moved", () => Results.Redirect("/debug/pprof/heap"));
        _server.MapGet("/away", (HttpContext context) =>
            Results.Redirect($"http://localhost:{context.Connection.LocalPort}/debug/pprof/heap"));
        _server.MapGet("/loop", () => Results.Redirect("/loop"));
        _server.MapGet("/odd-names", () => Results.Bytes(OddlyNamedProfile()));
        await _server.StartAsync();
        _base = _server.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_saved, recursive: true);
    }

    [Theory]
    [InlineData("/large")]
    [InlineData("/large-unannounced")]
    public void An_answer_over_the_cap_is_refused_in_one_line_naming_the_url(string path)
    {
        var run = DriverRun.Of("-top", "-max_body_mb", "1", _base + path);

        Assert.Equal(1, run.Status);
        Assert.Empty(run.Stdout);
        Assert.Equal($"dotnet-pprof: {_base}{path}: the answer is larger than 1 MiB (use -max_body_mb to accept more)", LastLine(run.Stderr));
    }

    [Fact]
    public void An_answer_under_the_cap_is_read()
    {
        var run = DriverRun.Of("-top", "-max_body_mb", "2", _base + "/large-unannounced");

        // All of it came: it was read, and found to be no profile.
        Assert.Equal(1, run.Status);
        Assert.Contains("the server's answer is not a profile", LastLine(run.Stderr));
    }

    [Fact]
    public void The_cap_is_512_MiB_unless_the_flag_says_otherwise()
    {
        Assert.Equal(512L << 20, new FetchPolicy().MaxBodyBytes);
        Assert.Equal(512L << 20, CommandLine.Parse(["-top", "x"], CommandLine.CreateFlagSet(), _ => { }).Source.Fetch.MaxBodyBytes);
        Assert.Equal(2, DriverRun.Of("-top", "-max_body_mb", "0", _base).Status);
    }

    [Fact]
    public void A_redirect_on_the_same_host_is_followed()
    {
        var run = DriverRun.Of("-top", _base + "/moved").Succeeded();

        Golden.AssertMatchesGoOutput(Path.Combine(TestData.Expected, "gobmap.heap.4.top.txt"), run.Stdout);
    }

    [Fact]
    public void A_redirect_to_another_host_is_refused_unless_asked()
    {
        var refused = DriverRun.Of("-top", _base + "/away");
        var followed = DriverRun.Of("-top", "-cross_host_redirects", _base + "/away");

        Assert.Equal(1, refused.Status);
        Assert.Empty(refused.Stdout);
        var port = new Uri(_base).Port;
        Assert.Equal(
            $"dotnet-pprof: {_base}/away: the server redirects to http://localhost:{port}/debug/pprof/heap, another host: not followed (use -cross_host_redirects to follow it)",
            LastLine(refused.Stderr));
        followed.Succeeded();
        Golden.AssertMatchesGoOutput(Path.Combine(TestData.Expected, "gobmap.heap.4.top.txt"), followed.Stdout);
    }

    [Fact]
    public void Endless_redirects_end_in_one_line()
    {
        var run = DriverRun.Of("-top", _base + "/loop");

        Assert.Equal(1, run.Status);
        Assert.Equal($"dotnet-pprof: {_base}/loop: stopped after 10 redirects", LastLine(run.Stderr));
    }

    [Fact]
    public void The_http_client_can_be_injected()
    {
        using var counting = new CountingHandler();
        using var client = new HttpClient(counting);
        var loader = new SourceLoader(_ => { }, client);

        var profile = loader.Load(new SourceOptions { Sources = [_base + "/moved"] });

        Assert.Equal(["/moved", "/debug/pprof/heap"], counting.Paths);
        Assert.Equal(4, profile.SampleTypes.Count);
    }

    [Fact]
    public void Sample_types_that_are_no_file_names_still_save_the_profile_and_print_the_report()
    {
        var run = DriverRun.Of("-top", _base + "/odd-names").Succeeded();

        var saved = Assert.Single(Directory.GetFiles(_saved));
        Assert.Equal("pprof.evil.x_y.a_b_c..._etc.001.pb.gz", Path.GetFileName(saved));
        Assert.Contains("Saved profile in " + saved, run.Stderr);
        Assert.Contains("Type: ../etc\n", run.Text);
    }

    [Fact]
    public void A_profile_that_cannot_be_saved_is_reported_anyway()
    {
        var notAFolder = Path.Combine(_saved, "file");
        File.WriteAllText(notAFolder, "");
        Environment.SetEnvironmentVariable("PPROF_TMPDIR", notAFolder);

        var run = DriverRun.Of("-top", _base + "/debug/pprof/heap").Succeeded();

        Assert.StartsWith("Could not save profile in " + notAFolder + ": ", LastLine(run.Stderr), StringComparison.Ordinal);
        Golden.AssertMatchesGoOutput(Path.Combine(TestData.Expected, "gobmap.heap.4.top.txt"), run.Stdout);
    }

    /// <summary>A profile whose mapping and sample type names hold path separators and other characters no file name takes.</summary>
    private static byte[] OddlyNamedProfile()
    {
        var profile = new Profile([new SampleType("x/y", "count"), new SampleType("a:b*c", "count"), new SampleType("../etc", "count")]);
        var function = new Function { Id = 1, Name = "main.work", SystemName = "main.work" };
        var mapping = new Mapping { Id = 1, File = "/tmp/../evil" };
        profile.Mappings.Add(mapping);
        profile.Functions.Add(function);
        profile.Locations.Add(new Location { Id = 1, Mapping = mapping, Lines = [new Line(function, 1, 0)] });
        profile.Samples.Add([0], [1, 2, 3], []);
        using var output = new MemoryStream();
        ProfileWriter.Write(profile, output);
        return output.ToArray();
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
