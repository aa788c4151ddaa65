using Microsoft.Playwright;
using Pprof.Tests.Collector;
using Pprof.Tests.Leaks;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// <c>dotnet-pprof leaks -p PID -http=127.0.0.1:0 -no_browser</c> on ClassicLeaksApp's static cache, the series taken
/// to its end. The app does the same ticks after each snapshot's induced GC, so the series does not depend on the
/// machine's speed (see <see cref="ClassicLeaksLiveTests"/>).
/// </summary>
public sealed class ClassicLeaksWebUi : IDisposable
{
    public const int Count = 10;

    public const string Holder = "static ClassicLeaksApp.SessionCache.Sessions › ";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "web-live-classic-" + Guid.NewGuid().ToString("N"));

    public ClassicLeaksWebUi()
    {
        App = new TestAppProcess("ClassicLeaksApp", ["static-cache", "200", "16"]);
        Server = WebUiProcess.Command(
            "leaks", "-p", $"{App.ProcessId}", "--every", "1s", "--count", $"{Count}", "-o", _folder, "-http=127.0.0.1:0", "-no_browser");
        LiveStatus.Until(Server.Client, status => status.Ended).GetAwaiter().GetResult();
    }

    public TestAppProcess App { get; }

    public WebUiProcess Server { get; }

    public string Origin => Server.Url.GetLeftPart(UriPartial.Authority);

    public void Dispose()
    {
        Server.Dispose();
        App.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

public sealed class ClassicLeaksWebTests(ClassicLeaksWebUi fixture, ITestOutputHelper output) : IClassFixture<ClassicLeaksWebUi>
{
    [Fact]
    public async Task The_leaks_view_names_the_holder_that_the_printed_report_names()
    {
        var page = await WebUiPage.Get(fixture.Server.Client, "/ui/leaks");
        await LiveWaits.Printed(fixture.Server, page.Report);

        var first = LeakReportRows.Of(page.Report)["by retention path"][0];
        Assert.True(first.StartsWith("LEAK ", StringComparison.Ordinal) && first.Contains(ClassicLeaksWebUi.Holder, StringComparison.Ordinal), page.Report);
        Assert.Equal(first, LeakReportRows.Of(fixture.Server.Stdout)["by retention path"][0]);
        Assert.Contains($"{ClassicLeaksWebUi.Count} of {ClassicLeaksWebUi.Count} samples of process {fixture.App.ProcessId} (ClassicLeaksApp) taken: the series is complete.", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_other_views_show_the_last_heap_snapshot()
    {
        var page = await WebUiPage.Get(fixture.Server.Client, "/ui/top");

        Assert.Contains($"process {fixture.App.ProcessId} (ClassicLeaksApp): the latest sample, {ClassicLeaksWebUi.Count} of {ClassicLeaksWebUi.Count}", page.Html, StringComparison.Ordinal);
        Assert.Contains(page.TopRows, row => row.Contains("ClassicLeaksApp.SessionCache.Sessions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_last_samples_threads_have_views_of_their_own_linked_from_the_leaks_view()
    {
        var target = $"process {fixture.App.ProcessId} (ClassicLeaksApp)";
        var threads = await WebUiPage.Get(fixture.Server.Client, "/ui/2/top");
        var leaks = await WebUiPage.Get(fixture.Server.Client, "/ui/leaks");

        Assert.Contains($"<span class=\"title\">threads of {target}: the latest sample, {ClassicLeaksWebUi.Count} of {ClassicLeaksWebUi.Count}", threads.Html, StringComparison.Ordinal);
        Assert.Contains("Type: threads", threads.Legend);
        Assert.Contains($"<a href=\"flamegraph\">heap snapshot of {target}</a>, <a href=\"2/flamegraph\">threads of {target}</a>", leaks.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_draws_the_series_and_its_leak()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, fixture.Origin);
        var page = chromium.Page;
        await Navigation.Open(page, fixture.Origin + "/ui/leaks");
        await page.WaitForFunctionAsync(LiveWaits.PictureDrawn);
        await Assertions.Expect(page.Locator("pre.report")).ToContainTextAsync("LEAK ");
        await Assertions.Expect(page.Locator("pre.report")).ToContainTextAsync(ClassicLeaksWebUi.Holder);
        await chromium.ScreenshotAsync("leaks-live.png");
        chromium.AssertNothingLeft(fixture.Origin);
    }
}
