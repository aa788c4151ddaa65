using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

public sealed class BigHeapWebUi : IDisposable
{
    public WebUiProcess Server { get; } = new(TestData.File("big.heap.pb.gz"));

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// A call tree larger than the page's frame budget (big.heap: 1.4 million frames): the page gets the widest frames
/// with the rest in "(other)" boxes, and asks for a frame's subtree, by the frame's number, when it zooms into it.
/// </summary>
public sealed class FlameGraphZoomTests(BigHeapWebUi fixture, ITestOutputHelper output) : IClassFixture<BigHeapWebUi>
{
    private const int Budget = 16_000;

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task The_first_answer_keeps_the_budget_and_still_adds_up()
    {
        var graph = await FlameGraph("");

        Assert.InRange(graph.Frames.Count(f => f.Id >= 0), Budget / 2, Budget);
        Assert.Contains(graph.Frames, f => f.Id < 0 && f.Name == "(other)");
        Assert.Empty(graph.Path);
        Assert.Equal(graph.Total, graph.Frames[0].Value);
        AssertAddsUp(graph);
    }

    [Fact]
    public async Task Zooming_into_a_cut_frame_gets_its_subtree_under_the_same_callers()
    {
        var whole = await FlameGraph("");
        // The widest frame that had callees cut: what a user zooms into to see them.
        var cut = whole.Frames.Where(f => f.Id < 0).Select(f => whole.Frames[f.Parent]).Where(f => f.Id > 0).MaxBy(f => Math.Abs(f.Value))!;

        var zoomed = await FlameGraph($"?node={cut.Id}");

        Assert.Equal((cut.Name, cut.Value, cut.Self, -1), (zoomed.Frames[0].Name, zoomed.Frames[0].Value, zoomed.Frames[0].Self, zoomed.Frames[0].Parent));
        Assert.Equal(whole.Total, zoomed.Total);
        Assert.True(Descendants(zoomed, 0) > Descendants(whole, whole.Frames.IndexOf(cut)), "the subtree has more frames than the first answer had of it");
        var callers = new List<(int, string)>();
        for (var up = whole.Frames[cut.Parent]; ; up = whole.Frames[up.Parent])
        {
            callers.Insert(0, (up.Id, up.Name));
            if (up.Parent < 0)
            {
                break;
            }
        }

        Assert.Equal(callers, zoomed.Path.Select(p => (p.Id, p.Name)));
        AssertAddsUp(zoomed);
    }

    [Fact]
    public async Task A_zoom_url_opened_afresh_fetches_the_frame_and_draws_its_subtree()
    {
        var whole = await FlameGraph("");
        var cut = whole.Frames.Where(f => f.Id < 0).Select(f => whole.Frames[f.Parent]).Where(f => f.Id > 0).MaxBy(f => Math.Abs(f.Value))!;
        var subtree = await FlameGraph($"?node={cut.Id}");
        var widestCallee = subtree.Frames.Where(f => f.Parent == 0).MaxBy(f => Math.Abs(f.Value))!;
        var server = fixture.Server.Url.GetLeftPart(UriPartial.Authority);
        await using var chromium = await ChromiumPage.OpenAsync(output, server);
        var page = chromium.Page;

        var fetched = page.WaitForResponseAsync($"{server}/ui/api/flamegraph?node={cut.Id}");
        await page.GotoAsync($"{server}/ui/#zoom={cut.Id}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal(200, (await fetched).Status);
        // Drawn again with the subtree: the page then holds more frames than the first answer gave it.
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('flamegraph').dataset.frames) > {whole.Frames.Count}");
        var canvas = await page.QuerySelectorAsync("#flamegraph canvas") ?? throw new InvalidOperationException("no canvas");
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not shown");
        var row = subtree.Path.Count;

        await page.Mouse.MoveAsync(box.X + 5, box.Y + (row * 18) + 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToContainTextAsync(cut.Name + "  ");
        await page.Mouse.MoveAsync(box.X + 5, box.Y + ((row + 1) * 18) + 5);
        await Assertions.Expect(page.Locator("#flame-details")).ToContainTextAsync(widestCallee.Name + "  ");
        await chromium.ScreenshotAsync("flamegraph-zoom-fetched.png");
        chromium.AssertNothingLeft(server);
    }

    [Theory]
    [InlineData("abc", "node: abc is not a frame number: zoom from the flame graph's page\n")]
    [InlineData("-1", "node: -1 is not a frame number: zoom from the flame graph's page\n")]
    [InlineData("99999999", "node=99999999: the flame graph has no such frame (it has 1411383): zoom out and click the frame again\n")]
    public async Task A_frame_number_that_is_not_one_is_a_400(string node, string message)
    {
        using var response = await Client.GetAsync(new Uri($"/ui/api/flamegraph?node={node}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Progress_lists_what_the_server_computes()
    {
        await FlameGraph("");
        using var progress = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/progress", UriKind.Relative)));

        Assert.Equal(JsonValueKind.Array, progress.RootElement.GetProperty("running").ValueKind);
    }

    private static void AssertAddsUp(Graph graph)
    {
        var children = new long[graph.Frames.Count];
        foreach (var frame in graph.Frames.Where(f => f.Parent >= 0))
        {
            children[frame.Parent] += frame.Value;
        }

        Assert.All(Enumerable.Range(0, graph.Frames.Count), i => Assert.Equal(graph.Frames[i].Value, graph.Frames[i].Self + children[i]));
    }

    private static int Descendants(Graph graph, int index) =>
        graph.Frames.Select((f, i) => (f, i)).Where(p => p.f.Parent == index).Sum(p => 1 + Descendants(graph, p.i));

    private async Task<Graph> FlameGraph(string query)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/flamegraph" + query, UriKind.Relative)));
        var root = json.RootElement;
        var names = root.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var ids = root.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
        var frames = root.GetProperty("frames").EnumerateArray()
            .Select((f, i) => new Frame(ids[i], names[f[0].GetInt32()], f[1].GetInt32(), f[2].GetInt64(), f[3].GetInt64())).ToList();
        var path = root.GetProperty("path").EnumerateArray()
            .Select(p => new Frame(p[1].GetInt32(), names[p[0].GetInt32()], -1, p[2].GetInt64(), p[3].GetInt64())).ToList();
        return new Graph(root.GetProperty("total").GetInt64(), frames, path);
    }

    private sealed record Frame(int Id, string Name, int Parent, long Value, long Self);

    private sealed record Graph(long Total, List<Frame> Frames, List<Frame> Path);
}
