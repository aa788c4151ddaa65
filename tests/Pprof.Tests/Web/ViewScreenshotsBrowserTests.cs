using Microsoft.Playwright;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>A server on gobmap's last heap profile with the Go program's source: pprof's own views each have something to show.</summary>
public sealed class SourceWebUi : IDisposable
{
    public WebUiProcess Server { get; } = new("-source_path=" + Path.Combine(TestData.Go, "src"), GobmapWebUi.Profile);

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// pprof's views in Chromium, each drawn with what it must show and kept as a screenshot for docs/web-ui.md
/// (<c>screenshots/view-NAME.png</c>, copied to <c>docs/images/web-view-NAME.png</c>).
/// </summary>
public sealed class ViewScreenshotsBrowserTests(SourceWebUi fixture, ITestOutputHelper output) : IClassFixture<SourceWebUi>
{
    private string Origin => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Theory]
    [InlineData("flamegraph", "/ui/flamegraph?si=alloc_space", "#flame-legend", "Showing nodes accounting for")]
    [InlineData("top", "/ui/top?si=alloc_space&n=12", "table", "main.rebuildStrategyMap")]
    [InlineData("peek", "/ui/peek?si=alloc_space&f=%5Emain%5C.rebuildStrategyMap%24", "pre.report", "| main.rebuildStrategyMap")]
    [InlineData("source", "/ui/source?si=alloc_space&f=%5Emain%5C.gobmap%24", "pre.report", "rebuildStrategyMap(round)")]
    public async Task Each_view_shows_its_report(string view, string path, string element, string text)
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        await Navigation.Open(page, Origin + path);

        await Assertions.Expect(page.Locator(element).First).ToContainTextAsync(text);
        await Assertions.Expect(page.Locator($"nav a.current")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^" + view));
        if (view == "flamegraph")
        {
            await page.WaitForFunctionAsync("() => { const canvas = document.querySelector('#flamegraph canvas'); return canvas && canvas.width > 0; }");
        }

        await chromium.ScreenshotAsync($"view-{view}.png");
        chromium.AssertNothingLeft(Origin);
    }

    [Fact]
    public async Task The_graph_view_draws_the_call_graph_that_dot_lays_out()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        await Navigation.Open(page, Origin + "/ui/graph?si=alloc_space&n=12");

        await page.WaitForFunctionAsync(
            "() => { const img = document.querySelector('img.graph'); return img && img.complete && img.naturalWidth > 0; }",
            null,
            new() { Timeout = ChromiumPage.Patience });
        await chromium.ScreenshotAsync("view-graph.png");
        chromium.AssertNothingLeft(Origin);
    }
}
