using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pprof.Tests.Support;
using Xunit.Abstractions;

namespace Pprof.Tests.Web;

/// <summary>
/// The graph view on a machine without Graphviz (the server's PATH has no <c>dot</c>): the page draws the graph from
/// the DOT text the server writes, every node and edge of <c>-dot</c> with the same flags, no two nodes overlapping.
/// </summary>
public sealed partial class GraphWithoutDotBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _emptyPath = Directory.CreateTempSubdirectory("dotnet-pprof-no-dot-");

    public void Dispose() => _emptyPath.Delete(recursive: true);

    [Fact]
    public async Task Without_dot_the_page_draws_every_node_and_edge_of_the_DOT_text()
    {
        using var server = new WebUiProcess(new Dictionary<string, string> { ["PATH"] = _emptyPath.FullName }, GobmapWebUi.Profile);
        var origin = server.Url.GetLeftPart(UriPartial.Authority);
        var dot = DriverRun.Of("-dot", "-sample_index=alloc_space", "-nodecount=12", GobmapWebUi.Profile).Succeeded().Text;
        var nodes = NodeStatement().Matches(dot).ToDictionary(m => m.Groups[1].Value, m => string.Concat(m.Groups[2].Value.Split(["\\n", "\\l"], StringSplitOptions.None)));
        var edges = EdgeStatement().Matches(dot).Select(m => m.Groups[1].Value + " -> " + m.Groups[2].Value).Order(StringComparer.Ordinal).ToList();
        await using var chromium = await ChromiumPage.OpenAsync(output, origin);
        var page = chromium.Page;

        await Navigation.Open(page, $"{origin}/ui/graph?si=alloc_space&n=12");
        await page.WaitForSelectorAsync("#graph-drawn svg g.node");
        await Assertions.Expect(page.Locator("#graph-without-dot")).ToContainTextAsync("drawing the graph needs Graphviz's dot program");
        await Assertions.Expect(page.Locator("#graph-legend")).ToContainTextAsync("Type: alloc_space");
        var drawn = await page.EvaluateAsync<string[][]>(
            """
            () => [...document.querySelectorAll('#graph-drawn g.node')].map((g) => {
              const box = g.querySelector('rect').getBBox();
              return [g.dataset.id, g.querySelector('text').textContent, box.x, box.y, box.width, box.height].map(String);
            })
            """);
        Assert.Equal(nodes.OrderBy(n => n.Key, StringComparer.Ordinal), drawn.Select(d => KeyValuePair.Create(d[0], d[1])).OrderBy(n => n.Key, StringComparer.Ordinal));
        var boxes = drawn.Select(d => (Id: d[0], X: Number(d[2]), Y: Number(d[3]), W: Number(d[4]), H: Number(d[5]))).ToList();
        foreach (var a in boxes)
        {
            Assert.All(boxes.Where(b => b.Id != a.Id), b => Assert.False(
                a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H, $"{a.Id} and {b.Id} overlap"));
        }

        var drawnEdges = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#graph-drawn g.edge')].map((g) => g.dataset.from + ' -> ' + g.dataset.to)");
        Assert.Equal(edges, drawnEdges.Order(StringComparer.Ordinal));
        // A caller above its callees, but for an edge that closes a cycle (this graph has a recursion), drawn back up.
        var top = boxes.ToDictionary(b => b.Id, b => (b.Y, Bottom: b.Y + b.H));
        var pairs = edges.Select(e => e.Split(" -> ")).ToList();
        Assert.All(pairs, e => Assert.True(top[e[0]].Bottom < top[e[1]].Y || Reaches(pairs, e[1], e[0]), $"{e[0]} is not above {e[1]}"));
        Assert.Contains(pairs, e => top[e[0]].Bottom >= top[e[1]].Y);
        await chromium.ScreenshotAsync("graph-without-dot.png");
        chromium.AssertNothingLeft(origin);
    }

    private static bool Reaches(List<string[]> edges, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var next = new Queue<string>([from]);
        while (next.TryDequeue(out var node))
        {
            if (node == to)
            {
                return true;
            }

            foreach (var edge in edges.Where(e => e[0] == node && seen.Add(e[1])))
            {
                next.Enqueue(edge[1]);
            }
        }

        return false;
    }

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("""^(N\w*) \[label\s*=\s*"((?:[^"\\]|\\.)*)".*\]$""", RegexOptions.Multiline)]
    private static partial Regex NodeStatement();

    [GeneratedRegex(@"^(\w+) -> (\w+) \[", RegexOptions.Multiline)]
    private static partial Regex EdgeStatement();
}
