using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The flame graph in a real browser (see <see cref="ChromiumPage"/>). Screenshots are kept under <c>screenshots/</c>
/// next to the test binaries for a person to look at.
/// </summary>
public sealed class FlameGraphBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private const string Query = "?si=alloc_space";

    [Fact]
    public async Task The_flame_graph_draws_hovers_searches_and_zooms_with_no_request_leaving_the_server()
    {
        var server = fixture.Server.Url.GetLeftPart(UriPartial.Authority);
        await using var chromium = await ChromiumPage.OpenAsync(output, server);
        var page = chromium.Page;
        using var data = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/flamegraph" + Query, UriKind.Relative)));

        // The page draws itself from the JSON it fetches: wait for the drawing, not for every resource's load event.
        await page.GotoAsync($"{server}/ui/{Query}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        var legend = data.RootElement.GetProperty("legend").EnumerateArray().Select(line => line.GetString());
        Assert.Equal(string.Join('\n', legend), await page.InnerTextAsync("#flame-legend"));

        // The locator's actions wait for the canvas to stand still and aim at it where it is then: a full-page
        // screenshot resizes the viewport, and the page redraws on resize.
        var canvas = page.Locator("#flamegraph canvas");
        await canvas.HoverAsync(new() { Position = new() { X = 5, Y = 5 } });
        await Assertions.Expect(page.Locator("#flame-details"))
            .ToContainTextAsync($"root  {data.RootElement.GetProperty("profileTotalText").GetString()} (100.00%)");

        await page.FillAsync("#flame-search", "gob");
        await Assertions.Expect(page.Locator("#flame-matched")).ToContainTextAsync("matched ");
        Assert.Equal($"matched {Percent(MatchedValue(data.RootElement, new Regex("gob")), data.RootElement)}", Percentless(await page.InnerTextAsync("#flame-matched")));
        await chromium.ScreenshotAsync("flamegraph-search.png");

        await canvas.ClickAsync(new() { Position = new() { X = 5, Y = 18 + 5 } });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#zoom=[1-9][0-9]*$"));
        await chromium.ScreenshotAsync("flamegraph-zoomed.png");
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/" + Query) + "$"));

        chromium.AssertNothingLeft(server);
    }

    /// <summary>The value of the frames a search matches, each counted once even when a match is inside another.</summary>
    private static long MatchedValue(JsonElement data, Regex pattern)
    {
        var names = data.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var frames = data.GetProperty("frames").EnumerateArray().Select(f => (Name: names[f[0].GetInt32()], Parent: f[1].GetInt32(), Value: f[2].GetInt64())).ToList();
        var inside = new bool[frames.Count];
        long total = 0;
        for (var id = 1; id < frames.Count; id++)
        {
            var parentInside = frames[id].Parent > 0 && inside[frames[id].Parent];
            var hit = !parentInside && pattern.IsMatch(frames[id].Name);
            total += hit ? frames[id].Value : 0;
            inside[id] = parentInside || hit;
        }

        return total;
    }

    private static string Percent(long value, JsonElement data) =>
        (100.0 * value / data.GetProperty("profileTotal").GetInt64()).ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>"matched 54.51MB (42.69%)" read as "matched 42.69%": the value's text is the page's own formatting.</summary>
    private static string Percentless(string matched) => Regex.Replace(matched, @"^matched \S+ \((.*)\)$", "matched $1");
}
