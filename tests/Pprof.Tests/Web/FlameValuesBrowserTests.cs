using System.Text.Json;
using Microsoft.Playwright;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// What the pictures and totals say against the profile's values: every flame box as wide as its frame's value (±5%),
/// at the root and zoomed, and a sample type chosen in the page's form showing the total <c>-top</c> shows for it.
/// </summary>
public sealed class FlameValuesBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private string Server => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Every_box_is_as_wide_as_its_frames_value_at_the_root_and_zoomed()
    {
        var (ids, frames) = await Frames("");
        var values = ids.Select((id, i) => (id, frames[i].Value)).Where(f => f.id >= 0).ToDictionary(f => f.id, f => f.Value);
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await Navigation.Open(page, $"{Server}/ui/?si=alloc_space");
        await page.WaitForSelectorAsync("#flame-legend:not(:empty)");

        // Every frame sent at least half a pixel wide is drawn.
        var width = await page.EvaluateAsync<double>("() => document.querySelector('#flamegraph canvas').clientWidth");
        var drawn = await AssertWidths(page, values, frames[0].Value);
        Assert.Equal(values.Count(v => width * v.Value / frames[0].Value >= 0.5), drawn);

        // The widest frame two levels down, zoomed: its subtree, as the server sends it, fills the width.
        var zoomed = ids[Enumerable.Range(0, frames.Count).Where(i => frames[i].Parent > 0 && ids[i] >= 0).MaxBy(i => frames[i].Value)];
        var (subtreeIds, subtree) = await Frames("&node=" + zoomed);
        await page.EvaluateAsync("(node) => { location.hash = 'zoom=' + node; }", zoomed);
        await page.WaitForFunctionAsync("(node) => window.pprofFlameGraph.zoomed().node === node", zoomed);
        var subtreeValues = subtreeIds.Select((id, i) => (id, subtree[i].Value)).Where(f => f.id >= 0).ToDictionary(f => f.id, f => f.Value);
        Assert.Equal(subtreeValues.Count(v => width * v.Value / subtree[0].Value >= 0.5), await AssertWidths(page, subtreeValues, subtree[0].Value));
        chromium.AssertNothingLeft(Server);
    }

    [Theory]
    [InlineData("top", "alloc_objects")]
    [InlineData("flamegraph", "alloc_space")]
    [InlineData("flamegraph", "inuse_objects")]
    public async Task A_sample_type_chosen_in_the_form_shows_the_total_of_top_for_it(string view, string type)
    {
        var cli = DriverRun.Of("-top", "-sample_index=" + type, GobmapWebUi.Profile).Succeeded().Text.Split('\n');
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await Navigation.Open(page, $"{Server}/ui/{view}");

        await page.SelectOptionAsync("header form select[name=si]", type);
        await Navigation.Navigating(
            page.WaitForURLAsync(url => url.Contains("si=" + type, StringComparison.Ordinal), Navigation.Committed),
            page.ClickAsync("header form button:text-is('Apply')"));

        var legend = view == "top" ? "pre.legend" : "#flame-legend";
        await Assertions.Expect(page.Locator(legend)).ToContainTextAsync(cli.Single(line => line.StartsWith("Showing nodes", StringComparison.Ordinal)));
        await Assertions.Expect(page.Locator(legend)).ToContainTextAsync("Type: " + type);
        await Assertions.Expect(page.Locator("header form select[name=si]")).ToHaveValueAsync(type);
        if (view == "top")
        {
            Assert.Equal(TopAndMenusBrowserTests.TopRows("-sample_index=" + type), await page.Locator("#top-table tbody tr").EvaluateAllAsync<string[]>(
                "rows => rows.map(row => Array.from(row.cells).slice(0, 6).map(cell => cell.textContent).join(' '))"));
        }

        await chromium.ScreenshotAsync($"{view}-sample-{type}.png");
        chromium.AssertNothingLeft(Server);
    }

    /// <summary>Each box drawn of a frame the server sent (not an "(other)"), as wide as its value's share of the zoomed frame's.</summary>
    /// <returns>How many boxes were checked.</returns>
    private static async Task<int> AssertWidths(IPage page, Dictionary<long, long> values, long whole)
    {
        var boxes = await page.EvaluateAsync<double[][]>(
            """
            () => {
              const graph = window.pprofFlameGraph;
              const zoomed = graph.zoomed();
              const inside = (frame) => { for (let f = frame; f; f = graph.frames()[f.parent]) { if (f === zoomed) return true; } return false; };
              const width = document.querySelector('#flamegraph canvas').clientWidth;
              return graph.boxes().filter((b) => b.frame.node >= 0 && inside(b.frame)).map((b) => [b.frame.node, b.w, width]);
            }
            """);
        foreach (var box in boxes)
        {
            var expected = box[2] * values[(long)box[0]] / whole;
            Assert.InRange(box[1], expected * 0.95, expected * 1.05);
        }

        return boxes.Length;
    }

    /// <summary>The frames the server sends for alloc_space (or a frame's subtree): their numbers, and each one's parent and value.</summary>
    private async Task<(List<long> Ids, List<(int Parent, long Value)> Frames)> Frames(string more)
    {
        using var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/flamegraph?si=alloc_space" + more, UriKind.Relative)));
        return (
            [.. json.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetInt64())],
            [.. json.RootElement.GetProperty("frames").EnumerateArray().Select(f => (f[1].GetInt32(), Math.Abs(f[2].GetInt64())))]);
    }
}
