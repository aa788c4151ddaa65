using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>The diff the other way round (<c>-diff_base=AFTER BEFORE</c>): what the later heap held has vanished.</summary>
public sealed class ShrinkingDiffWebUi : IDisposable
{
    public WebUiProcess Server { get; } = new("-diff_base=" + DiffWebUi.After, DiffWebUi.Before);

    public void Dispose() => Server.Dispose();
}

/// <summary>The diff view in Chromium: a frame that vanished is drawn in the shrink colour of the palette the URL names.</summary>
public sealed class DiffShrinkBrowserTests(ShrinkingDiffWebUi fixture, ITestOutputHelper output) : IClassFixture<ShrinkingDiffWebUi>
{
    private static readonly int[] Green = [44, 160, 44];
    private static readonly int[] Purple = [94, 60, 153];

    private string Origin => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_frame_that_vanished_is_green_and_purple_in_the_colour_blind_palette()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Origin);
        var page = chromium.Page;
        using var json = JsonDocument.Parse(await fixture.Server.Client.GetStringAsync(new Uri("/ui/api/diff", UriKind.Relative)));
        var frames = SandwichAndTagsTests.Frames(json.RootElement.GetProperty("diff"));
        // In the diff's frames Value is the base's and Self the new profile's: the widest that is gone altogether.
        var vanished = frames.Where(f => f.Value > 0 && f.Self == 0).MaxBy(f => f.Value).Name;

        await Navigation.Open(page, Origin + "/ui/diff");
        await page.WaitForSelectorAsync("#diff-totals:not(:empty)");
        var drawn = await DrawnBox.Find(page, "diff-graph", vanished);
        Assert.Equal(Green, drawn.Colour);
        await drawn.Hover(page);
        await Assertions.Expect(page.Locator("#view-details")).ToContainTextAsync(new Regex($"^{Regex.Escape(vanished)}  base \\S+, new 0B"));
        await Assertions.Expect(page.Locator("#diff-key")).ToHaveTextAsync("red: grew, green: shrank");

        await page.CheckAsync("#diff-palette");
        await page.WaitForURLAsync(new Regex(Regex.Escape("/ui/diff?palette=colorblind") + "$"), Navigation.Committed);
        Assert.Equal(Purple, (await DrawnBox.Find(page, "diff-graph", vanished)).Colour);
        await chromium.ScreenshotAsync("diff-shrank.png");
        chromium.AssertNothingLeft(Origin);
    }
}
