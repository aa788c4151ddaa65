using System.Net;
using System.Text.Json;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>
/// One server on a heap profile for the tests below, as <c>dotnet-pprof -http=127.0.0.1:0 -no_browser PROFILE</c>,
/// with a configuration folder of its own (XDG_CONFIG_HOME), so that saved configurations stay in the test.
/// </summary>
public sealed class GobmapWebUi : IDisposable
{
    public static readonly string Profile = TestData.File("gobmap.heap.4.pb.gz");

    public GobmapWebUi()
    {
        ConfigHome = Directory.CreateTempSubdirectory("dotnet-pprof-web-").FullName;
        Server = new(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = ConfigHome }, Profile);
    }

    public string ConfigHome { get; }

    public string SettingsFile => Path.Combine(ConfigHome, "dotnet-pprof", "settings.json");

    public WebUiProcess Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        Directory.Delete(ConfigHome, recursive: true);
    }
}

/// <summary>The web UI served by the real command line, read over HTTP as a browser reads it.</summary>
public sealed class WebUiTests(GobmapWebUi fixture) : IClassFixture<GobmapWebUi>
{
    private static readonly string[] SpaceSeparated = [" "];

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public void The_printed_URL_is_the_loopback_address_asked_for()
    {
        Assert.Equal("127.0.0.1", fixture.Server.Url.Host);
        Assert.NotEqual(0, fixture.Server.Url.Port);
    }

