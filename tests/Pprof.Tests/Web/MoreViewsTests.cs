using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>The sandwich and tags views over HTTP, against the top table and <c>-tags</c> of the same profile.</summary>
public sealed partial class SandwichAndTagsTests(GobmapWebUi fixture) : IClassFixture<GobmapWebUi>
{
    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("^main\\.rpcRoundTrip$", "")]
    [InlineData("^reflect\\.mapassign_faststr$", "&si=alloc_space")]
    [InlineData("^encoding/gob\\.\\(\\*Decoder\\)\\.decodeMap$", "&si=inuse_objects")]
    public async Task The_sandwichs_totals_are_the_functions_flat_and_cum_in_top(string function, string more)
    {
        var query = "?f=" + Uri.EscapeDataString(function) + more;
        using var sandwich = await Json("/ui/api/sandwich" + query);
        using var top = await Json("/ui/api/top" + query);
        var data = sandwich.RootElement;
        var pivot = data.GetProperty("pivot").GetString();
        var row = top.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == pivot);

        Assert.Matches(function, pivot);
        Assert.Equal(row.GetProperty("flat").GetInt64(), data.GetProperty("flat").GetInt64());
        Assert.Equal(row.GetProperty("cum").GetInt64(), data.GetProperty("cum").GetInt64());
        foreach (var side in (string[])["callers", "callees"])
        {
            var frames = Frames(data.GetProperty(side));
            Assert.Equal((pivot, -1, data.GetProperty("cum").GetInt64()), (frames[0].Name, frames[0].Parent, frames[0].Value));
            for (var id = 0; id < frames.Count; id++)
            {
                Assert.Equal(frames[id].Value, frames[id].Self + frames.Where(f => f.Parent == id).Sum(f => f.Value));
            }
        }
    }

    [Fact]
    public async Task The_sandwichs_callers_are_the_functions_callers_and_its_callees_its_callees()
    {
        using var sandwich = await Json("/ui/api/sandwich?f=" + Uri.EscapeDataString("^main\\.rpcRoundTrip$"));
        var peek = DriverRun.Of("-peek=^main\\.rpcRoundTrip$", GobmapWebUi.Profile).Succeeded().Text;
        var callers = Frames(sandwich.RootElement.GetProperty("callers"));
        var callees = Frames(sandwich.RootElement.GetProperty("callees"));

        // -peek lists callers above the function's own line and callees below it, each with its share.
        var lines = peek.Split('\n').Where(l => l.Contains('|', StringComparison.Ordinal)).ToList();
        var own = lines.FindIndex(l => !l.TrimStart().StartsWith('|') && l.EndsWith("main.rpcRoundTrip", StringComparison.Ordinal));
        static string[] Names(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];
        static IEnumerable<string> LastWords(IEnumerable<string> part) => part.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(Names(LastWords(lines[..own])), Names(callers.Where(f => f.Parent == 0).Select(f => f.Name)));
        Assert.Equal(Names(LastWords(lines[(own + 1)..])), Names(callees.Where(f => f.Parent == 0).Select(f => f.Name)));
    }

    [Fact]
    public async Task A_sandwich_of_several_functions_is_named_by_its_regexp_and_sums_their_flat()
    {
        using var sandwich = await Json("/ui/api/sandwich?f=encoding");
        using var top = await Json("/ui/api/top?f=encoding");
        var rows = top.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var matching = rows.Where(r => r.GetProperty("name").GetString()!.Contains("encoding", StringComparison.Ordinal));

        // The focus keeps only the stacks through the functions, so all of the focused top is their cum.
        Assert.Equal("encoding", sandwich.RootElement.GetProperty("pivot").GetString());
        Assert.Equal(matching.Sum(r => r.GetProperty("flat").GetInt64()), sandwich.RootElement.GetProperty("flat").GetInt64());
        Assert.Equal(rows.Sum(r => r.GetProperty("flat").GetInt64()), sandwich.RootElement.GetProperty("cum").GetInt64());
    }

    [Fact]
    public async Task The_sandwich_asks_for_a_function_and_its_data_needs_one()
    {
        var page = await WebUiPage.Get(Client, "/ui/sandwich");
        using var api = await Client.GetAsync(new Uri("/ui/api/sandwich", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Give a function's regexp as the focus (f)", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("f (focus): give the function's regexp, such as f=^main\\.main$\n", await api.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?si=alloc_space")]
    [InlineData("?si=alloc_objects&tf=bytes%3D288B")]
    [InlineData("?f=gob&ti=bytes%3D48B")]
    public async Task The_tags_view_shows_the_numbers_of_tags(string query)
    {
        var page = await WebUiPage.Get(Client, "/ui/tags" + query);
        var flags = Flags(query);
        var cli = DriverRun.Of(["-tags", .. flags, GobmapWebUi.Profile]).Succeeded().Text;

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(TagLines(cli), TagRows(page.Html));
    }

    [Fact]
    public async Task A_tag_values_link_sets_the_tag_focus_to_it()
    {
        var page = await WebUiPage.Get(Client, "/ui/tags?si=alloc_space");
        var link = ValueLink().Match(page.Html);
        var (href, value) = (WebUtility.HtmlDecode(link.Groups[1].Value), link.Groups[2].Value);
        var focused = await WebUiPage.Get(Client, "/ui/" + href);
        var cli = DriverRun.Of("-tags", "-sample_index=alloc_space", $"-tagfocus=bytes={value}", GobmapWebUi.Profile).Succeeded().Text;

        Assert.Equal($"tags?tf=bytes%3D{value}&si=alloc_space", href);
        Assert.Equal(TagLines(cli), TagRows(focused.Html));
        Assert.Contains($"tagfocus=bytes={value}", string.Join('\n', focused.Legend), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/sandwich?f=(", "f (focus): Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("/ui/tags?tf=key%3D(", "tf (tagfocus): ")]
    [InlineData("/ui/tags?si=nope", "si (sample_index): the profile has no sample type nope (it has alloc_objects, alloc_space, inuse_objects, inuse_space)")]
    [InlineData("/ui/diff", "no base to compare with: start with -diff_base=BASE (or -base=BASE) before the profile, such as dotnet-pprof -http=:8080 -diff_base=before.pb.gz after.pb.gz")]
    [InlineData("/ui/diff?palette=pink", "no base to compare with")]
    [InlineData("/ui/leaks", "no series of profiles: give two or more profile files of one process, such as dotnet-pprof -http=:8080 heap.*.pb.gz")]
    public async Task A_view_that_cannot_answer_says_why_in_one_line(string path, string message)
    {
        var page = await WebUiPage.Get(Client, path);

        Assert.InRange((int)page.Status, 400, 499);
        Assert.StartsWith(message, Assert.Single(page.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_links_the_views_that_have_something_to_show()
    {
        var page = await WebUiPage.Get(Client, "/ui/tags?si=alloc_space");

        Assert.Equal(["flamegraph", "top", "graph", "peek", "source", "sandwich", "tags"], NavRoutes(page.Html));
        Assert.Contains("<a href=\"sandwich?si=alloc_space\">Sandwich</a>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_sandwich_requests_get_identical_bytes()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.GetByteArrayAsync(new Uri("/ui/api/sandwich?f=gob&si=alloc_objects", UriKind.Relative))));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    /// <summary>The views the header links, in order: the links that open the navigation bar.</summary>
    internal static IReadOnlyList<string> NavRoutes(string html) =>
        [.. NavLink().Matches(NavElement().Match(html).Groups[1].Value).Select(m => m.Groups[1].Value)];

    internal static List<(string Name, int Parent, long Value, long Self)> Frames(JsonElement part)
    {
        var names = part.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        return [.. part.GetProperty("frames").EnumerateArray().Select(f => (names[f[0].GetInt32()], f[1].GetInt32(), f[2].GetInt64(), f[3].GetInt64()))];
    }

    private async Task<JsonDocument> Json(string path) => JsonDocument.Parse(await Client.GetStringAsync(new Uri(path, UriKind.Relative)));

    private static string[] Flags(string query) =>
    [
        .. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p =>
            (p[0] switch { "si" => "-sample_index", "tf" => "-tagfocus", "ti" => "-tagignore", "f" => "-focus", _ => throw new ArgumentException(p[0]) })
            + "=" + Uri.UnescapeDataString(p[1])),
    ];

    /// <summary>The table's lines as they read: a key's header, then each value's amount, share and name.</summary>
    private static IEnumerable<string> TagRows(string html) =>
        TagRow().Matches(html).Select(row => Words(WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(row.Value, "<a class=\"ignore\".*?</a>", ""), "<[^>]+>", " "))));

    /// <summary>The lines of <c>-tags</c> as the page's rows read: without the colon between a value's numbers and its name.</summary>
    private static IEnumerable<string> TagLines(string text) =>
        text.Split('\n').Where(l => l.Trim().Length != 0).Select(l => Words(l.Contains(": Total ", StringComparison.Ordinal) ? l : ValueColon().Replace(l, "$1", 1)));

    /// <summary>A line's words, with "( 0.9%)" read as "(0.9%)" as the page prints it.</summary>
    private static string Words(string line) =>
        string.Join(' ', Regex.Replace(line, @"\(\s+", "(").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^(\s*\S+(?: \(\s*[^)]*\))?):")]
    private static partial Regex ValueColon();

    [GeneratedRegex("<tr[^>]*>.*?</tr>")]
    private static partial Regex TagRow();

    [GeneratedRegex("<td class=\"name\"><a href=\"([^\"]*)\"[^>]*>([^<]*)</a>")]
    private static partial Regex ValueLink();

    [GeneratedRegex("<nav[^>]*>((?:<a href=\"[a-z]+[^\"]*\"[^>]*>[^<]*</a>)+)")]
    private static partial Regex NavElement();

    [GeneratedRegex("<a href=\"([a-z]+)")]
    private static partial Regex NavLink();
}

/// <summary>The diff view of a server started with <c>-diff_base</c>: each side on its own, and the two laid over each other.</summary>
public sealed class DiffViewTests(DiffWebUi fixture) : IClassFixture<DiffWebUi>
{
    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("")]
    [InlineData("?si=alloc_space&h=runtime")]
    public async Task Each_side_is_its_profile_and_the_diff_holds_both(string query)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/diff" + query, UriKind.Relative)));
        var data = json.RootElement;
        var options = new ReportOptions { SampleIndex = query.Contains("alloc_space", StringComparison.Ordinal) ? "alloc_space" : null };
        if (query.Contains("h=runtime", StringComparison.Ordinal))
        {
            options = options with { Filter = options.Filter with { Hide = new Regex("runtime") } };
        }

        var before = new ProfileReport(ProfileSource.Load(DiffWebUi.Before), options).CallTree().Value;
        var after = new ProfileReport(ProfileSource.Load(DiffWebUi.After), options).CallTree().Value;
        Assert.Equal((before, after), (data.GetProperty("baseTotal").GetInt64(), data.GetProperty("newTotal").GetInt64()));
        Assert.Equal(before, data.GetProperty("base").GetProperty("total").GetInt64());
        Assert.Equal(after, data.GetProperty("new").GetProperty("total").GetInt64());

        var diff = SandwichAndTagsTests.Frames(data.GetProperty("diff"));
        Assert.Equal((before, after), (diff[0].Value, diff[0].Self));
        for (var id = 0; id < diff.Count; id++)
        {
            var children = diff.Where(f => f.Parent == id).ToList();
            Assert.True(children.Sum(c => c.Value) <= diff[id].Value && children.Sum(c => c.Self) <= diff[id].Self, diff[id].Name);
        }

        Assert.Contains(diff, f => f.Value == 0 && f.Self > 0);
    }

    [Fact]
    public async Task The_diff_page_is_linked_and_fetches_its_data_with_the_same_query()
    {
        var page = await WebUiPage.Get(Client, "/ui/diff?si=alloc_space&palette=colorblind");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["flamegraph", "top", "graph", "peek", "source", "sandwich", "tags", "diff"], SandwichAndTagsTests.NavRoutes(page.Html));
        Assert.Contains("data-api=\"api/diff?si=alloc_space\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"assets/views.js\">", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_other_views_still_show_the_profile_less_its_base()
    {
        var page = await WebUiPage.Get(Client, "/ui/top");
        var cli = DriverRun.Of("-top", "-diff_base=" + DiffWebUi.Before, DiffWebUi.After).Succeeded().Text.TrimEnd('\n').Split('\n');

        Assert.Equal(cli[..page.Legend.Count], page.Legend);
        Assert.Equal(cli.Length - page.Legend.Count - 1, page.TopRows.Count);
    }

    [Theory]
    [InlineData("/ui/diff?palette=pink")]
    [InlineData("/ui/diff?palette=pink&palette=colorblind")]
    public async Task A_palette_other_than_colorblind_is_a_400(string url)
    {
        var page = await WebUiPage.Get(Client, url);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(["palette: pink is not colorblind (leave it out for red and green)"], page.Errors);
    }

    [Fact]
    public async Task A_repeated_palette_is_read_by_its_first_value_as_every_parameter_is()
    {
        var page = await WebUiPage.Get(Client, "/ui/diff?palette=colorblind&palette=pink");

        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    [Fact]
    public async Task A_bad_parameter_to_the_diff_is_a_400()
    {
        using var response = await Client.GetAsync(new Uri("/ui/api/diff?si=nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("si (sample_index): the profile has no sample type nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_diff_requests_get_identical_bytes()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Client.GetByteArrayAsync(new Uri("/ui/api/diff?si=alloc_objects", UriKind.Relative))));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }
}

/// <summary>The leaks view of a server given a series of profiles: <c>dotnet-pprof leaks</c>'s report and picture.</summary>
public sealed class LeaksViewTests(SeriesWebUi fixture) : IClassFixture<SeriesWebUi>
{
    [Fact]
    public async Task The_leaks_view_shows_the_report_of_leaks_on_the_same_files()
    {
        var page = await WebUiPage.Get(fixture.Server.Client, "/ui/leaks");
        var cli = CollectorCli.Run(["leaks", .. SeriesWebUi.Files]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(cli.Stdout, page.Report);
        Assert.Contains("GROWING  +415.63MB", page.Report, StringComparison.Ordinal);
        Assert.Contains("<img class=\"leaks\" alt=\"memory over time\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_picture_is_the_one_leaks_draws()
    {
        var picture = Path.Combine(Path.GetTempPath(), $"web-leaks-{Guid.NewGuid():N}.svg");
        try
        {
            CollectorCli.Run(["leaks", "-svg", picture, .. SeriesWebUi.Files]);
            using var svg = await fixture.Server.Client.GetAsync(new Uri("/ui/api/leaks.svg", UriKind.Relative));

            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await File.ReadAllTextAsync(picture), await svg.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(picture);
        }
    }

    [Fact]
    public async Task The_header_links_the_leaks_view_but_not_the_diff()
    {
        var page = await WebUiPage.Get(fixture.Server.Client, "/ui/top");

        Assert.Equal(["flamegraph", "top", "graph", "peek", "source", "sandwich", "tags", "leaks"], SandwichAndTagsTests.NavRoutes(page.Html));
    }

    [Fact]
    public async Task A_bad_parameter_to_the_leaks_view_or_its_picture_is_a_400_and_the_server_goes_on()
    {
        var page = await WebUiPage.Get(fixture.Server.Client, "/ui/leaks?n=abc");
        using var picture = await fixture.Server.Client.GetAsync(new Uri("/ui/api/leaks.svg?f=(", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(["n (nodecount): abc is not a whole number"], page.Errors);
        Assert.Equal(HttpStatusCode.BadRequest, picture.StatusCode);
        Assert.Equal("f (focus): Invalid pattern '(' at offset 1. Not enough )'s.\n", await picture.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await WebUiPage.Get(fixture.Server.Client, "/ui/leaks")).Status);
    }

    [Fact]
    public async Task Parallel_requests_for_the_leaks_picture_get_identical_bytes()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            fixture.Server.Client.GetByteArrayAsync(new Uri("/ui/api/leaks.svg", UriKind.Relative))));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }
}
