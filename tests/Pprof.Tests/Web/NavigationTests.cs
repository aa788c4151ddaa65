using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The header's links between views and the views a saved configuration goes back to: every view is one, and the links
/// carry what pprof's carry (every parameter of the page's URL but its hash), limited to the parameters our pages read.
/// </summary>
public sealed partial class NavigationTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private const string Carried = "?f=gob&si=alloc_space&p=%5Emain%5C.main%24&layout=flame&palette=colorblind";

    [Theory]
    [InlineData("flamegraph")]
    [InlineData("top")]
    [InlineData("graph")]
    [InlineData("peek")]
    [InlineData("source")]
    [InlineData("sandwich")]
    [InlineData("tags")]
    [InlineData("diff")]
    [InlineData("leaks")]
    public void Every_view_is_a_view(string route) => Assert.True(Pprof.Web.PageWriter.IsView(route));

    [Theory]
    [InlineData("download")]
    [InlineData("saveconfig")]
    [InlineData("api/top")]
    [InlineData("")]
    public void Routes_that_are_not_pages_are_not_views(string route) => Assert.False(Pprof.Web.PageWriter.IsView(route));

    [Theory]
    [InlineData("sandwich", "?f=gob&si=alloc_space")]
    [InlineData("tags", "?si=alloc_space")]
    public async Task Saving_a_configuration_from_the_sandwich_or_tags_menu_goes_back_there(string view, string query)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fixture.Server.Url };
        var name = "from " + view + " " + Guid.NewGuid().ToString("N");
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("config", name), KeyValuePair.Create("view", view)]);
        try
        {
            using var response = await client.PostAsync(new Uri("/ui/saveconfig" + query, UriKind.Relative), form);

            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal(view + query, response.Headers.Location?.OriginalString);
        }
        finally
        {
            using var deleted = await client.GetAsync(new Uri("/ui/deleteconfig?config=" + Uri.EscapeDataString(name), UriKind.Relative));
        }
    }

    [Theory]
    [InlineData("/ui/top")]
    [InlineData("/ui/flamegraph")]
    [InlineData("/ui/tags")]
    public async Task The_header_links_carry_the_view_parameters_and_the_pages_state_but_not_unknown_ones(string path)
    {
        var page = await WebUiPage.Get(fixture.Server.Client, path + Carried + "&foo=bar");

        var links = NavLink().Matches(page.Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["flamegraph", "top", "graph", "peek", "source", "sandwich", "tags"], links.Select(l => l[..l.IndexOf('?', StringComparison.Ordinal)]));
        Assert.All(links, link => Assert.EndsWith(Carried, link, StringComparison.Ordinal));
        // The downloads apply the view's parameters only: the pivot and the layout are the flame graph page's.
        Assert.Contains("href=\"download/collapsed?f=gob&amp;si=alloc_space\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_changed_in_the_page_goes_with_the_header_links_to_another_view_and_back()
    {
        var server = fixture.Server.Url.GetLeftPart(UriPartial.Authority);
        await using var chromium = await ChromiumPage.OpenAsync(output, server);
        var page = chromium.Page;
        await Navigation.Open(page, server + "/ui/flamegraph?si=alloc_space");
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");

        await page.ClickAsync("#flame-layout");
        await page.WaitForURLAsync(url => Parameter(url, "layout") == "flame");
        await Navigation.Navigating(
            page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ui/top" && Parameter(url, "layout") == "flame", Navigation.Committed),
            page.ClickAsync("nav a:text('Top')"));
        Assert.Equal("alloc_space", Parameter(page.Url, "si"));
        await Navigation.Navigating(
            page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ui/flamegraph", Navigation.Committed),
            page.ClickAsync("nav a:text('Flame graph')"));

        await Assertions.Expect(page.Locator("#flame-layout")).ToHaveTextAsync("Icicle");
        Assert.Equal("flame", Parameter(page.Url, "layout"));
        chromium.AssertNothingLeft(server);
    }

    private static string? Parameter(string url, string name) =>
        QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A view's link in the header: the links before the menus, right after the nav element opens.</summary>
    [GeneratedRegex("(?<=<nav[^>]*>(?:<a [^>]*>[^<]*</a>)*)<a href=\"([^\"]*)\"")]
    private static partial Regex NavLink();
}