    [Theory]
    [InlineData("/ui/top?si=alloc_space&f=gob&h=%5Eruntime%5C.&n=4", "-sample_index=alloc_space", "-focus=gob", "-hide=^runtime\\.", "-nodecount=4")]
    [InlineData("/ui/top", "-top")]
    [InlineData("/ui/top?si=inuse_objects&i=reflect&sf=main%5C.&g=lines", "-sample_index=inuse_objects", "-ignore=reflect", "-show_from=main\\.", "-lines")]
    public async Task The_top_view_shows_the_legend_and_rows_of_top(string path, params string[] flags)
    {
        var page = await WebUiPage.Get(Client, path);
        var cli = DriverRun.Of(["-top", .. flags, GobmapWebUi.Profile]).Succeeded().Text.TrimEnd('\n').Split('\n');

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(cli[..page.Legend.Count], page.Legend);
        Assert.Equal(cli[(page.Legend.Count + 1)..].Select(Words), page.TopRows);
        Assert.NotEmpty(page.TopRows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?si=alloc_space")]
    [InlineData("?si=alloc_objects&f=gob")]
    public async Task The_flame_graphs_frames_add_up_to_the_profiles_total(string query)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/flamegraph" + query, UriKind.Relative)));
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().Select(f => (Parent: f[1].GetInt32(), Value: f[2].GetInt64(), Self: f[3].GetInt64())).ToList();

        var root = frames[0];
        Assert.Equal(-1, root.Parent);
        Assert.Equal(json.RootElement.GetProperty("total").GetInt64(), root.Value);
        for (var id = 0; id < frames.Count; id++)
        {
            var children = frames.Where(f => f.Parent == id).Sum(f => f.Value);
            Assert.Equal(frames[id].Value, frames[id].Self + children);
        }
    }

    [Fact]
    public async Task The_flame_graphs_total_is_the_profiles_total_for_its_sample_type()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/flamegraph?si=alloc_space", UriKind.Relative)));
        var top = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/top?si=alloc_space", UriKind.Relative))).RootElement;
        var expected = new ProfileReport(ProfileSource.Load(GobmapWebUi.Profile), new ReportOptions { SampleIndex = "alloc_space" }).Top().Total;

        Assert.Equal(expected, json.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(expected, json.RootElement.GetProperty("frames")[0][2].GetInt64());
        Assert.Equal(expected, top.GetProperty("total").GetInt64());
        Assert.Equal("bytes", json.RootElement.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task The_flame_graph_page_fetches_its_frames_with_the_same_query()
    {
        var page = await WebUiPage.Get(Client, "/ui/?si=alloc_space&f=gob");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-api=\"api/flamegraph?f=gob&amp;si=alloc_space\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"assets/flamegraph.js\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<option selected>alloc_space</option>", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/top?f=(", "f (focus): Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("/ui/?h=[", "h (hide): Invalid pattern '[' at offset 1. Unterminated [] set.")]
    [InlineData("/ui/top?n=abc", "n (nodecount): abc is not a whole number")]
    [InlineData("/ui/peek?si=no_such_index&f=main", "si (sample_index): the profile has no sample type no_such_index (it has alloc_objects, alloc_space, inuse_objects, inuse_space)")]
    [InlineData("/ui/top?g=bytes", "g (granularity): bytes is not one of functions, filefunctions, files, lines, addresses")]
    public async Task A_bad_parameter_is_a_400_with_one_line_in_the_page(string path, string message)
    {
        var page = await WebUiPage.Get(Client, path);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal([message], page.Errors);
        Assert.Contains("<form", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_parameter_to_the_API_is_a_400_with_one_line_and_the_server_goes_on()
    {
        using var response = await Client.GetAsync(new Uri("/ui/api/flamegraph?f=(", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("f (focus): Invalid pattern '(' at offset 1. Not enough )'s.\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await WebUiPage.Get(Client, "/ui/top")).Status);
    }

    [Theory]
    [InlineData("peek", "-peek=^main\\.main$")]
    [InlineData("source", "-list=^main\\.main$")]
    public async Task Peek_and_source_show_the_report_of_the_focused_functions(string view, string flag)
    {
        var page = await WebUiPage.Get(Client, $"/ui/{view}?f=%5Emain%5C.main%24");
        var cli = DriverRun.Of(flag, "-focus=^main\\.main$", GobmapWebUi.Profile).Succeeded().Text;

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(cli, page.Report);
    }

    [Fact]
    public async Task The_graph_is_drawn_by_dot_as_svg()
    {
        var page = await WebUiPage.Get(Client, "/ui/graph?si=alloc_space");
        using var svg = await Client.GetAsync(new Uri("/ui/api/graph.svg?si=alloc_space", UriKind.Relative));
        var picture = await svg.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<img class=\"graph\" alt=\"call graph\" src=\"api/graph.svg?si=alloc_space\">", page.Html, StringComparison.Ordinal);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", picture, StringComparison.Ordinal);
        Assert.Contains("Type: alloc_space", picture, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_gives_the_profile_back()
    {
        var bytes = await Client.GetByteArrayAsync(new Uri("/ui/download", UriKind.Relative));
        var original = ProfileSource.Load(GobmapWebUi.Profile);
        var downloaded = ProfileSource.Load(bytes);

        Assert.Equal(new ProfileReport(original).ToText(ReportFormat.Text), new ProfileReport(downloaded).ToText(ReportFormat.Text));
    }

    [Fact]
    public async Task Pages_allow_nothing_from_elsewhere()
    {
        using var response = await Client.GetAsync(new Uri("/ui/top", UriKind.Relative));
        using var script = await Client.GetAsync(new Uri("/ui/assets/flamegraph.js", UriKind.Relative));

        Assert.Equal("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Parallel_requests_get_identical_bytes()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.GetByteArrayAsync(new Uri("/ui/api/flamegraph?si=inuse_objects&h=reflect", UriKind.Relative))));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    private static string Words(string line) => string.Join(' ', line.Split(SpaceSeparated, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>The command line's flags are where every view starts.</summary>
public sealed class WebUiCommandLineTests
{
    [Fact]
    public async Task Flags_on_the_command_line_apply_to_the_views()
    {
        using var server = new WebUiProcess("-sample_index=alloc_space", "-focus=gob", "-nodecount=3", GobmapWebUi.Profile);
        var page = await WebUiPage.Get(server.Client, "/ui/top");
        var cli = DriverRun.Of("-top", "-sample_index=alloc_space", "-focus=gob", "-nodecount=3", GobmapWebUi.Profile).Succeeded().Text.Split('\n');

        Assert.Equal(cli[..page.Legend.Count], page.Legend);
        Assert.Equal(3, page.TopRows.Count);
    }

    [Fact]
    public async Task A_profile_given_by_URL_is_fetched_and_served_as_its_file_is()
    {
        var saved = Directory.CreateTempSubdirectory("dotnet-pprof-fetched-");
        try
        {
            using var origin = new WebUiProcess(GobmapWebUi.Profile);
            // As pprof does, the command keeps what it fetched: under $PPROF_TMPDIR, not the user's ~/pprof.
            using var server = new WebUiProcess(
                new Dictionary<string, string> { ["PPROF_TMPDIR"] = saved.FullName }, "-sample_index=alloc_space", new Uri(origin.Url, "/ui/download").ToString());

            var page = await WebUiPage.Get(server.Client, "/ui/top");
            var cli = DriverRun.Of("-top", "-sample_index=alloc_space", GobmapWebUi.Profile).Succeeded().Text.TrimEnd('\n').Split('\n');

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(cli[..page.Legend.Count], page.Legend);
            Assert.Equal(cli.Length - page.Legend.Count - 1, page.TopRows.Count);
            Assert.Single(saved.GetFiles("*.pb.gz"));
        }
        finally
        {
            saved.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_no_browser_a_browser_is_opened_on_the_flame_graph()
    {
        var folder = Directory.CreateTempSubdirectory("dotnet-pprof-browser-");
        try
        {
            // $BROWSER as pprof reads it: a command that is given the URL.
            var opened = Path.Combine(folder.FullName, "opened");
            var browser = Path.Combine(folder.FullName, "browser.sh");
            File.WriteAllText(browser, $"echo \"$1\" >> '{opened}'\n");
            using var server = WebUiProcess.Command(new Dictionary<string, string> { ["BROWSER"] = "sh " + browser }, "-http=127.0.0.1:0", GobmapWebUi.Profile);

            // A line written whole: the script creates the file before it writes to it.
            string Opened() => File.Exists(opened) ? File.ReadAllText(opened) : "";
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!Opened().EndsWith('\n') && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(new Uri(server.Url, "/ui/") + "\n", Opened());
            Assert.Equal(HttpStatusCode.OK, (await WebUiPage.Get(server.Client, "/ui/")).Status);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("localhost", "-http=localhost: expected [host]:[port], such as :8080 or localhost:0")]
    [InlineData(":http", "-http=:http: the port http is not a number from 0 to 65535")]
    [InlineData("127.0.0.1:65536", "-http=127.0.0.1:65536: the port 65536 is not a number from 0 to 65535")]
    public void A_malformed_address_is_a_usage_mistake(string address, string message)
    {
        var error = Assert.Throws<Pprof.Web.WebUiException>(() => Pprof.Web.ListenAddress.Parse(address));

        Assert.True(error.IsUsageMistake);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(":8080", "localhost", 8080)]
    [InlineData(":", "localhost", 0)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("[::1]:9000", "::1", 9000)]
    public void An_address_is_read_as_pprof_reads_it(string address, string host, int port)
    {
        var parsed = Pprof.Web.ListenAddress.Parse(address);

        Assert.Equal((host, port, true), (parsed.Host, parsed.Port, parsed.IsLoopback));
    }
}

/// <summary>A server on a loopback address answers its own machine only, as pprof's does.</summary>
public sealed class WebUiGuardTests
{
    [Theory]
    [InlineData("127.0.0.1:0", "192.0.2.7", 403)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 200)]
    [InlineData("localhost:0", "::1", 200)]
    [InlineData("0.0.0.0:0", "192.0.2.7", 200)]
    public async Task Clients_from_elsewhere_are_refused_by_a_loopback_server(string address, string client, int status)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        var guard = Pprof.Web.WebUi.Guard(Pprof.Web.ListenAddress.Parse(address));

        await guard(context, _ => Task.CompletedTask);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("default-src 'self'", context.Response.Headers.ContentSecurityPolicy.ToString());
    }
}
