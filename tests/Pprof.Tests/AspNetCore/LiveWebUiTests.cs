using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Web;
using Xunit.Abstractions;

namespace Pprof.Tests.AspNetCore;

/// <summary><c>MapPprof()</c> serving the web UI at <c>/debug/pprof/ui/</c> over the live process: a real ASP.NET server on loopback.</summary>
public sealed partial class LiveWebUiTests(ITestOutputHelper output)
{
    /// <summary>Another test may be collecting a profile of this process (one at a time): such a request is answered 429.</summary>
    private static readonly TimeSpan BusyPatience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_UI_is_off_by_default()
    {
        await using var app = await StartAsync(serveWebUi: false);
        using var client = Client(app);

        using var response = await client.GetAsync(new Uri("/debug/pprof/ui/goroutine/top", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Each_kinds_views_show_a_profile_taken_on_demand_and_refresh_takes_a_fresh_one()
    {
        await using var app = await StartAsync(serveWebUi: true);
        using var client = Client(app);

        var list = await client.GetStringAsync(new Uri("/debug/pprof/ui/", UriKind.Relative));
        foreach (var kind in (string[])["heap", "allocs", "goroutine", "profile"])
        {
            Assert.Contains($"<a href=\"/debug/pprof/ui/{kind}/\">{kind}</a>", list, StringComparison.Ordinal);
        }

        using (var bare = await client.GetAsync(new Uri("/debug/pprof/ui/goroutine?si=goroutine", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal("/debug/pprof/ui/goroutine/?si=goroutine", bare.Headers.Location?.OriginalString);
        }

        var top = await GetWhenNotBusyAsync(client, "/debug/pprof/ui/goroutine/top");
        var profile = ProfileSource.Load(await client.GetByteArrayAsync(new Uri("/debug/pprof/ui/goroutine/download", UriKind.Relative)));
        var expected = new ProfileReport(profile).Top().ToString().TrimEnd('\n').Split('\n');
        var page = new WebUiPage(HttpStatusCode.OK, top);
        Assert.Equal(expected[..page.Legend.Count], page.Legend);
        Assert.Equal(expected[(page.Legend.Count + 1)..].Select(Words), page.TopRows);
        Assert.NotEmpty(page.TopRows);
        Assert.Contains("<link rel=\"stylesheet\" href=\"assets/ui.css\">", top, StringComparison.Ordinal);
        using (var css = await client.GetAsync(new Uri("/debug/pprof/ui/goroutine/assets/ui.css", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        }

        using (var refresh = await client.GetAsync(new Uri("/debug/pprof/ui/goroutine/refresh", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, refresh.StatusCode);
            Assert.Equal("./", refresh.Headers.Location?.OriginalString);
        }

        await GetWhenNotBusyAsync(client, "/debug/pprof/ui/goroutine/top");
        var fresh = ProfileSource.Load(await client.GetByteArrayAsync(new Uri("/debug/pprof/ui/goroutine/download", UriKind.Relative)));
        Assert.True(fresh.TimeNanos > profile.TimeNanos, $"the refreshed profile was taken at {fresh.TimeNanos}, the first at {profile.TimeNanos}");
    }

    [Theory]
    [InlineData("/debug/pprof/ui/")]
    [InlineData("/debug/pprof/ui/goroutine/top")]
    public async Task A_client_from_another_machine_is_refused_even_with_AllowRemote(string path)
    {
        await using var app = await StartAsync(serveWebUi: true, allowRemote: true);
        using var client = Client(app);
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Forwarded-For", "192.0.2.7" } } };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("the pprof web UI answers only clients on this machine (loopback)\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_kind_is_a_404_that_names_the_kinds()
    {
        await using var app = await StartAsync(serveWebUi: true);
        using var client = Client(app);

        using var response = await client.GetAsync(new Uri("/debug/pprof/ui/mutex/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no profile kind mutex: choose one of heap, allocs, goroutine, profile\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_flame_graph_of_the_live_process_draws_in_Chromium_and_its_links_stay_under_the_prefix()
    {
        await using var app = await StartAsync(serveWebUi: true);
        using var client = Client(app);
        await GetWhenNotBusyAsync(client, "/debug/pprof/ui/goroutine/");
        var server = app.Urls.Single();
        await using var chromium = await ChromiumPage.OpenAsync(output, server);
        var page = chromium.Page;

        await page.GotoAsync($"{server}/debug/pprof/ui/goroutine/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: threads");
        await chromium.ScreenshotAsync("mappprof-flamegraph.png");
        await page.ClickAsync("nav >> text=Top");
        await page.WaitForURLAsync($"{server}/debug/pprof/ui/goroutine/top");
        await Assertions.Expect(page.Locator("#top-table tbody tr").First).ToBeVisibleAsync();
        chromium.AssertNothingLeft(server);
    }

    private static async Task<string> GetWhenNotBusyAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + BusyPatience;
        while (true)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static HttpClient Client(WebApplication app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(3) };

    private static async Task<WebApplication> StartAsync(bool serveWebUi, bool allowRemote = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddPprof(options =>
        {
            options.ServeWebUi = serveWebUi;
            options.AllowRemote = allowRemote;
        });
        var app = builder.Build();
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.MapPprof();
        await app.StartAsync();
        return app;
    }

    private static string Words(string line) => string.Join(' ', WhiteSpace().Split(line.Trim()));

    [GeneratedRegex(" +")]
    private static partial Regex WhiteSpace();
}
