using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The flame graph's interactions in Chromium: the right-click menu, the keyboard, the flame/icicle toggle and pprof's
/// pivot, each checked against what the server's data and the command line say. Screenshots go under <c>screenshots/</c>.
/// </summary>
public sealed class FlameGraphInteractionBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private const string Query = "?si=alloc_space";
    private const float RowHeight = 18;

    private string Server => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Focus_from_the_right_click_menu_puts_the_function_in_the_URL_and_the_top_table_shows_it()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var data = await FlameData(Query);
        var name = data.Frames[1].Name;
        var canvas = await OpenFlameGraph(page, Query);

        await page.Mouse.ClickAsync(canvas.X + 5, canvas.Y + RowHeight + 5, new() { Button = MouseButton.Right });
        await Assertions.Expect(page.Locator("#flame-menu .menu-title")).ToHaveTextAsync(name);
        await chromium.ScreenshotAsync("flamegraph-menu.png");
        var sandwich = new Uri(await page.GetAttributeAsync("#flame-menu a[data-view=sandwich]", "href") ?? "");
        Assert.Equal("/ui/sandwich", sandwich.AbsolutePath);
        Assert.Equal(QuoteMeta(name), QueryHelpers.ParseQuery(sandwich.Query)["f"].ToString());
        Assert.Equal("alloc_space", QueryHelpers.ParseQuery(sandwich.Query)["si"].ToString());

        await Navigation.Navigating(
            page.WaitForURLAsync(url => Parameter(url, "f") == QuoteMeta(name), Navigation.Committed),
            page.ClickAsync("#flame-menu >> text=Focus"));
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("focus=" + QuoteMeta(name));
        await Navigation.Navigating(
            page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ui/top" && Parameter(url, "f") == QuoteMeta(name), Navigation.Committed),
            page.ClickAsync("nav >> text=Top"));
        var rows = await page.Locator("#top-table tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(row => Array.from(row.cells).slice(0, 6).map(cell => cell.textContent).join(' '))");
        Assert.Equal(TopAndMenusBrowserTests.TopRows("-sample_index=alloc_space", "-focus=" + QuoteMeta(name)), rows);
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task Focus_from_the_menu_redraws_in_the_page_Back_and_Forward_restore_and_a_reload_draws_the_same()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var data = await FlameData(Query);
        var name = data.Frames[1].Name;
        var focused = await FlameData(Query + "&f=" + Uri.EscapeDataString(QuoteMeta(name)));
        var canvas = await OpenFlameGraph(page, Query);
        // A page load would lose it.
        await page.EvaluateAsync("() => { window.pprofTestMarker = 'the same page'; }");
        var whole = await DrawnCallees(page);
        AssertDrawn(data, whole);

        await page.Mouse.ClickAsync(canvas.X + 5, canvas.Y + RowHeight + 5, new() { Button = MouseButton.Right });
        await page.ClickAsync("#flame-menu >> text=Focus");
        await page.WaitForURLAsync(url => Parameter(url, "f") == QuoteMeta(name));
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("focus=" + QuoteMeta(name));
        var focusedDrawn = await DrawnCallees(page);
        AssertDrawn(focused, focusedDrawn);
        Assert.NotEqual(whole, focusedDrawn);
        await AssertSamePage(page);
        // The header follows the URL: the filter form, the links to the other views, the downloads.
        await Assertions.Expect(page.Locator("header form input[name=f]")).ToHaveValueAsync(QuoteMeta(name));
        Assert.Equal(QuoteMeta(name), Parameter(await Href(page, "nav a:text('Top')"), "f"));
        Assert.Equal(QuoteMeta(name), Parameter(await Href(page, "#downloads a[href^='download/collapsed']"), "f"));

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => Parameter(url, "f") is null);
        await Assertions.Expect(page.Locator("#flame-legend")).Not.ToContainTextAsync("focus=");
        Assert.Equal(whole, await DrawnCallees(page));
        await Assertions.Expect(page.Locator("header form input[name=f]")).ToHaveValueAsync("");
        Assert.Null(Parameter(await Href(page, "nav a:text('Top')"), "f"));
        await AssertSamePage(page);

        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => Parameter(url, "f") == QuoteMeta(name));
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("focus=" + QuoteMeta(name));
        Assert.Equal(focusedDrawn, await DrawnCallees(page));
        await AssertSamePage(page);

        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        Assert.True(await page.EvaluateAsync<bool>("() => window.pprofTestMarker === undefined"), "the reload did not load the page");
        Assert.Equal(focusedDrawn, await DrawnCallees(page));
        await Assertions.Expect(page.Locator("header form input[name=f]")).ToHaveValueAsync(QuoteMeta(name));
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task Copy_name_puts_the_frames_name_on_the_clipboard()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var data = await FlameData(Query);
        var canvas = await OpenFlameGraph(page, Query);

        await page.Mouse.ClickAsync(canvas.X + 5, canvas.Y + RowHeight + 5, new() { Button = MouseButton.Right });
        await page.ClickAsync("#flame-menu >> text=Copy name");

        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync("copied " + data.Frames[1].Name);
        Assert.Equal(data.Frames[1].Name, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.True(await page.Locator("#flame-menu").IsHiddenAsync());
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task The_keyboard_moves_between_frames_zooms_in_and_out_and_goes_to_the_search()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var data = await FlameData(Query);
        var rootChildren = data.Frames.Where(f => f.Parent == 0).Select(f => f.Name).ToList();
        await OpenFlameGraph(page, Query);

        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^root  "));
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^" + Regex.Escape(rootChildren[0]) + "  .* \\(" + Regex.Escape(Percent(data.Frames[1].Value, data)) + "\\), self "));
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^" + Regex.Escape(rootChildren.Count > 1 ? rootChildren[1] : rootChildren[0]) + "  "));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowUp");
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^root  "));
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^" + Regex.Escape(rootChildren[0]) + "  "));

        await page.Keyboard.PressAsync("Shift+F10");
        await Assertions.Expect(page.Locator("#flame-menu .menu-title")).ToHaveTextAsync(rootChildren[0]);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#flame-menu")).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("#zoom=1$"));
        await chromium.ScreenshotAsync("flamegraph-keyboard-zoomed.png");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(url => !url.Contains("zoom=", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("/");
        Assert.Equal("flame-search", await page.EvaluateAsync<string>("document.activeElement.id"));
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task The_flame_layout_is_kept_in_the_URL_draws_the_root_at_the_bottom_and_Back_restores_the_icicle()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var canvas = await OpenFlameGraph(page, Query);

        await page.ClickAsync("#flame-layout");
        await page.WaitForURLAsync(url => Parameter(url, "layout") == "flame");
        await Assertions.Expect(page.Locator("#flame-layout")).ToHaveTextAsync("Icicle");
        await page.Mouse.MoveAsync(canvas.X + 5, canvas.Y + canvas.Height - 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^root  .*\\(100.00%\\)"));
        await chromium.ScreenshotAsync("flamegraph-flame-layout.png");

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => Parameter(url, "layout") is null);
        await Assertions.Expect(page.Locator("#flame-layout")).ToHaveTextAsync("Flame");
        await page.Mouse.MoveAsync(canvas.X + 5, canvas.Y + canvas.Height - 5);
        await page.Mouse.MoveAsync(canvas.X + 5, canvas.Y + 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^root  .*\\(100.00%\\)"));
        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => Parameter(url, "layout") == "flame");
        await Assertions.Expect(page.Locator("#flame-layout")).ToHaveTextAsync("Icicle");
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task Pivoting_shows_every_stack_through_the_function_and_Back_undoes_it()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var data = await FlameData(Query);
        var name = data.Frames[1].Name;
        var pivoted = await FlameData(Query + "&sf=" + Uri.EscapeDataString(QuoteMeta(name)));
        var canvas = await OpenFlameGraph(page, Query);

        await page.Mouse.ClickAsync(canvas.X + 5, canvas.Y + RowHeight + 5, new() { Button = MouseButton.Right });
        await page.EvaluateAsync("() => { window.pprofTestMarker = 'the same page'; }");
        await page.ClickAsync("#flame-menu >> text=Pivot");
        await page.WaitForURLAsync(url => Parameter(url, "p") == QuoteMeta(name));
        await Assertions.Expect(page.Locator("#flame-pivot code")).ToHaveTextAsync(QuoteMeta(name));
        // The legend now names the pivot (show_from), so the picture is lower down.
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("show_from=" + QuoteMeta(name));
        canvas = await page.Locator("#flamegraph canvas").BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not shown");
        await page.Mouse.MoveAsync(canvas.X + 5, canvas.Y + RowHeight + 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^" + Regex.Escape(name) + "  .* \\(" + Regex.Escape(Percent(pivoted.Frames[1].Value, pivoted)) + "\\)"));
        await page.Mouse.MoveAsync(canvas.X + 5, canvas.Y + 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToHaveTextAsync(new Regex("^root  .* \\(" + Regex.Escape(Percent(pivoted.Frames[0].Value, pivoted)) + "\\)"));
        await chromium.ScreenshotAsync("flamegraph-pivot.png");

        await AssertSamePage(page);

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => Parameter(url, "p") is null);
        await Assertions.Expect(page.Locator("#flame-pivot")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#flame-legend")).Not.ToContainTextAsync("show_from=");
        AssertDrawn(data, await DrawnCallees(page));
        await AssertSamePage(page);

        await page.FillAsync("#flame-search", "^encoding/gob\\.\\(\\*Decoder\\)\\.compileDec$");
        await page.PressAsync("#flame-search", "Enter");
        await page.WaitForURLAsync(url => Parameter(url, "p") == "^encoding/gob\\.\\(\\*Decoder\\)\\.compileDec$");
        await Assertions.Expect(page.Locator("#flame-pivot")).ToBeVisibleAsync();
        chromium.AssertNothingLeft(Server);
    }

    private async Task<LocatorBoundingBoxResult> OpenFlameGraph(IPage page, string query)
    {
        await page.GotoAsync($"{Server}/ui/{query}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        return await page.Locator("#flamegraph canvas").BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not shown");
    }

    /// <summary>The boxes drawn under the root: each one's name and its share of the canvas' width.</summary>
    private static async Task<List<DrawnShare>> DrawnCallees(IPage page) =>
        [.. (await page.EvaluateAsync<string[]>(
            @"() => { const graph = window.pprofFlameGraph; const width = document.querySelector('#flamegraph canvas').clientWidth;
                      return graph.boxes().filter((b) => b.frame.parent === graph.zoomed().id)
                        .map((b) => (b.w / width).toFixed(4) + ' ' + b.frame.name); }"))
            .Select(box => box.Split(' ', 2))
            .Select(parts => new DrawnShare(parts[1], double.Parse(parts[0], CultureInfo.InvariantCulture)))];

    /// <summary>The boxes under the root are the root's callees in the data, widest first, as wide as their share of it.</summary>
    private static void AssertDrawn(FlameData data, List<DrawnShare> drawn)
    {
        var root = data.Frames[0].Value;
        var callees = data.Frames.Where(f => f.Parent == 0).OrderByDescending(f => Math.Abs(f.Value))
            .Where(f => Math.Abs((double)f.Value / root) * 1200 >= 1).ToList();
        Assert.Equal(callees.Select(f => f.Name), drawn.Select(d => d.Name).Take(callees.Count));
        Assert.All(callees.Zip(drawn), pair => Assert.InRange(pair.Second.Share, Math.Abs((double)pair.First.Value / root) - 0.01, Math.Abs((double)pair.First.Value / root) + 0.01));
    }

    /// <summary>The page was not loaded again: what a script left on it is there.</summary>
    private static async Task AssertSamePage(IPage page) =>
        Assert.Equal("the same page", await page.EvaluateAsync<string>("() => window.pprofTestMarker"));

    private static async Task<string> Href(IPage page, string selector) =>
        new Uri(new Uri(page.Url), await page.GetAttributeAsync(selector, "href") ?? "").ToString();

    private async Task<FlameData> FlameData(string query)
    {
        using var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/flamegraph" + query, UriKind.Relative)));
        var names = json.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var frames = json.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => new FlameFrame(names[f[0].GetInt32()], f[1].GetInt32(), f[2].GetInt64())).ToList();
        return new FlameData(frames, json.RootElement.GetProperty("profileTotal").GetInt64());
    }

    /// <summary>As pprof's web interface quotes a function's name into a regexp that matches it alone.</summary>
    private static string QuoteMeta(string name) => "^" + Regex.Replace(name, @"[\\.?+*\[\](){}|^$]", @"\$0") + "$";

    private static string? Parameter(string url, string name) =>
        QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(name, out var value) ? value.ToString() : null;

    private static string Percent(long value, FlameData data) =>
        (100.0 * value / data.ProfileTotal).ToString("F2", CultureInfo.InvariantCulture) + "%";
}

internal sealed record FlameFrame(string Name, int Parent, long Value);

internal sealed record DrawnShare(string Name, double Share);

internal sealed record FlameData(IReadOnlyList<FlameFrame> Frames, long ProfileTotal);
