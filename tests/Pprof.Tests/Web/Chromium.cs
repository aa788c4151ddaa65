using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download: the system's), on one page that records
/// every request it makes. Screenshots go under <c>screenshots/</c> next to the test binaries for a person to look at.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    /// <summary>Generous: a loaded CI machine starts Chromium slowly. Every wait ends as soon as its condition holds.</summary>
    private const float Patience = 180_000;

    /// <summary>No background traffic, which a closed network refuses many times over.</summary>
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>A URL is there once the page commits to it; its drawing is waited for on its own.</summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _requests = [];

    private Chromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Request += (_, request) => _requests.Add(request.Url);
    }

    public IPage Page { get; }

    public static async Task<Chromium> Open(ITestOutputHelper output)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is needed for the browser tests: apt-get install -y chromium (.ci/run does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = Arguments });
        output.WriteLine($"Chromium {browser.Version}");
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        Assertions.SetDefaultExpectTimeout(Patience);
        return new Chromium(playwright, browser, page);
    }

    /// <summary>Opens a page of the server and waits for its document, not for every resource's load event.</summary>
    public Task Open(Uri server, string path) =>
        Page.GotoAsync(server.GetLeftPart(UriPartial.Authority) + path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>Waits for a navigation that an action starts, the wait begun before the action so that it cannot miss it.</summary>
    public static Task Navigating(Task arrival, Task action) => Task.WhenAll(arrival, action);

    public Task Screenshot(string name) => Page.ScreenshotAsync(new() { Path = ScreenshotPath(name), FullPage = true });

    public void AssertNoRequestLeft(Uri server)
    {
        Assert.NotEmpty(_requests);
        Assert.All(_requests, url => Assert.StartsWith(server.GetLeftPart(UriPartial.Authority) + "/", url, StringComparison.Ordinal));
    }

    public static string ScreenshotPath(string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, name);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
