using System.Text.Json.Nodes;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Tests.Web;
using Pprof.Web;

namespace Pprof.Tests.Reports;

/// <summary>
/// The flame graph of a hide or show is drawn from the widest frames found in the tree without them
/// (<see cref="RemovedFramesTree"/>), not from the derived tree: it must draw the same picture, frame for frame, at
/// the root and zoomed into any frame, on generated profiles with inlined locations, recursion and zero values.
/// </summary>
public sealed class RemovedFramesTreeTests
{
    [Fact]
    public void The_widest_frames_found_in_the_tree_without_the_removed_frames_draw_what_the_derived_tree_draws()
    {
        var (found, cut, zooms) = (0, 0, 0);
        Gen.Select(CallTreeSamplesTests.Cases, Gen.Int[1, 12]).Sample((generated, budget) =>
        {
            var test = generated with { Focus = null, Ignore = null, TagFocus = null, TagIgnore = null };
            var profile = test.Profile();
            var filters = test.Filters();
            var whole = new ProfileReport(profile, test.Options(focus: false) with { SampleIndex = test.SampleIndex }).CallTreeTable();
            if (whole.WithoutFrames(filters) is not { } removed)
            {
                return;
            }

            Interlocked.Increment(ref found);
            var report = new ProfileReport(profile, test.Options(focus: true));
            var (top, derived) = (report.Summary(), report.CallTreeTable());
            var table = removed.Widest(0, budget)!;
            if (table.Count < derived.Count)
            {
                Interlocked.Increment(ref cut);
            }

            // Held whole, the table numbers the frames as the derived tree does, which ties between widths follow.
            var all = removed.Widest(0, derived.Count)!;
            Assert.Equal(
                Enumerable.Range(0, derived.Count).Select(node => (derived.Parent(node), derived.Name(node), derived.Self(node), derived.Value(node))),
                Enumerable.Range(0, all.Count).Select(node => (all.Parent(node), all.Name(node), all.Self(node), all.Value(node))));

            var expected = JsonNode.Parse(FlameGraphJson.Write(derived, 0, top, budget))!;
            var actual = JsonNode.Parse(FlameGraphJson.Write(table, 0, top, budget))!;
            Assert.Equal(FlameGraphBudgetTests.WithoutIds(expected), FlameGraphBudgetTests.WithoutIds(actual));

            // Zoomed into every frame the picture shows, each named by its id in its own picture.
            var (derivedIds, ids) = (FlameGraphBudgetTests.Ids(expected), FlameGraphBudgetTests.Ids(actual));
            for (var frame = 0; frame < ids.Count; frame++)
            {
                if (ids[frame] < 0)
                {
                    continue;
                }

                Interlocked.Increment(ref zooms);
                var zoomed = removed.Widest(ids[frame], budget);
                Assert.NotNull(zoomed);
                Assert.Equal(
                    FlameGraphBudgetTests.WithoutIds(JsonNode.Parse(FlameGraphJson.Write(derived, derivedIds[frame], top, budget))!),
                    FlameGraphBudgetTests.WithoutIds(JsonNode.Parse(FlameGraphJson.Write(zoomed, ids[frame], top, budget))!));
            }
        }, iter: 3_000, print: pair => pair.ToString());

        // A quarter of the generated cases hide or show frames found this way, and a third of their pictures leave frames out.
        Assert.True(found > 500 && cut > 150 && zooms > 1500, $"found {found}, cut {cut}, zooms {zooms}");
    }

    [Fact]
    public void A_frame_is_named_by_its_first_node_in_the_tree_without_the_removed_frames()
    {
        // Stacks from the root down: main;hidden;work, main;work, main;hidden;io. Hiding "hidden" makes main;work one
        // frame of the first and second samples' nodes, named by the first's.
        var profile = new Profile([new SampleType("samples", "count")]);
        string[] names = ["main", "hidden", "work", "io"];
        profile.Functions.AddRange(names.Select((name, i) => new Function { Id = (ulong)i + 1, Name = name, SystemName = name }));
        profile.Locations.AddRange(profile.Functions.Select(function => new Location { Id = function.Id, Lines = [new Line(function, 1)] }));
        foreach (var stack in new[] { new[] { 2, 1, 0 }, [2, 0], [3, 1, 0] })
        {
            profile.Samples.Add(stack, [1], []);
        }

        var whole = new ProfileReport(profile).CallTreeTable();
        var removed = whole.WithoutFrames(ProfileFilter.None with { Hide = new("^hidden$") })!;

        // Whole tree: 1 main, 2 main;hidden, 3 main;hidden;work, 4 main;work, 5 main;hidden;io.
        Assert.Equal(["root", "main", "work", "io"], Names(removed.Widest(0, 10)!));
        Assert.Equal(["work"], Names(removed.Widest(3, 10)!)[^1..]);
        Assert.Equal(2, removed.Widest(3, 10)!.Value(2));
        // A later node of the same frame, a removed frame's node, and numbers past the tree name no frame.
        Assert.Null(removed.Widest(4, 10));
        Assert.Null(removed.Widest(2, 10));
        Assert.Null(removed.Widest(6, 10));
        Assert.Null(removed.Widest(-1, 10));
    }

    [Fact]
    public void Filters_that_keep_or_drop_samples_and_comparisons_are_not_found_this_way()
    {
        var hide = ProfileFilter.None with { Hide = new("main") };
        var test = new CallTreeSamplesTests.Case(
            [0, 2], [([0], 0), ([1], 0)], [([1, 0], 2, 1), ([0], -1, 1)],
            Granularity.Functions, NoInlines: false, Focus: null, Ignore: null, SampleIndex: null);
        var profile = test.Profile();

        Assert.NotNull(new ProfileReport(profile, ReportOptions.Default with { SampleIndex = "space" }).CallTreeTable().WithoutFrames(hide));
        Assert.Null(new ProfileReport(profile, ReportOptions.Default with { SampleIndex = "objects" }).CallTreeTable().WithoutFrames(hide));
        var whole = new ProfileReport(profile, ReportOptions.Default with { SampleIndex = "space" }).CallTreeTable();
        Assert.Null(whole.WithoutFrames(hide with { Focus = new("pkg") }));
        Assert.Null(whole.WithoutFrames(hide with { TagFocus = LabelFilter.Parse("kind=a") }));
        Assert.Null(whole.WithoutFrames(ProfileFilter.None));
        Assert.Null(new ProfileReport(profile, ReportOptions.Default with { SampleIndex = "space", NoInlines = true }).CallTreeTable().WithoutFrames(hide));
    }

    private static string[] Names(CallTreeTable table) => [.. Enumerable.Range(0, table.Count).Select(table.Name)];
}
