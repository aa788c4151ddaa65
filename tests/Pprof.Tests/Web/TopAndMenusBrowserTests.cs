using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pprof.Sources;
using Pprof.Reports;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>The top table's sorting, filter and row actions, the saved configurations and the downloads, in Chromium.</summary>
public sealed class TopAndMenusBrowserTests(GobmapWebUi fixture, ITestOutputHelper output) : IClassFixture<GobmapWebUi>
{
    private const string RowsText = "rows => rows.filter(row => !row.hidden).map(row => Array.from(row.cells).slice(0, 6).map(cell => cell.textContent).join(' '))";

    private string Server => fixture.Server.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task The_top_table_sorts_by_a_column_filters_by_name_and_a_rows_focus_shows_that_functions_top()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        var cli = TopRows("-sample_index=alloc_space");
        await page.GotoAsync($"{Server}/ui/top?si=alloc_space", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        var rows = page.Locator("#top-table tbody tr");
        Assert.Equal(cli, await rows.EvaluateAllAsync<string[]>(RowsText));

        await page.ClickAsync("#top-table th:text-is('cum')");
        await page.WaitForURLAsync(new Regex("#sort=cum$"));
        var byCum = await rows.EvaluateAllAsync<long[]>("rows => rows.map(row => Number(row.dataset.cum))");
        Assert.Equal(byCum.OrderByDescending(v => v), byCum);
        Assert.NotEqual(cli, await rows.EvaluateAllAsync<string[]>(RowsText));
        await page.ClickAsync("#top-table th:text-is('name')");
        var names = await rows.EvaluateAllAsync<string[]>("rows => rows.map(row => row.cells[5].textContent)");
        Assert.Equal(names.OrderBy(n => n.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(n => n, StringComparer.Ordinal), names);
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex("#sort=cum$"));

        await page.FillAsync("#top-filter", "overflow|Decoder");
        var expected = cli.Where(row => Regex.IsMatch(row.Split(' ', 6)[5], "overflow|Decoder", RegexOptions.IgnoreCase)).ToList();
        await Assertions.Expect(page.Locator("#top-shown")).ToHaveTextAsync($"{expected.Count} of {cli.Count} rows");
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await rows.EvaluateAllAsync<string[]>(RowsText)).Order(StringComparer.Ordinal));
        await chromium.ScreenshotAsync("top-sorted-filtered.png");

        var shownFirst = page.Locator("#top-table tbody tr:visible").First;
        var first = await shownFirst.Locator("td.name").TextContentAsync() ?? "";
        await Navigation.Navigating(
            page.WaitForURLAsync(url => url.Contains("f=", StringComparison.Ordinal) && !url.Contains('#', StringComparison.Ordinal), Navigation.Committed),
            shownFirst.Locator("a:text-is('focus')").ClickAsync());
        var function = "^" + Regex.Replace(first.Replace(" (inline)", "", StringComparison.Ordinal), @"[\\.?+*\[\](){}|^$]", @"\$0") + "$";
        Assert.Equal(TopRows("-sample_index=alloc_space", "-focus=" + function), await rows.EvaluateAllAsync<string[]>(RowsText));
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task A_configuration_saved_from_the_menu_is_picked_from_it_on_another_view_and_deleted()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await page.GotoAsync($"{Server}/ui/top?si=alloc_objects&h=reflect", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        await page.ClickAsync("#configs summary");
        await page.FillAsync("#configs input[name=config]", "objects without reflect");
        await chromium.ScreenshotAsync("config-menu.png");
        await Navigation.Navigating(
            page.WaitForURLAsync($"{Server}/ui/top?h=reflect&si=alloc_objects", Navigation.Committed),
            page.ClickAsync("#configs button:text-is('Save current')"));
        Assert.Contains("\"objects without reflect\"", File.ReadAllText(fixture.SettingsFile), StringComparison.Ordinal);

        await page.GotoAsync($"{Server}/ui/peek?f=main", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.ClickAsync("#configs summary");
        await Navigation.Navigating(
            page.WaitForURLAsync($"{Server}/ui/peek?h=reflect&si=alloc_objects", Navigation.Committed),
            page.ClickAsync("#configs a:text-is('objects without reflect')"));
        Assert.Equal("alloc_objects", await page.InputValueAsync("header form select[name=si]"));
        Assert.Equal("reflect", await page.InputValueAsync("header form input[name=h]"));

        await page.ClickAsync("#configs summary");
        await Navigation.Navigating(
            page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/ui/peek", Navigation.Committed),
            page.ClickAsync("#configs button[title='Delete objects without reflect']"));
        await Assertions.Expect(page.Locator("#configs a:text-is('objects without reflect')")).ToHaveCountAsync(0);
        Assert.DoesNotContain("objects without reflect", File.ReadAllText(fixture.SettingsFile), StringComparison.Ordinal);
        chromium.AssertNothingLeft(Server);
    }

    [Fact]
    public async Task The_downloads_read_back_equal_to_what_the_command_line_writes()
    {
        await using var chromium = await ChromiumPage.OpenAsync(output, Server);
        var page = chromium.Page;
        await page.GotoAsync($"{Server}/ui/top?si=inuse_space&f=gob", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        var svg = await DownloadAsync(page, "Flame graph (.svg)");
        Assert.Equal(DriverRun.Of("-flamegraph", "-sample_index=inuse_space", "-focus=gob", GobmapWebUi.Profile).Succeeded().Stdout, svg);
        var collapsed = await DownloadAsync(page, "Collapsed stacks (.txt)");
        Assert.Equal(DriverRun.Of("-collapsed", "-sample_index=inuse_space", "-focus=gob", GobmapWebUi.Profile).Succeeded().Stdout, collapsed);
        var filtered = await DownloadAsync(page, "Profile, filtered as shown (.pb.gz)");
        var proto = DriverRun.Of("-proto", "-sample_index=inuse_space", "-focus=gob", GobmapWebUi.Profile).Succeeded().Stdout;
        Assert.Equal(new ProfileReport(ProfileSource.Load(proto)).ToText(ReportFormat.Raw), new ProfileReport(ProfileSource.Load(filtered)).ToText(ReportFormat.Raw));
        var original = await DownloadAsync(page, "Profile as loaded (.pb.gz)");
        Assert.Equal(
            new ProfileReport(ProfileSource.Load(GobmapWebUi.Profile)).ToText(ReportFormat.Raw),
            new ProfileReport(ProfileSource.Load(original)).ToText(ReportFormat.Raw));

        chromium.AssertNothingLeft(Server);

        // The SVG is a picture on its own: Chromium draws every frame of it with nothing else from the server.
        chromium.Requests.Clear();
        await page.GotoAsync("data:image/svg+xml;base64," + Convert.ToBase64String(svg));
        await Assertions.Expect(page.Locator("g.frame").First).ToBeVisibleAsync();
        Assert.Equal(Regex.Count(System.Text.Encoding.UTF8.GetString(svg), "<g class=\"frame\""), await page.Locator("g.frame").CountAsync());
        Assert.All(chromium.Requests, url => Assert.StartsWith("data:", url, StringComparison.Ordinal));
    }

    private static async Task<byte[]> DownloadAsync(IPage page, string label)
    {
        await page.ClickAsync("#downloads summary");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"#downloads a:text-is('{label}')"));
        var path = await download.PathAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("#downloads summary");
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>The rows of <c>-top</c> on the fixture's profile with <paramref name="flags"/>, each as its words separated by single spaces.</summary>
    internal static List<string> TopRows(params string[] flags)
    {
        var lines = DriverRun.Of(["-top", .. flags, GobmapWebUi.Profile]).Succeeded().Text.TrimEnd('\n').Split('\n');
        return [.. lines.SkipWhile(line => !line.TrimStart().StartsWith("flat", StringComparison.Ordinal)).Skip(1)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];
    }
}
