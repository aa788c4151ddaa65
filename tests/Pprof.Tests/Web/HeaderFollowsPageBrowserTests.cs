using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The header after the flame graph changes its URL in place (a filter from the right-click menu, the layout, Back):
/// the Config menu marks the configuration the new URL is, and the filter form shows what the server draws.
/// </summary>
public sealed partial class HeaderFollowsPageBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private const float RowHeight = 18;

    private string Server => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_config_menu_marks_the_configuration_of_the_URL_after_a_focus_from_the_menu_and_after_Back()
    {
        var name = await FirstCallee(fixture.Server.Client, "?si=alloc_space");
        var focus = QuoteMeta(name);
        await Save(fixture.Server.Client, "allocated", "si=alloc_space");
        await Save(fixture.Server.Client, "allocated, focused", "si=alloc_space&f=" + Uri.EscapeDataString(focus));
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await page.GotoAsync($"{Server}/ui/?si=alloc_space", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        var allocated = page.Locator("#configs a:text-is('allocated')");
        var focused = page.Locator("#configs a:text-is('allocated, focused')");
        await Assertions.Expect(allocated).ToHaveClassAsync("current");
        await Assertions.Expect(focused).Not.ToHaveClassAsync("current");

        var canvas = await page.Locator("#flamegraph canvas").BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not shown");
        await page.Mouse.ClickAsync(canvas.X + 5, canvas.Y + RowHeight + 5, new() { Button = MouseButton.Right });
        await page.ClickAsync("#flame-menu >> text=Focus");
        await page.WaitForURLAsync(url => QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue("f", out var f) && f == focus);
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("focus=" + focus);
        await Assertions.Expect(focused).ToHaveClassAsync("current");
        await Assertions.Expect(allocated).Not.ToHaveClassAsync("current");
        await Assertions.Expect(page.Locator("#configs a:text-is('Default')")).Not.ToHaveClassAsync("current");

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => !QueryHelpers.ParseQuery(new Uri(url).Query).ContainsKey("f"));
        await Assertions.Expect(allocated).ToHaveClassAsync("current");
        await Assertions.Expect(focused).Not.ToHaveClassAsync("current");

        // What the page marks is what the server marks for the same URL.
        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(focused).ToHaveClassAsync("current");
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(focused).ToHaveClassAsync("current");
        await Assertions.Expect(allocated).Not.ToHaveClassAsync("current");
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task An_empty_sample_index_in_the_URL_shows_the_sample_type_the_server_draws_after_a_change_in_the_page()
    {
        using var server = new WebUiProcess("-sample_index=alloc_space", "-lines", GobmapWebUi.Profile);
        var origin = server.Url.GetLeftPart(UriPartial.Authority);
        await using var chromium = await ChromiumPage.OpenAsync(output, origin);
        var page = chromium.Page;
        await page.GotoAsync($"{origin}/ui/?si=&g=", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        var drawn = DrawnType().Match(await page.TextContentAsync("#flame-legend") ?? "").Groups[1].Value;
        Assert.NotEqual("alloc_space", drawn);
        Assert.Equal(drawn, await page.InputValueAsync("header form select[name=si]"));
        Assert.Equal("functions", await page.InputValueAsync("header form select[name=g]"));

        await page.ClickAsync("#flame-layout");
        await page.WaitForURLAsync(url => QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue("layout", out var layout) && layout == "flame");
        Assert.Equal("", QueryHelpers.ParseQuery(new Uri(page.Url).Query)["si"].ToString());
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: " + drawn);
        await Assertions.Expect(page.Locator("header form select[name=si]")).ToHaveValueAsync(drawn);
        await Assertions.Expect(page.Locator("header form select[name=g]")).ToHaveValueAsync("functions");

        // Without the parameter, the command line's choice.
        await page.GotoAsync($"{origin}/ui/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: alloc_space");
        await page.ClickAsync("#flame-layout");
        await page.WaitForURLAsync(url => url.Contains("layout=flame", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("header form select[name=si]")).ToHaveValueAsync("alloc_space");
        await Assertions.Expect(page.Locator("header form select[name=g]")).ToHaveValueAsync("lines");
        chromium.AssertNothingLeft(origin);
    }

    [Fact]
    public async Task A_sample_index_given_as_a_number_shows_the_type_it_names_as_the_server_draws_it()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await page.GotoAsync($"{Server}/ui/?si=1", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: alloc_space");
        Assert.Equal("alloc_space", await page.InputValueAsync("header form select[name=si]"));

        await page.ClickAsync("#flame-layout");
        await page.WaitForURLAsync(url => url.Contains("layout=flame", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("header form select[name=si]")).ToHaveValueAsync("alloc_space");
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: alloc_space");
        chromium.AssertNothingLeft(Server);
    }

    internal static async Task<string> FirstCallee(HttpClient client, string query)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/ui/api/flamegraph" + query, UriKind.Relative)));
        return json.RootElement.GetProperty("names")[json.RootElement.GetProperty("frames")[1][0].GetInt32()].GetString()!;
    }

    private static async Task Save(HttpClient client, string name, string query)
    {
        using var saved = await client.GetAsync(new Uri($"/ui/saveconfig?config={Uri.EscapeDataString(name)}&{query}", UriKind.Relative));
        saved.EnsureSuccessStatusCode();
    }

    /// <summary>As pprof's web interface quotes a function's name into a regexp that matches it alone.</summary>
    private static string QuoteMeta(string name) => "^" + Regex.Replace(name, @"[\\.?+*\[\](){}|^$]", @"\$0") + "$";

    [GeneratedRegex("^Type: (.*)$", RegexOptions.Multiline)]
    private static partial Regex DrawnType();
}
