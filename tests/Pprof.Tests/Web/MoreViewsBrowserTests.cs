using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>Opening a page and following a navigation that a click starts.</summary>
internal static class Navigation
{
    /// <summary>A URL is there once the page commits to it; its drawing is waited for on its own.</summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Opens a page and waits for its document, not for every resource's load event.</summary>
    public static Task Open(IPage page, string url) => page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>Waits for a navigation that an action starts, the wait begun before the action so that it cannot miss it.</summary>
    public static Task Navigating(Task arrival, Task action) => Task.WhenAll(arrival, action);
}

/// <summary>Where a frame's box is drawn and the colour at its top left corner, as the chart in the page reports it.</summary>
internal sealed record DrawnBox(double X, double Y, double W, double H, double CanvasWidth, int[] Colour)
{
    private const string Script = """
        ([id, name]) => {
          const chart = document.getElementById(id).flameChart;
          const box = chart && chart.locate(name);
          if (!box) return null;
          const ratio = window.devicePixelRatio || 1;
          const pixel = chart.canvas.getContext("2d").getImageData(Math.round((box.x + 2) * ratio), Math.round((box.y + 2) * ratio), 1, 1).data;
          const rect = chart.canvas.getBoundingClientRect();
          return [rect.left + box.x, rect.top + box.y, box.w, box.h, chart.canvas.clientWidth, pixel[0], pixel[1], pixel[2]];
        }
        """;

    public static async Task<DrawnBox> Find(IPage page, string chart, string name)
    {
        var found = await page.EvaluateAsync<double[]?>(Script, new[] { chart, name }) ?? throw new InvalidOperationException($"{name} is not drawn in #{chart}");
        return new DrawnBox(found[0], found[1], found[2], found[3], found[4], [(int)found[5], (int)found[6], (int)found[7]]);
    }

    public Task Hover(IPage page) => page.Mouse.MoveAsync((float)(X + (W / 2)), (float)(Y + (H / 2)));

    public Task Click(IPage page) => page.Mouse.ClickAsync((float)(X + (W / 2)), (float)(Y + (H / 2)));
}

/// <summary>The sandwich and tags views in Chromium: totals, box widths against the values, clicks that change the URL, Back.</summary>
public sealed class SandwichAndTagsBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private string Origin => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    private const string Function = "^main\\.rpcRoundTrip$";

    [Fact]
    public async Task The_sandwich_shows_the_totals_and_widths_and_a_click_makes_a_callee_the_filling()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        var path = "/ui/sandwich?f=" + Uri.EscapeDataString(Function) + "&si=alloc_space";
        using var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri(path.Replace("/ui/", "/ui/api/", StringComparison.Ordinal), UriKind.Relative)));
        var data = json.RootElement;
        string Percent(long value) => (100.0 * value / data.GetProperty("profileTotal").GetInt64()).ToString("F2", CultureInfo.InvariantCulture) + "%";
        var (flat, cum) = (data.GetProperty("flat").GetInt64(), data.GetProperty("cum").GetInt64());

        await Navigation.Open(page, Origin + path);
        await page.WaitForSelectorAsync("#sandwich-totals:not(:empty)");
        var totals = await page.InnerTextAsync("#sandwich-totals");
        Assert.Matches($@"^main\.rpcRoundTrip: flat \S+ \({Regex.Escape(Percent(flat))}\), cum \S+ \({Regex.Escape(Percent(cum))}\)$", totals);

        // The filling spans both pictures; a callee is as wide as its share of the function's value.
        var callees = SandwichAndTagsTests.Frames(data.GetProperty("callees"));
        var callee = callees.Where(f => f.Parent == 0).MaxBy(f => f.Value);
        foreach (var chart in (string[])["sandwich-callers", "sandwich-callees"])
        {
            var filling = await DrawnBox.Find(page, chart, "main.rpcRoundTrip");
            Assert.InRange(filling.W / filling.CanvasWidth, 0.95, 1.0);
        }

        var drawn = await DrawnBox.Find(page, "sandwich-callees", callee.Name);
        Assert.InRange(drawn.W / drawn.CanvasWidth, 0.95 * callee.Value / cum, 1.05 * callee.Value / cum);
        await drawn.Hover(page);
        await Assertions.Expect(page.Locator("#view-details")).ToContainTextAsync(callee.Name + "  ");

        // Clicked before any screenshot: a full-page one resizes the page, and the charts are drawn anew.
        await Navigation.Navigating(page.WaitForURLAsync(url => !url.EndsWith(path, StringComparison.Ordinal), Navigation.Committed), drawn.Click(page));
        await Assertions.Expect(page.Locator("#sandwich-totals")).ToContainTextAsync(callee.Name + ": flat ");
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"), Navigation.Committed);
        await Assertions.Expect(page.Locator("#sandwich-totals")).ToHaveTextAsync(totals);
        await chromium.ScreenshotAsync("sandwich.png");
        chromium.AssertNothingLeft(Origin);
    }

    [Fact]
    public async Task A_click_on_a_tag_value_sets_the_tag_focus_and_Back_clears_it()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        await Navigation.Open(page, Origin + "/ui/tags?si=alloc_space");
        var first = page.Locator("table.tags td.name a:not(.ignore)").First;
        var value = await first.InnerTextAsync();
        var amount = await page.Locator("table.tags tr:nth-child(2) td").First.InnerTextAsync();
        await chromium.ScreenshotAsync("tags.png");

        await Navigation.Navigating(
            page.WaitForURLAsync(new Regex(Regex.Escape($"/ui/tags?tf=bytes%3D{value}&si=alloc_space") + "$"), Navigation.Committed), first.ClickAsync());
        await Assertions.Expect(page.Locator("pre.legend")).ToContainTextAsync($"tagfocus=bytes={value}");
        await Assertions.Expect(page.Locator("table.tags th").First).ToHaveTextAsync(new Regex($"Total {Regex.Escape(amount)}$"));

        // The other views keep the filter: the header's links carry it.
        await Navigation.Navigating(
            page.WaitForURLAsync(new Regex(Regex.Escape($"/ui/top?tf=bytes%3D{value}&si=alloc_space") + "$"), Navigation.Committed), page.ClickAsync("nav a:text('Top')"));
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        // The page gone back to is shown before going back again: a second Back while it is still being swapped in
        // can find no page attached (a CI run failed so).
        await Assertions.Expect(page.Locator("table.tags th").First).ToHaveTextAsync(new Regex($"Total {Regex.Escape(amount)}$"));
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/tags?si=alloc_space") + "$"), Navigation.Committed);
        await Assertions.Expect(page.Locator("pre.legend")).Not.ToContainTextAsync("tagfocus");
        chromium.AssertNothingLeft(Origin);
    }
}

