using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The flame graph in a real browser: Debian's Chromium, headless, driven by Playwright (no browser download: the
/// system's). Screenshots are kept under <c>screenshots/</c> next to the test binaries for a person to look at.
/// </summary>
public sealed class FlameGraphBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    internal const string Chromium = "/usr/bin/chromium";
    private const string Query = "?si=alloc_space";

    /// <summary>Generous: a loaded CI machine starts Chromium slowly. Every wait ends as soon as its condition holds.</summary>
    internal const float Patience = 180_000;

    /// <summary>As the machine's notes advise: no background traffic, which a closed network refuses many times over.</summary>
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task The_flame_graph_draws_hovers_searches_and_zooms_with_no_request_leaving_the_server()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is needed for the browser tests: apt-get install -y chromium (.ci/run does)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        output.WriteLine($"Chromium {browser.Version}");
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        Assertions.SetDefaultExpectTimeout(Patience);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var server = fixture.Server.Url.GetLeftPart(UriPartial.Authority);
        using var data = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/flamegraph" + Query, UriKind.Relative)));

        // The page draws itself from the JSON it fetches: wait for the drawing, not for every resource's load event.
        await page.GotoAsync($"{server}/ui/{Query}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");
        var legend = data.RootElement.GetProperty("legend").EnumerateArray().Select(line => line.GetString());
        Assert.Equal(string.Join('\n', legend), await page.InnerTextAsync("#flame-legend"));

        var canvas = await page.QuerySelectorAsync("#flamegraph canvas") ?? throw new InvalidOperationException("no canvas");
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not shown");
        await page.Mouse.MoveAsync(box.X + 5, box.Y + 5);
        await Assertions.Expect(page.Locator("#flame-details"))
            .ToContainTextAsync($"root  {data.RootElement.GetProperty("profileTotalText").GetString()} (100.00%)");

        await page.FillAsync("#flame-search", "gob");
        await Assertions.Expect(page.Locator("#flame-matched")).ToContainTextAsync("matched ");
        Assert.Equal($"matched {Percent(MatchedValue(data.RootElement, new Regex("gob")), data.RootElement)}", Percentless(await page.InnerTextAsync("#flame-matched")));
        await page.ScreenshotAsync(new() { Path = Screenshot("flamegraph-search.png"), FullPage = true });

        await page.Mouse.ClickAsync(box.X + 5, box.Y + 18 + 5);
        await page.WaitForURLAsync(new Regex("#zoom=[1-9][0-9]*$"));
        await page.ScreenshotAsync(new() { Path = Screenshot("flamegraph-zoomed.png"), FullPage = true });
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/" + Query) + "$"));

        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(server + "/", url, StringComparison.Ordinal));
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

    internal static string Screenshot(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return Path.Combine(folder, name);
    }
}
