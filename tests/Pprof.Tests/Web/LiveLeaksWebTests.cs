using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using Pprof.Tests.Collector;
using Pprof.Tests.Leaks;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// <c>dotnet-pprof leaks -url URL -http=127.0.0.1:0 -no_browser</c> over an endpoint that answers each sample only when
/// the test releases it: the leaks view follows the series sample by sample, the other views show the latest one, and
/// once the series ends the report printed is the one the page shows, the server serving on.
/// </summary>
public sealed class LiveLeaksWebTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 5;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "web-live-leaks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_leaks_view_follows_the_series_and_the_other_views_show_its_latest_sample()
    {
        using var endpoint = new GatedProfileServer(SeriesWebUi.Files);
        using var server = Start(endpoint);
        var client = server.Client;

        var waiting = await WebUiPage.Get(client, "/ui/leaks");
        Assert.Equal(HttpStatusCode.OK, waiting.Status);
        Assert.Contains($"0 of {Count} samples of {endpoint.Url} taken, taking sample 1 now.", waiting.Html, StringComparison.Ordinal);
        var noSample = await WebUiPage.Get(client, "/ui/top");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noSample.Status);
        Assert.StartsWith($"no sample of {endpoint.Url} yet", noSample.Html, StringComparison.Ordinal);

        endpoint.Release();
        await LiveStatus.Until(client, status => status.Taken == 1);
        var one = await WebUiPage.Get(client, "/ui/leaks");
        Assert.Contains($"1 of {Count} samples of {endpoint.Url} taken", one.Html, StringComparison.Ordinal);
        Assert.Contains("The report and the picture come with the second sample.", one.Html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"title\">{endpoint.Url}: the latest sample, 1 of {Count}", (await WebUiPage.Get(client, "/ui/top")).Html, StringComparison.Ordinal);

        for (var i = 1; i < Count; i++)
        {
            endpoint.Release();
        }

        var ended = await LiveStatus.Until(client, status => status.Ended);
        Assert.Equal(Count, ended.Taken);
        var page = await WebUiPage.Get(client, "/ui/leaks");
        await LiveWaits.Printed(server, page.Report);
        Assert.Contains($"{Count} of {Count} samples of {endpoint.Url} taken: the series is complete.", page.Html, StringComparison.Ordinal);
        Assert.Contains("<img class=\"leaks\" alt=\"memory over time\"", page.Html, StringComparison.Ordinal);

        var latest = Directory.GetFiles(_folder).Order(StringComparer.Ordinal).Last();
        var top = await WebUiPage.Get(client, "/ui/top");
        Assert.Contains($"<span class=\"title\">{endpoint.Url}: the latest sample, {Count} of {Count}", top.Html, StringComparison.Ordinal);
        Assert.Equal(Showing(CollectorCli.Report(latest, "-top").Split('\n')), Showing(top.Legend));
    }

    [Fact]
    public async Task Over_several_URLs_each_ones_latest_profile_has_views_of_its_own_named_in_their_title()
    {
        const int count = 2;
        using var heap = new GatedProfileServer([.. Enumerable.Range(0, count).Select(i => TestData.File($"loggerleak.heap.{i}.pb.gz"))]);
        using var goroutine = new GatedProfileServer([.. Enumerable.Range(0, count).Select(i => TestData.File($"loggerleak.goroutine.{i}.pb.gz"))], "goroutine");
        using var server = WebUiProcess.Command(
            "leaks", "-url", heap.Url, "-url", goroutine.Url, "--every", "100ms", "--count", $"{count}", "-o", _folder, "-http=127.0.0.1:0", "-no_browser");
        var client = server.Client;
        for (var i = 0; i < count; i++)
        {
            heap.Release();
            goroutine.Release();
        }

        await LiveStatus.Until(client, status => status.Ended);
        var leaks = await WebUiPage.Get(client, "/ui/leaks");
        Assert.Contains($"<a href=\"flamegraph\">{heap.Url}</a>, <a href=\"2/flamegraph\">{goroutine.Url}</a>", leaks.Html, StringComparison.Ordinal);

        var first = await WebUiPage.Get(client, "/ui/top");
        var second = await WebUiPage.Get(client, "/ui/2/top");
        Assert.Contains($"<span class=\"title\">{heap.Url}: the latest sample, {count} of {count}", first.Html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"title\">{goroutine.Url}: the latest sample, {count} of {count}", second.Html, StringComparison.Ordinal);
        var files = Directory.GetFiles(_folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Showing(CollectorCli.Report(files.Last(f => f.Contains(".heap.", StringComparison.Ordinal)), "-top").Split('\n')), Showing(first.Legend));
        Assert.Equal(Showing(CollectorCli.Report(files.Last(f => f.Contains(".goroutine.", StringComparison.Ordinal)), "-top").Split('\n')), Showing(second.Legend));

        // The pages link relatively: the second profile's flame graph fetches its own data, and its leaks link is the series'.
        Assert.Contains("data-api=\"api/flamegraph\"", (await WebUiPage.Get(client, "/ui/2/flamegraph")).Html, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(await client.GetStringAsync(new Uri("/ui/2/api/flamegraph", UriKind.Relative)));
        Assert.Equal("goroutine", data.RootElement.GetProperty("sampleType").GetString());
        using var toLeaks = await client.GetAsync(new Uri("/ui/2/leaks", UriKind.Relative));
        Assert.Equal("/ui/leaks", toLeaks.RequestMessage!.RequestUri!.AbsolutePath);
        var none = await WebUiPage.Get(client, "/ui/3/top");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Equal($"/ui/3/: a sample of {heap.Url}, {goroutine.Url} has no such profile: /ui/ shows {heap.Url}, /ui/2/ shows {goroutine.Url}\n", none.Html);

        // In Chromium: the leaks view's link to the second profile, its flame graph, and the header's links staying with it.
        var origin = server.Url.GetLeftPart(UriPartial.Authority);
        await using var chromium = await ChromiumPage.OpenAsync(output, origin);
        var page = chromium.Page;
        await Navigation.Open(page, origin + "/ui/leaks");
        await Navigation.Navigating(
            page.WaitForURLAsync(origin + "/ui/2/flamegraph", Navigation.Committed),
            page.ClickAsync($"#leaks-live a:text-is('{goroutine.Url}')"));
        await Assertions.Expect(page.Locator("#flame-legend")).ToContainTextAsync("Type: goroutine");
        await Assertions.Expect(page.Locator("header .title")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(goroutine.Url + ": the latest sample")));
        await Navigation.Navigating(
            page.WaitForURLAsync(origin + "/ui/2/top", Navigation.Committed),
            page.ClickAsync("nav a:text-is('Top')"));
        Assert.Equal(Showing(second.Legend), Showing((await page.InnerTextAsync("pre.legend")).Split('\n')));
        chromium.AssertNothingLeft(origin);
    }

    [Fact]
    public async Task The_series_state_costs_a_304_while_it_has_not_changed()
    {
        using var endpoint = new GatedProfileServer(SeriesWebUi.Files);
        using var server = Start(endpoint);
        endpoint.Release();
        var status = await LiveStatus.Until(server.Client, s => s.Taken == 1);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/api/leaks.json");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{status.Version}\""));
        using var answer = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, answer.StatusCode);
        Assert.Equal($"\"{status.Version}\"", answer.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task The_page_draws_the_series_and_loads_again_when_a_sample_arrives()
    {
        using var endpoint = new GatedProfileServer(SeriesWebUi.Files);
        using var server = Start(endpoint);
        var origin = server.Url.GetLeftPart(UriPartial.Authority);
        endpoint.Release();
        endpoint.Release();
        await LiveStatus.Until(server.Client, status => status.Taken == 2);

        await using var chromium = await ChromiumPage.OpenAsync(output, origin);
        var page = chromium.Page;
        await Navigation.Open(page, origin + "/ui/leaks");
        await Assertions.Expect(page.Locator("#leaks-live")).ToContainTextAsync($"2 of {Count} samples");
        await page.WaitForFunctionAsync(LiveWaits.PictureDrawn);

        endpoint.Release();
        await Assertions.Expect(page.Locator("#leaks-live")).ToContainTextAsync($"3 of {Count} samples");
        await page.WaitForFunctionAsync(LiveWaits.PictureDrawn);
        Assert.Equal(origin + "/ui/leaks", page.Url);
        await Assertions.Expect(page.Locator("pre.report")).ToContainTextAsync("3 heap profiles");
        chromium.AssertNothingLeft(origin);
    }

    [Theory]
    [InlineData("-http=nonsense", "dotnet-pprof leaks: -http=nonsense: expected [host]:[port], such as :8080 or localhost:0")]
    [InlineData("-http=:99999", "dotnet-pprof leaks: -http=:99999: the port 99999 is not a number from 0 to 65535")]
    public void A_bad_address_is_one_line_and_exit_2_before_any_sample(string http, string line)
    {
        using var endpoint = new GatedProfileServer(SeriesWebUi.Files);
        var run = CollectorCli.Run("leaks", "-url", endpoint.Url, "--count", "2", "-o", _folder, http, "-no_browser");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([line], run.StderrLines);
        Assert.Equal("", run.Stdout);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Http_with_profile_files_points_to_the_web_UI_of_files()
    {
        var run = CollectorCli.Run(["leaks", "-http=:0", .. SeriesWebUi.Files]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            ["dotnet-pprof leaks: -http serves a series while it is taken, with -p PID or -url URL; for profile files use dotnet-pprof -http=ADDR FILES... (see dotnet-pprof leaks --help)"],
            run.StderrLines);
    }

    private WebUiProcess Start(GatedProfileServer endpoint) => WebUiProcess.Command(
        "leaks", "-url", endpoint.Url, "--every", "100ms", "--count", $"{Count}", "-o", _folder, "-http=127.0.0.1:0", "-no_browser");

    private static string Showing(IEnumerable<string> legend) => legend.Single(line => line.StartsWith("Showing nodes", StringComparison.Ordinal));
}

/// <summary>Waiting for what a live series shows, for as long as a loaded machine needs.</summary>
internal static class LiveWaits
{
    public const string PictureDrawn = "() => { const img = document.querySelector('img.leaks'); return img && img.complete && img.naturalWidth > 0; }";

    /// <summary>Waits for <paramref name="done"/> to hold of what <paramref name="probe"/> reads, asking again until a generous deadline.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"waited four minutes for {what}; last seen: {value}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the command to have printed <paramref name="report"/>, the report the page shows, on its standard output.</summary>
    public static Task Printed(WebUiProcess server, string report) =>
        Until(() => Task.FromResult(server.Stdout), stdout => stdout == report, "the report the page shows on standard output");
}

/// <summary>What <c>/ui/api/leaks.json</c> says of a live series.</summary>
public sealed record LiveStatus(int Version, int Taken, int Count, bool Ended)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<LiveStatus> Until(HttpClient client, Func<LiveStatus, bool> done) =>
        LiveWaits.Until(async () => JsonSerializer.Deserialize<LiveStatus>(await client.GetStringAsync(new Uri("/ui/api/leaks.json", UriKind.Relative)), Json)!, done, "the live series");
}