/// <summary>The diff view in Chromium: a frame that appeared is drawn in the growth colour of the palette the URL names.</summary>
public sealed class DiffBrowserTests(DiffWebUi fixture, ITestOutputHelper output) : IClassFixture<DiffWebUi>
{
    private string Origin => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    private static readonly int[] Red = [214, 39, 40];
    private static readonly int[] Orange = [230, 97, 1];

    [Fact]
    public async Task Frames_are_coloured_by_growth_and_the_palette_toggle_is_kept_in_the_URL()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        using var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/diff", UriKind.Relative)));
        var frames = SandwichAndTagsTests.Frames(json.RootElement.GetProperty("diff"));
        // In the diff's frames Value is the base's and Self the new profile's: the widest that is new altogether.
        var appeared = frames.Where(f => f.Value == 0 && f.Self > 0).MaxBy(f => f.Self).Name;

        await Navigation.Open(page, Origin + "/ui/diff");
        await page.WaitForSelectorAsync("#diff-totals:not(:empty)");
        Assert.Equal(Red, (await DrawnBox.Find(page, "diff-graph", appeared)).Colour);
        var drawn = await DrawnBox.Find(page, "diff-graph", appeared);
        await drawn.Hover(page);
        await Assertions.Expect(page.Locator("#view-details")).ToContainTextAsync($"{appeared}  base 0B, new ");
        await chromium.ScreenshotAsync("diff.png");

        await page.CheckAsync("#diff-palette");
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/diff?palette=colorblind") + "$"), Navigation.Committed);
        Assert.Equal(Orange, (await DrawnBox.Find(page, "diff-graph", appeared)).Colour);
        await Assertions.Expect(page.Locator("#diff-key")).ToHaveTextAsync("orange: grew, purple: shrank");
        await chromium.ScreenshotAsync("diff-colorblind.png");

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/diff") + "$"), Navigation.Committed);
        await Assertions.Expect(page.Locator("#diff-palette")).Not.ToBeCheckedAsync();
        Assert.Equal(Red, (await DrawnBox.Find(page, "diff-graph", appeared)).Colour);

        // A copied URL shows the same picture: the palette comes from it.
        await Navigation.Open(page, Origin + "/ui/diff?palette=colorblind");
        await page.WaitForSelectorAsync("#diff-totals:not(:empty)");
        Assert.Equal(Orange, (await DrawnBox.Find(page, "diff-graph", appeared)).Colour);
        chromium.AssertNothingLeft(Origin);
    }
}

/// <summary>The leaks view in Chromium: the picture of memory over time is drawn and the report shown.</summary>
public sealed class LeaksBrowserTests(SeriesWebUi fixture, ITestOutputHelper output) : IClassFixture<SeriesWebUi>
{
    private string Origin => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_leaks_view_draws_memory_over_time()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        await Navigation.Open(page, Origin + "/ui/top");
        await Navigation.Navigating(page.WaitForURLAsync(new Regex("/ui/leaks$"), Navigation.Committed), page.ClickAsync("nav a:text('Leaks')"));
        await page.WaitForFunctionAsync("() => { const img = document.querySelector('img.leaks'); return img && img.complete && img.naturalWidth > 0; }");
        await Assertions.Expect(page.Locator("pre.report")).ToContainTextAsync("reflect.mapassign_faststr");
        await chromium.ScreenshotAsync("leaks.png");
        chromium.AssertNothingLeft(Origin);
    }
}
