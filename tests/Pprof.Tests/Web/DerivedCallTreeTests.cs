using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

public sealed class BigHeapDerivingWebUi : IDisposable
{
    public WebUiProcess Server { get; } = new(TestData.File("big.heap.pb.gz"));

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// The flame graph of a new focus, ignore or sample index comes from a call tree the server already has (the first
/// view's, or the tree of every sample it merges once the first flame graph is answered), and answers as the tree
/// merged from the filtered samples does: the same frames, numbers, values and zoomed subtrees. The flame graph of a
/// hide or show is found in the tree without them, and draws the same pictures, its frames named its own way. The
/// answer merged from the samples is asked for with a prune_from that matches nothing, which is never derived and
/// changes only the legend.
/// </summary>
public sealed class DerivedCallTreeTests(BigHeapDerivingWebUi fixture) : IClassFixture<BigHeapDerivingWebUi>
{
    private const string FromTheSamples = "&prunefrom=" + "%5Eno%20such%20frame%24";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task A_new_focus_or_ignore_answers_as_the_filtered_samples_do()
    {
        var (first, second) = await TwoFrames();

        foreach (var query in (string[])[$"f={first}", $"i={first}", $"f={first}&i={second}", $"f=main&i={second}"])
        {
            await AssertAnswersAsTheSamples(query);
        }
    }

    [Fact]
    public async Task Another_sample_index_answers_as_its_samples_do_once_every_sample_is_merged()
    {
        var (first, second) = await TwoFrames();
        await EverySampleMerged();

        foreach (var query in (string[])["si=alloc_space", "si=alloc_objects", $"si=alloc_space&f={first}", $"si=inuse_objects&i={second}"])
        {
            await AssertAnswersAsTheSamples(query);
        }
    }

    [Fact]
    public async Task A_new_hide_or_show_draws_as_the_filtered_samples_do()
    {
        var (first, second) = await TwoFrames();
        await EverySampleMerged();

        foreach (var query in (string[])[$"h={first}", $"h={first}%7C{second}", "s=main", $"si=alloc_space&h={second}"])
        {
            var found = JsonNode.Parse(await Answer($"/ui/api/flamegraph?{query}"))!;
            var merged = JsonNode.Parse(await Answer($"/ui/api/flamegraph?{query}{FromTheSamples}"))!;
            Assert.Equal(FlameGraphBudgetTests.WithoutIds(merged), FlameGraphBudgetTests.WithoutIds(found));

            // Zoomed into the widest frame with callees, named in each answer by its own id, twice: a copied URL
            // shows the same picture.
            var (foundIds, mergedIds) = (FlameGraphBudgetTests.Ids(found), FlameGraphBudgetTests.Ids(merged));
            var parents = found["frames"]!.AsArray().Select(f => f![1]!.GetValue<int>()).ToHashSet();
            var zoom = Enumerable.Range(0, foundIds.Count).Last(i => foundIds[i] > 0 && parents.Contains(i));
            var expected = FlameGraphBudgetTests.WithoutIds(JsonNode.Parse(await Answer($"/ui/api/flamegraph?{query}{FromTheSamples}&node={mergedIds[zoom]}"))!);
            Assert.Equal(expected, FlameGraphBudgetTests.WithoutIds(JsonNode.Parse(await Answer($"/ui/api/flamegraph?{query}&node={foundIds[zoom]}"))!));
            Assert.Equal(expected, FlameGraphBudgetTests.WithoutIds(JsonNode.Parse(await Answer($"/ui/api/flamegraph?node={foundIds[zoom]}&{query}"))!));
        }
    }

    /// <summary>Two frames of the first answer below the root's callees, as regexps that match them alone.</summary>
    private async Task<(string First, string Second)> TwoFrames()
    {
        using var graph = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/flamegraph", UriKind.Relative)));
        var names = graph.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        var frames = graph.RootElement.GetProperty("frames").EnumerateArray().Select(f => (Name: names[f[0].GetInt32()], Parent: f[1].GetInt32())).ToList();
        var deep = frames.Where(f => f.Parent > 0 && frames[f.Parent].Parent > 0 && f.Name != "(other)").Select(f => f.Name).Distinct().ToList();
        return (Quoted(deep[0]), Quoted(deep[^1]));
    }

    private static string Quoted(string name) => Uri.EscapeDataString("^" + Regex.Escape(name) + "$");

    private async Task EverySampleMerged()
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            using var progress = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/ui/api/progress", UriKind.Relative)));
            if (progress.RootElement.GetProperty("prepared").GetArrayLength() > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the tree of every sample was not merged within {Generous}");
            await Task.Delay(100);
        }
    }

    private async Task AssertAnswersAsTheSamples(string query)
    {
        var derived = await Answer($"/ui/api/flamegraph?{query}");
        var merged = await Answer($"/ui/api/flamegraph?{query}{FromTheSamples}");
        Assert.Equal(merged, derived);

        // Zooming into the widest frame with callees reads the same tree, by the same numbers.
        using var graph = JsonDocument.Parse(derived);
        var ids = graph.RootElement.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
        var parents = graph.RootElement.GetProperty("frames").EnumerateArray().Select(f => f[1].GetInt32()).ToHashSet();
        if (ids.Where((id, i) => id > 0 && parents.Contains(i)).Select(id => (int?)id).LastOrDefault() is { } node)
        {
            Assert.Equal(await Answer($"/ui/api/flamegraph?{query}{FromTheSamples}&node={node}"), await Answer($"/ui/api/flamegraph?{query}&node={node}"));
        }
    }

    /// <summary>The answer without its legend, which names the filters.</summary>
    private async Task<string> Answer(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("legend");
        return json.ToJsonString();
    }
}
