using System.Net;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>
/// Every route against every view parameter pprof's web interface defines (internal/driver/config.go's URL names),
/// read as pprof reads them: booleans as its URLs write them (<c>t</c>, <c>f</c>), <c>n=-1</c> the default, its older
/// flame graph routes redirected; and every malformed value a 400 with one line, whatever the route.
/// </summary>
public sealed class PprofSurfaceTests(GobmapWebUi fixture) : IClassFixture<GobmapWebUi>
{
    /// <summary>Every route that reads the view parameters: pages, data and downloads.</summary>
    private static readonly string[] Routes =
    [
        "/ui/", "/ui/flamegraph", "/ui/top", "/ui/graph", "/ui/peek?f=main", "/ui/source?f=main", "/ui/sandwich?f=main", "/ui/tags",
        "/ui/api/flamegraph", "/ui/api/top", "/ui/api/graph.svg", "/ui/api/progress", "/ui/api/sandwich?f=main",
        "/ui/download/filtered", "/ui/download/collapsed", "/ui/download/flamegraph.svg",
    ];

    private HttpClient Client => fixture.Server.Client;

    public static TheoryData<string, string> BadParameters => new()
    {
        { "f=(", "f (focus): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "i=(", "i (ignore): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "h=(", "h (hide): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "s=(", "s (show): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "sf=(", "sf (show_from): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "prunefrom=(", "prunefrom (prune_from): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "ts=(", "ts (tagshow): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "th=(", "th (taghide): Invalid pattern '(' at offset 1. Not enough )'s." },
        { "tf=(", "tf (tagfocus): " },
        { "ti=(", "ti (tagignore): " },
        { "si=no_such_index", "si (sample_index): the profile has no sample type no_such_index (it has alloc_objects, alloc_space, inuse_objects, inuse_space)" },
        { "si=9", "si (sample_index): the profile has no sample type 9 (it has alloc_objects, alloc_space, inuse_objects, inuse_space)" },
        { "n=abc", "n (nodecount): abc is not a whole number" },
        { "nf=2", "nf (nodefraction): 2 is not a fraction from 0 to 1" },
        { "ef=x", "ef (edgefraction): x is not a fraction from 0 to 1" },
        { "g=bytes", "g (granularity): bytes is not one of functions, filefunctions, files, lines, addresses" },
        { "sort=size", "sort (sort): size is neither flat nor cum" },
        { "trim=maybe", "trim (trim): maybe is neither true nor false" },
        { "mean=maybe", "mean (mean): maybe is neither true nor false" },
        { "noinlines=maybe", "noinlines (noinlines): maybe is neither true nor false" },
        { "dropneg=maybe", "dropneg (drop_negative): maybe is neither true nor false" },
        { "rel=maybe", "rel (relative_percentages): maybe is neither true nor false" },
        { "compact=maybe", "compact (compact_labels): maybe is neither true nor false" },
        { "calltree=maybe", "calltree (call_tree): maybe is neither true nor false" },
        { "intel=maybe", "intel (intel_syntax): maybe is neither true nor false" },
        { "norm=maybe", "norm (normalize): maybe is neither true nor false" },
        { "showcolumns=t", "showcolumns (showcolumns): dotnet-pprof's reports do not show source columns: leave it out" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task A_bad_parameter_is_a_400_with_its_one_line_on_every_route(string parameter, string message)
    {
        foreach (var route in Routes)
        {
            var path = parameter.StartsWith("f=", StringComparison.Ordinal) && route.EndsWith("?f=main", StringComparison.Ordinal)
                ? route.Replace("f=main", parameter, StringComparison.Ordinal)
                : route + (route.Contains('?', StringComparison.Ordinal) ? "&" : "?") + parameter;
            using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            var said = response.Content.Headers.ContentType?.MediaType == "text/html"
                ? Assert.Single(new WebUiPage(response.StatusCode, body).Errors)
                : body.TrimEnd('\n');
            Assert.False(said.Contains('\n', StringComparison.Ordinal), $"{path}: {said}");
            Assert.StartsWith(message, said, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await WebUiPage.Get(Client, "/ui/top")).Status);
    }

    /// <summary>
    /// A regexp that backtracks without end on the profile's longer names (<c>encoding/gob.(*Decoder).compileDec</c>):
    /// it matches nothing, and no machine finishes it within the 2-second timeout.
    /// </summary>
    private const string EndlessRegexp = "^(.*.*.*.*)*!$";

    [Theory]
    [InlineData("/ui/api/flamegraph?si=alloc_space&f=")]
    [InlineData("/ui/top?h=")]
    [InlineData("/ui/api/sandwich?f=")]
    [InlineData("/ui/download/collapsed?i=")]
    public async Task A_regexp_that_runs_past_its_timeout_is_a_400_and_the_server_goes_on(string route)
    {
        var path = route + Uri.EscapeDataString(EndlessRegexp);
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        var said = response.Content.Headers.ContentType?.MediaType == "text/html" ? Assert.Single(new WebUiPage(response.StatusCode, body).Errors) : body.TrimEnd('\n');
        Assert.Equal("a regular expression took longer than 2s to match: simplify it", said);
        Assert.Equal(HttpStatusCode.OK, (await WebUiPage.Get(Client, "/ui/top")).Status);
    }

    [Theory]
    [InlineData("trim", "-trim=false", "f", "F", "false", "no", "n", "0")]
    [InlineData("noinlines", "-noinlines", "t", "T", "true", "yes", "y", "1", "")]
    [InlineData("sort", "-cum", "cum")]
    [InlineData("n", "-nodecount=5", "5")]
    [InlineData("n", "-top", "-1")]
    public async Task A_value_as_pprofs_URLs_write_it_means_what_the_flag_means(string parameter, string flag, params string[] values)
    {
        var cli = DriverRun.Of("-top", "-sample_index=alloc_space", flag, GobmapWebUi.Profile).Succeeded().Text.TrimEnd('\n').Split('\n');
        foreach (var value in values)
        {
            var page = await WebUiPage.Get(Client, $"/ui/top?si=alloc_space&{parameter}={value}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(cli[..page.Legend.Count], page.Legend);
            Assert.Equal(cli.Length - page.Legend.Count - 1, page.TopRows.Count);
        }
    }

    [Theory]
    [InlineData("calltree=t")]
    [InlineData("intel=true")]
    [InlineData("norm=t")]
    [InlineData("showcolumns=f")]
    public async Task Pprofs_parameters_without_a_meaning_here_are_read_and_change_nothing(string parameter)
    {
        var plain = await WebUiPage.Get(Client, "/ui/top?si=alloc_space");
        var given = await WebUiPage.Get(Client, "/ui/top?si=alloc_space&" + parameter);
        var data = await Client.GetStringAsync(new Uri("/ui/api/flamegraph?si=alloc_space&" + parameter, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, given.Status);
        Assert.Equal(plain.Legend, given.Legend);
        Assert.Equal(plain.TopRows, given.TopRows);
        Assert.Equal(await Client.GetStringAsync(new Uri("/ui/api/flamegraph?si=alloc_space", UriKind.Relative)), data);
    }

    [Fact]
    public async Task A_parameter_given_twice_means_its_first_value_as_in_pprof()
    {
        var twice = await WebUiPage.Get(Client, "/ui/top?si=alloc_space&f=gob&f=(&i=reflect&i=runtime");
        var cli = DriverRun.Of("-top", "-sample_index=alloc_space", "-focus=gob", "-ignore=reflect", GobmapWebUi.Profile).Succeeded().Text.Split('\n');

        Assert.Equal(HttpStatusCode.OK, twice.Status);
        Assert.Equal(cli[..twice.Legend.Count], twice.Legend);
        Assert.Contains("href=\"top?f=gob&amp;i=reflect&amp;si=alloc_space\"", twice.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/flamegraph2?si=alloc_space&f=gob", "flamegraph?si=alloc_space&f=gob")]
    [InlineData("/ui/flamegraphold", "flamegraph")]
    [InlineData("/?si=alloc_space", "/ui/?si=alloc_space")]
    public async Task The_root_and_pprofs_older_flame_graph_routes_go_to_the_flame_graph_with_the_query(string path, string location)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Server.Url };
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(path.StartsWith("/ui/", StringComparison.Ordinal) ? HttpStatusCode.MovedPermanently : HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/ui/top?si=alloc_space&f=gob")]
    [InlineData("/ui/api/top?si=inuse_objects&i=reflect")]
    [InlineData("/ui/api/graph.svg?si=alloc_space&n=10")]
    [InlineData("/ui/peek?f=main&si=alloc_objects")]
    [InlineData("/ui/source?f=%5Emain%5C.main%24")]
    [InlineData("/ui/tags?si=alloc_space")]
    [InlineData("/ui/download/collapsed?h=runtime")]
    [InlineData("/ui/download/flamegraph.svg?si=alloc_space")]
    [InlineData("/ui/download/filtered?f=gob")]
    [InlineData("/ui/download")]
    public async Task Parallel_requests_to_a_route_get_identical_bytes(string path)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Client.GetByteArrayAsync(new Uri(path, UriKind.Relative))));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    [Fact]
    public async Task An_asset_that_is_not_there_is_a_404()
    {
        using var response = await Client.GetAsync(new Uri("/ui/assets/nothing.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
