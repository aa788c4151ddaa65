using System.Net;
using System.Text;
using System.Text.Json;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>The top table's row actions, the downloads and the saved configurations, read over HTTP as a browser reads them.</summary>
public sealed class WebUiInteractionTests(GobmapWebUi fixture) : IClassFixture<GobmapWebUi>
{
    private static readonly string[] SpaceSeparated = [" "];

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task Each_top_row_links_to_focus_ignore_source_and_peek_on_its_function_with_the_query_kept()
    {
        var page = await WebUiPage.Get(Client, "/ui/top?si=alloc_space&n=3");

        Assert.Contains(
            "<td class=\"name\">encoding/gob.(*Decoder).compileDec</td><td class=\"actions\">" +
            "<a href=\"top?f=%5Eencoding%2Fgob%5C.%5C%28%5C%2ADecoder%5C%29%5C.compileDec%24&amp;si=alloc_space&amp;n=3\">focus</a> " +
            "<a href=\"top?i=%5Eencoding%2Fgob%5C.%5C%28%5C%2ADecoder%5C%29%5C.compileDec%24&amp;si=alloc_space&amp;n=3\">ignore</a> " +
            "<a href=\"source?f=%5Eencoding%2Fgob%5C.%5C%28%5C%2ADecoder%5C%29%5C.compileDec%24&amp;si=alloc_space&amp;n=3\">source</a> " +
            "<a href=\"peek?f=%5Eencoding%2Fgob%5C.%5C%28%5C%2ADecoder%5C%29%5C.compileDec%24&amp;si=alloc_space&amp;n=3\">peek</a></td>",
            page.Html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rows_focus_link_shows_the_top_of_that_function_and_ignore_adds_to_the_ignored()
    {
        var first = await WebUiPage.Get(Client, "/ui/top?si=alloc_space&i=reflect");
        var focus = Link(first.Html, "focus");
        var ignore = Link(first.Html, "ignore");
        var focused = await WebUiPage.Get(Client, "/ui/" + focus);
        var function = WebUtility.UrlDecode(focus.Split("f=")[1].Split('&')[0]);
        var cli = DriverRun.Of("-top", "-sample_index=alloc_space", "-ignore=reflect", "-focus=" + function, GobmapWebUi.Profile).Succeeded().Text.TrimEnd('\n').Split('\n');

        Assert.Equal(cli[..focused.Legend.Count], focused.Legend);
        Assert.Equal(cli[(focused.Legend.Count + 1)..].Select(Words), focused.TopRows);
        Assert.Contains("i=" + Uri.EscapeDataString(function + "|reflect"), ignore, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_flame_graph_page_has_pprofs_right_click_menu_and_its_controls()
    {
        var page = await WebUiPage.Get(Client, "/ui/?si=alloc_space");

        foreach (var entry in (string[])["Show source", "Focus", "Ignore", "Hide", "Show from", "Sandwich (callers and callees)", "Pivot", "Copy name"])
        {
            Assert.Contains($">{entry}</", page.Html, StringComparison.Ordinal);
        }

        Assert.Contains("<button type=\"button\" id=\"flame-layout\">Flame</button>", page.Html, StringComparison.Ordinal);
        foreach (var script in (string[])["flamegraph.js", "flame-menu.js", "flame-keys.js"])
        {
            using var asset = await Client.GetAsync(new Uri("/ui/assets/" + script, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains($"<script src=\"assets/{script}\">", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_page_offers_the_downloads_with_its_query()
    {
        var page = await WebUiPage.Get(Client, "/ui/top?si=alloc_space&f=gob");

        Assert.Contains("<a download=\"profile.pb.gz\" href=\"download\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<a download=\"filtered.pb.gz\" href=\"download/filtered?f=gob&amp;si=alloc_space\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<a download=\"collapsed.txt\" href=\"download/collapsed?f=gob&amp;si=alloc_space\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<a download=\"flamegraph.svg\" href=\"download/flamegraph.svg?f=gob&amp;si=alloc_space\">", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filtered_profile_is_the_profile_that_proto_writes_with_the_same_filters()
    {
        using var response = await Client.GetAsync(new Uri("/ui/download/filtered?si=alloc_space&f=gob&h=reflect", UriKind.Relative));
        var downloaded = ProfileSource.Load(await response.Content.ReadAsByteArrayAsync());
        var cli = ProfileSource.Load(DriverRun.Of("-proto", "-sample_index=alloc_space", "-focus=gob", "-hide=reflect", GobmapWebUi.Profile).Succeeded().Stdout);

        Assert.Equal("attachment; filename=\"filtered.pb.gz\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(new ProfileReport(cli).ToText(ReportFormat.Raw), new ProfileReport(downloaded).ToText(ReportFormat.Raw));
        Assert.NotEqual(
            new ProfileReport(ProfileSource.Load(GobmapWebUi.Profile)).ToText(ReportFormat.Raw),
            new ProfileReport(downloaded).ToText(ReportFormat.Raw));
    }

    [Theory]
    [InlineData("collapsed", "collapsed.txt", "-collapsed")]
    [InlineData("flamegraph.svg", "flamegraph.svg", "-flamegraph")]
    public async Task The_collapsed_stacks_and_the_svg_flame_graph_are_the_command_lines_byte_for_byte(string route, string fileName, string flag)
    {
        using var response = await Client.GetAsync(new Uri($"/ui/download/{route}?si=inuse_objects&f=gob", UriKind.Relative));
        var cli = DriverRun.Of(flag, "-sample_index=inuse_objects", "-focus=gob", GobmapWebUi.Profile).Succeeded().Stdout;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"attachment; filename=\"{fileName}\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(cli, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_svg_flame_graph_stands_alone()
    {
        var svg = await Client.GetStringAsync(new Uri("/ui/download/flamegraph.svg?si=alloc_space", UriKind.Relative));

        Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", svg, StringComparison.Ordinal);
        Assert.Contains("encoding/gob.(*Decoder).compileDec", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_parameter_to_a_download_is_a_400()
    {
        using var response = await Client.GetAsync(new Uri("/ui/download/collapsed?f=(", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("f (focus): Invalid pattern '(' at offset 1. Not enough )'s.\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_saved_configuration_is_kept_in_the_settings_file_listed_in_the_menu_and_deleted()
    {
        using var saved = await Client.GetAsync(new Uri("/ui/saveconfig?config=gob%20allocations&si=alloc_space&f=gob&p=ignored", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using (var settings = JsonDocument.Parse(File.ReadAllText(fixture.SettingsFile)))
        {
            var config = settings.RootElement.GetProperty("configs").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "gob allocations");
            Assert.Equal("{\"f\":\"gob\",\"si\":\"alloc_space\"}", config.GetProperty("parameters").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        }

        var page = await WebUiPage.Get(Client, "/ui/top?f=gob&si=alloc_space");
        Assert.Contains("<a href=\"top?f=gob&amp;si=alloc_space\" class=\"current\">gob allocations</a>", page.Html, StringComparison.Ordinal);

        using var deleted = await Client.GetAsync(new Uri("/ui/deleteconfig?config=gob%20allocations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain("gob allocations", (await WebUiPage.Get(Client, "/ui/top")).Html, StringComparison.Ordinal);
        using var again = await Client.GetAsync(new Uri("/ui/deleteconfig?config=gob%20allocations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.StartsWith("config: there is no saved configuration named gob allocations in ", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_from_the_pages_form_goes_back_to_the_view_with_the_configuration()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fixture.Server.Url };
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("config", "inuse by lines"), KeyValuePair.Create("view", "top")]);

        using var response = await client.PostAsync(new Uri("/ui/saveconfig?si=inuse_space&g=lines", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("top?si=inuse_space&g=lines", response.Headers.Location?.OriginalString);
        Assert.Contains("\"inuse by lines\"", File.ReadAllText(fixture.SettingsFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/saveconfig?config=&f=gob", null, HttpStatusCode.BadRequest, "config: give the configuration a name\n")]
    [InlineData("/ui/deleteconfig", null, HttpStatusCode.BadRequest, "config: give the configuration a name\n")]
    [InlineData("/ui/saveconfig?config=evil&f=x", "cross-site", HttpStatusCode.Forbidden, "configurations are saved from this server's own pages only\n")]
    [InlineData("/ui/saveconfig?config=broken&f=(", null, HttpStatusCode.BadRequest, "f (focus): Invalid pattern '(' at offset 1. Not enough )'s.\n")]
    [InlineData("/ui/saveconfig?config=a%00b&f=gob", null, HttpStatusCode.BadRequest, "config: a name cannot hold control characters\n")]
    public async Task A_configuration_without_a_name_with_a_bad_parameter_or_from_another_site_is_refused(string path, string? fetchSite, HttpStatusCode status, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/ui/saveconfig")]
    [InlineData("/ui/deleteconfig")]
    public async Task A_malformed_form_is_a_400_and_changes_nothing(string route)
    {
        var before = File.Exists(fixture.SettingsFile) ? File.ReadAllText(fixture.SettingsFile) : null;
        // A NUL is what ASP.NET Core's form reader refuses to decode.
        using var form = new StringContent("config=a%00b&view=top", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await Client.PostAsync(new Uri(route, UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("config: the form sent is malformed (", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, File.Exists(fixture.SettingsFile) ? File.ReadAllText(fixture.SettingsFile) : null);
    }

    /// <summary>The first link labelled <paramref name="label"/>, as written: relative to the page, which is under /ui/.</summary>
    private static string Link(string html, string label)
    {
        var end = html.IndexOf($"\">{label}</a>", StringComparison.Ordinal);
        var start = html.LastIndexOf("href=\"", end, StringComparison.Ordinal) + "href=\"".Length;
        return WebUtility.HtmlDecode(html[start..end]);
    }

    private static string Words(string line) => string.Join(' ', line.Split(SpaceSeparated, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>A settings file that is not one: the pages still show, and saving says what is wrong with which file.</summary>
public sealed class BrokenSettingsFileTests : IDisposable
{
    private readonly string _configHome = Directory.CreateTempSubdirectory("dotnet-pprof-web-").FullName;

    public void Dispose() => Directory.Delete(_configHome, recursive: true);

    [Fact]
    public async Task The_pages_show_the_files_problem_in_the_menu_and_saving_is_a_500_naming_the_file()
    {
        var settings = Path.Combine(_configHome, "dotnet-pprof", "settings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(settings)!);
        File.WriteAllText(settings, "{\"configs\": [{\"name\": 1}]}");
        using var server = new WebUiProcess(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = _configHome }, GobmapWebUi.Profile);

        var page = await WebUiPage.Get(server.Client, "/ui/top");
        using var save = await server.Client.GetAsync(new Uri("/ui/saveconfig?config=x&f=gob", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([$"{settings} is not a dotnet-pprof settings file (The requested operation requires an element of type 'String', but the target element has type 'Number'.): fix or delete it"], page.Errors);
        Assert.Equal(HttpStatusCode.InternalServerError, save.StatusCode);
        Assert.StartsWith($"config: cannot save to {settings}: {settings} is not a dotnet-pprof settings file", await save.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("{\"configs\": [{\"name\": 1}]}", File.ReadAllText(settings));
    }
}
