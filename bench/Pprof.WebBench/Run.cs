using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Pprof.WebBench;

/// <summary>One run: a fresh server, a fresh page, every figure of the issue's list.</summary>
internal static class Run
{
    private const string Painted = "() => document.getElementById('flame-legend').textContent.length > 0";
    private const string NextFrame = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))";

    /// <summary>A function that resolves when the flame graph has drawn another picture and the browser has painted it.</summary>
    private const string WhenShown = @"
        const whenShown = () => new Promise((done) => {
          const container = document.getElementById('flamegraph'); const before = container.dataset.shown;
          new MutationObserver((_, observer) => {
            if (container.dataset.shown !== before) {
              observer.disconnect(); requestAnimationFrame(() => requestAnimationFrame(() => done()));
            }
          }).observe(container, { attributes: true, attributeFilter: ['data-shown'] });
        });";

    public static string Format(string name, double value) =>
        name.EndsWith("(MB)", StringComparison.Ordinal) ? $"{value:0} MB" : $"{value:0} ms";

    /// <param name="diffBase">A profile to compare with: the diff view's data is timed too.</param>
    public static async Task<Dictionary<string, double>> Measure(IBrowser browser, string profile, string? diffBase)
    {
        var figures = new Dictionary<string, double>();
        // The browser is open before the command starts, as a user's is.
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        page.SetDefaultTimeout(600_000);
        using var server = await ServerProcess.StartAsync(profile, diffBase);
        figures["server listening, from the command's start"] = server.Listening.TotalMilliseconds;
        var ui = new Uri(server.Url, "/ui/");
        var flameGraphAnswered = page.WaitForResponseAsync(response => response.Url.Contains("/ui/api/flamegraph", StringComparison.Ordinal));
        await page.GotoAsync(ui.ToString(), new() { WaitUntil = WaitUntilState.Commit });
        var answered = server.Elapsed;
        figures["first page answered, from the command's start"] = answered.TotalMilliseconds;
        await flameGraphAnswered;
        figures["server CPU when the flame graph's data was answered"] = server.CpuTime.TotalMilliseconds;
        await page.WaitForFunctionAsync(Painted);
        await page.EvaluateAsync(NextFrame);
        figures["flame graph painted, after the page answered"] = (server.Elapsed - answered).TotalMilliseconds;

        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(10) };
        using var graph = JsonDocument.Parse(await http.GetStringAsync(new Uri("/ui/api/flamegraph", UriKind.Relative)));
        var (zoomNode, zoomName) = WidestCutFrame(graph.RootElement);
        var focus = "^" + Regex.Escape(zoomName) + "$";
        var outermost = "^" + Regex.Escape(WidestOutermostFrame(graph.RootElement)) + "$";
        foreach (var (label, url) in (List<(string, string)>)[
            ("API /ui/api/flamegraph (cached)", "/ui/api/flamegraph"),
            ("API /ui/api/top", "/ui/api/top"),
            ("API /ui/api/flamegraph?node= (zoom's subtree)", $"/ui/api/flamegraph?node={zoomNode}"),
            ("page /ui/top", "/ui/top"),
            ("page /ui/peek?f=", "/ui/peek?f=" + Uri.EscapeDataString(focus)),
            ("page /ui/source?f=", "/ui/source?f=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/graph.svg", "/ui/api/graph.svg"),
            ("page /ui/tags", "/ui/tags"),
            ("API /ui/api/sandwich?f= (the widest outermost frame)", "/ui/api/sandwich?f=" + Uri.EscapeDataString(outermost)),
        ])
        {
            figures[label] = await Time(http, url);
            figures[label + ", again"] = await Time(http, url);
        }

        // A new filter set is derived from a call tree the server has: the first one, or the tree of every sample it
        // merges once the first flame graph is answered. Its server CPU is told once that is done, so that it is
        // the request's alone.
        figures["background work done, after the first page answered"] = await Idle(http, server, answered);
        // The diff of a comparison is computed ahead for the first view's query; other filter sets are new.
        List<(string, string)> diffs = diffBase is null ? [] : [
            ("API /ui/api/diff", "/ui/api/diff"),
            ("API /ui/api/diff?si=alloc_space (new filter)", "/ui/api/diff?si=alloc_space"),
            ("API /ui/api/diff?f= (new filter)", "/ui/api/diff?f=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/diff?i= (new filter)", "/ui/api/diff?i=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/diff?tf=bytes=4kB (new filter)", "/ui/api/diff?tf=" + Uri.EscapeDataString("bytes=4kB")),
            ("API /ui/api/diff?h= (new filter)", "/ui/api/diff?h=" + Uri.EscapeDataString(focus)),
        ];
        foreach (var (label, url) in (List<(string, string)>)[
            ("API /ui/api/flamegraph?si=alloc_space (new filter)", "/ui/api/flamegraph?si=alloc_space"),
            ("API /ui/api/flamegraph?f= (new filter)", "/ui/api/flamegraph?f=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/flamegraph?i= (new filter)", "/ui/api/flamegraph?i=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/flamegraph?si=alloc_objects&f= (new filter)", "/ui/api/flamegraph?si=alloc_objects&f=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/flamegraph?h= the same frame (new filter)", "/ui/api/flamegraph?h=" + Uri.EscapeDataString(focus)),
            ("API /ui/api/flamegraph?tf=bytes=4kB (new filter: the tag focus of the tags page's link)", "/ui/api/flamegraph?tf=" + Uri.EscapeDataString("bytes=4kB")),
            .. diffs,
        ])
        {
            var cpu = server.CpuTime;
            figures[label] = await Time(http, url);
            figures[label + ", server CPU"] = (server.CpuTime - cpu).TotalMilliseconds;
            figures[label + ", again"] = await Time(http, url);
        }

        figures["hover"] = await page.EvaluateAsync<double>(
            @"async () => { const canvas = document.querySelector('#flamegraph canvas'); const box = canvas.getBoundingClientRect();
              const start = performance.now();
              canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + 300, clientY: box.top + 45, bubbles: true }));
              await new Promise((done) => requestAnimationFrame(() => done()));
              return performance.now() - start; }");
        figures["search (typing a regexp)"] = await page.EvaluateAsync<double>(
            @"async () => { const search = document.getElementById('flame-search'); const start = performance.now();
              search.value = 'runtime\\.'; search.dispatchEvent(new Event('input'));
              await new Promise((done) => requestAnimationFrame(() => done()));
              const took = performance.now() - start; search.value = ''; search.dispatchEvent(new Event('input')); return took; }");
        var held = await page.EvaluateAsync<int>("() => Number(document.getElementById('flamegraph').dataset.frames)");
        var clock = Stopwatch.StartNew();
        figures["zoom, drawn from what the page holds"] = await page.EvaluateAsync<double>(
            @"async (node) => { const start = performance.now(); location.hash = 'zoom=' + node;
              await new Promise((done) => addEventListener('hashchange', () => requestAnimationFrame(() => done()), { once: true }));
              return performance.now() - start; }", zoomNode);
        await page.WaitForFunctionAsync("held => Number(document.getElementById('flamegraph').dataset.frames) > held", held);
        await page.EvaluateAsync(NextFrame);
        figures["zoom, redrawn with the subtree fetched"] = clock.Elapsed.TotalMilliseconds;
        figures["zoom out"] = await page.EvaluateAsync<double>(
            @"async () => { const start = performance.now(); location.hash = '';
              await new Promise((done) => addEventListener('hashchange', () => requestAnimationFrame(() => done()), { once: true }));
              return performance.now() - start; }");
        figures["browser JS heap (MB)"] = await page.EvaluateAsync<double>("() => performance.memory.usedJSHeapSize / 1e6");

        // The pivot of the menu, drawn in the page (its data already computed above), and Back, drawn from what the
        // page keeps: from the click to the new picture painted.
        figures["pivot (focus on a frame from the menu: the new picture painted)"] = await page.EvaluateAsync<double>(
            "async (name) => {" + WhenShown + @"
              const graph = window.pprofFlameGraph; const canvas = document.querySelector('#flamegraph canvas');
              const box = graph.boxes().find((b) => b.frame.name === name);
              if (!box) { throw new Error(name + ' is not drawn'); }
              const rect = canvas.getBoundingClientRect();
              canvas.dispatchEvent(new MouseEvent('contextmenu', { clientX: rect.left + box.x + 1, clientY: rect.top + box.y + 1, bubbles: true, cancelable: true }));
              const shown = whenShown(); const start = performance.now();
              document.querySelector('#flame-menu a[data-view=flamegraph][data-param=f]').click();
              await shown; return performance.now() - start; }", zoomName);
        figures["Back to the whole flame graph, painted"] = await page.EvaluateAsync<double>(
            "async () => {" + WhenShown + @"
              const shown = whenShown(); const start = performance.now(); history.back();
              await shown; return performance.now() - start; }");
        figures["browser JS heap at the end (MB)"] = await page.EvaluateAsync<double>("() => performance.memory.usedJSHeapSize / 1e6");
        figures["server peak memory (MB)"] = server.PeakMemory / 1e6;
        await page.CloseAsync();
        return figures;
    }

    /// <summary>Waits until the server computes nothing; returns when that was, from <paramref name="since"/>.</summary>
    private static async Task<double> Idle(HttpClient http, ServerProcess server, TimeSpan since)
    {
        while (true)
        {
            using var progress = JsonDocument.Parse(await http.GetStringAsync(new Uri("/ui/api/progress", UriKind.Relative)));
            if (progress.RootElement.GetProperty("running").GetArrayLength() == 0)
            {
                return (server.Elapsed - since).TotalMilliseconds;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<double> Time(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{url}: {(int)response.StatusCode}");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The widest frame called by the root: the sandwich with the most on both sides.</summary>
    private static string WidestOutermostFrame(JsonElement graph)
    {
        var names = graph.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        return graph.GetProperty("frames").EnumerateArray()
            .Where(f => f[1].GetInt32() == 0)
            .Select(f => (Name: names[f[0].GetInt32()], Value: Math.Abs(f[2].GetInt64())))
            .Where(f => f.Name != "(other)")
            .MaxBy(f => f.Value).Name;
    }

    /// <summary>The widest frame with callees cut from the first answer: what a user zooms into to see them.</summary>
    private static (int Node, string Name) WidestCutFrame(JsonElement graph)
    {
        var ids = graph.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
        var names = graph.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var frames = graph.GetProperty("frames").EnumerateArray().Select(f => (Name: f[0].GetInt32(), Parent: f[1].GetInt32(), Value: f[2].GetInt64())).ToList();
        var cut = Enumerable.Range(0, frames.Count).Where(i => ids[i] < 0).Select(i => frames[i].Parent).Where(p => ids[p] > 0)
            .MaxBy(p => Math.Abs(frames[p].Value));
        return (ids[cut], names[frames[cut].Name]);
    }
}
