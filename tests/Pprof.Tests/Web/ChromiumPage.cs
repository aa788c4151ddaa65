using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// A page in Debian's Chromium, headless, driven by Playwright (no browser download: the system's), that records every
/// request it makes; disposing it closes the browser. Screenshots go under <c>screenshots/</c> next to the test binaries.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Generous: a loaded CI machine starts Chromium slowly. Every wait ends as soon as its condition holds.</summary>
    public const float Patience = 180_000;

    /// <summary>As the machine's notes advise: no background traffic, which a closed network refuses many times over.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
        page.Request += (_, request) => Requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                Refused.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ScriptErrors.Add(error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public List<string> Requests { get; } = [];

    /// <summary>What the page's content security policy refused, as Chromium reports it on the console.</summary>
    public List<string> Refused { get; } = [];

    /// <summary>Exceptions the page's scripts threw and did not catch.</summary>
    public List<string> ScriptErrors { get; } = [];

    public static async Task<ChromiumPage> OpenAsync(ITestOutputHelper output, string origin)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is needed for the browser tests: apt-get install -y chromium (.ci/run does)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        output.WriteLine($"Chromium {browser.Version}");
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1200, Height = 800 },
            AcceptDownloads = true,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = origin });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        Assertions.SetDefaultExpectTimeout(Patience);
        return new ChromiumPage(playwright, browser, context, page);
    }

    public static string Screenshot(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return Path.Combine(folder, name);
    }

    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new() { Path = Screenshot(name), FullPage = true });

    /// <summary>
    /// No request left the server under test: everything the page fetched came from <paramref name="server"/>, the
    /// content security policy refused nothing (the pages need nothing it forbids), and no script failed.
    /// </summary>
    public void AssertNothingLeft(string server)
    {
        Assert.NotEmpty(Requests);
        Assert.All(Requests, url => Assert.StartsWith(server + "/", url, StringComparison.Ordinal));
        Assert.Empty(Refused);
        Assert.Empty(ScriptErrors);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
