using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>
/// The flame graph of a profile whose samples stay in the file is drawn from its widest frames found in passes over
/// the samples (<see cref="ProfileReport.WidestCallTree"/>), not from the whole call tree: it must draw the same
/// picture, frame for frame, at the root and zoomed into any frame, whatever the ties between widths.
/// </summary>
public sealed class FlameGraphBudgetTests
{
    [Fact]
    public void The_widest_frames_found_in_passes_draw_what_the_whole_tree_draws()
    {
        var cut = 0;
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[5, 50], Gen.Int[0, 12], Gen.Int[2, 100]).Sample((seed, budget, sketchBits, room) =>
        {
            // From a sketch of one counter a row, where every estimate is the total, to one of 4096.
            var sketchWidth = 1 << sketchBits;
            var report = new ProfileReport(RandomProfile(new Random(seed), withNegative: seed % 10 == 0));
            var top = report.Summary();
            var whole = report.CallTreeTable();
            var partial = report.WidestCallTree(0, budget, sketchWidth, room)!;
            if (partial.Count < whole.Count)
            {
                Interlocked.Increment(ref cut);
            }

            var expected = JsonNode.Parse(FlameGraphJson.Write(whole, 0, top, budget))!;
            var actual = JsonNode.Parse(FlameGraphJson.Write(partial, 0, top, budget))!;
            Assert.Equal(WithoutIds(expected), WithoutIds(actual));

            // Zoomed into a few frames, each named by its id in its own picture.
            var (wholeIds, partialIds) = (Ids(expected), Ids(actual));
            var random = new Random(seed);
            for (var zoom = 0; zoom < 3; zoom++)
            {
                var frame = random.Next(wholeIds.Count);
                if (wholeIds[frame] < 0)
                {
                    continue;
                }

                var zoomed = report.WidestCallTree(partialIds[frame], budget, sketchWidth, room);
                Assert.NotNull(zoomed);
                Assert.Equal(
                    WithoutIds(JsonNode.Parse(FlameGraphJson.Write(whole, wholeIds[frame], top, budget))!),
                    WithoutIds(JsonNode.Parse(FlameGraphJson.Write(zoomed, partialIds[frame], top, budget))!));
            }
        }, iter: 300);

        // About a third of the pictures leave frames out of the table: thresholds and the second pass's room are exercised.
        Assert.InRange(cut, 50, 300);
    }

    [Fact]
    public void A_table_of_the_widest_frames_draws_the_zooms_it_says_it_draws_as_the_whole_tree_does_and_helps_make_the_others()
    {
        var (drawn, refused) = (0, 0);
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[5, 50], Gen.Int[0, 12], Gen.Int[2, 100]).Sample((seed, budget, sketchBits, room) =>
        {
            var report = new ProfileReport(RandomProfile(new Random(seed), withNegative: false));
            var top = report.Summary();
            var whole = report.CallTreeTable();
            var root = report.WidestCallTree(0, budget, 1 << sketchBits, room)!;
            var (wholeIds, ids) = (Ids(JsonNode.Parse(FlameGraphJson.Write(whole, 0, top, budget))!), Ids(JsonNode.Parse(FlameGraphJson.Write(root, 0, top, budget))!));
            // Zoomed into a frame of the root's picture, then into a frame of that zoom's picture, from the table each was drawn from.
            var random = new Random(seed);
            var frame = random.Next(ids.Count);
            if (ids[frame] < 0)
            {
                return;
            }

            var zoomed = report.WidestCallTree(ids[frame], budget, 1 << sketchBits, room)!;
            var zoomedPicture = JsonNode.Parse(FlameGraphJson.Write(zoomed, ids[frame], top, budget))!;
            var (wholeZoomedIds, zoomedIds) = (Ids(JsonNode.Parse(FlameGraphJson.Write(whole, wholeIds[frame], top, budget))!), Ids(zoomedPicture));
            foreach (var (table, tableIds, wholeTableIds) in new[] { (root, ids, wholeIds), (zoomed, zoomedIds, wholeZoomedIds) })
            {
                for (var i = 0; i < tableIds.Count; i++)
                {
                    if (tableIds[i] < 0)
                    {
                        continue;
                    }

                    Assert.True(whole.Draws(wholeTableIds[i], budget));
                    var expected = WithoutIds(JsonNode.Parse(FlameGraphJson.Write(whole, wholeTableIds[i], top, budget))!);
                    if (!table.Draws(tableIds[i], budget))
                    {
                        // Made afresh with the callers' values read from the table: in one pass when the subtree fits in the room.
                        Interlocked.Increment(ref refused);
                        var made = report.WidestCallTree(tableIds[i], budget, 1 << sketchBits, room, earlier: table)!;
                        Assert.Equal(expected, WithoutIds(JsonNode.Parse(FlameGraphJson.Write(made, tableIds[i], top, budget))!));
                        continue;
                    }

                    Interlocked.Increment(ref drawn);
                    Assert.Equal(expected, WithoutIds(JsonNode.Parse(FlameGraphJson.Write(table, tableIds[i], top, budget))!));
                }
            }

            // The zoom's table holds its frame's callers, but not their other callees: it draws none of them.
            foreach (var caller in zoomedPicture["path"]!.AsArray())
            {
                Assert.False(zoomed.Draws(caller![1]!.GetValue<long>(), budget));
            }
        }, iter: 200);

        // Both answers are exercised: most frames are drawn from a table at hand, some need passes of their own.
        Assert.True(drawn > 1000 && refused > 100, $"drawn {drawn}, refused {refused}");
    }

    [Fact]
    public void A_frame_is_named_by_the_first_sample_through_it_and_its_depth()
    {
        // Stacks from the root down: main, main;work, main, main;work;io.
        var report = new ProfileReport(Profile(["main"], ["main", "work"], ["main"], ["main", "work", "io"]));

        Assert.Equal(["main", "work"], Names(report, 1));
        Assert.Equal(["work", "io"], Names(report, (1L << 20) | 2));
        Assert.Equal(["io"], Names(report, (3L << 20) | 3));
        // The same stacks named by later samples, by a depth past a sample's stack, or by no sample.
        Assert.Null(report.WidestCallTree((2L << 20) | 1, 10));
        Assert.Null(report.WidestCallTree((3L << 20) | 2, 10));
        Assert.Null(report.WidestCallTree((2L << 20) | 2, 10));
        Assert.Null(report.WidestCallTree(1L << 20, 10));
        Assert.Null(report.WidestCallTree(4L << 20 | 1, 10));
        Assert.Null(report.WidestCallTree(-1, 10));
    }

    [Fact]
    public async Task A_profile_whose_samples_stay_in_the_file_is_drawn_as_from_the_whole_tree_and_zooms()
    {
        var path = TestData.File("big.heap.pb.gz");
        var streamed = ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = 0 });
        Assert.True(streamed.Samples.StayInFile);
        var inMemory = ProfileSource.Load(path);
        var report = new ProfileReport(inMemory);
        var (whole, top) = (report.CallTreeTable(), report.Summary());

        await using var server = await InProcessServer.Start(streamed);
        var root = JsonNode.Parse(await server.Client.GetStringAsync(new Uri("/ui/api/flamegraph", UriKind.Relative)))!;
        var expected = JsonNode.Parse(FlameGraphJson.Write(whole, 0, top))!;
        Assert.Equal(WithoutIds(expected), WithoutIds(root));

        // A frame whose callees were cut, zoomed into by the id the server gave it.
        var (wholeIds, ids) = (Ids(expected), Ids(root));
        var frames = root["frames"]!.AsArray();
        var cutFrame = Enumerable.Range(0, frames.Count).Last(i => ids[i] < 0);
        var zoomInto = frames[cutFrame]![1]!.GetValue<int>();
        var zoomed = JsonNode.Parse(await server.Client.GetStringAsync(new Uri($"/ui/api/flamegraph?node={ids[zoomInto]}", UriKind.Relative)))!;
        Assert.Equal(WithoutIds(JsonNode.Parse(FlameGraphJson.Write(whole, wholeIds[zoomInto], top))!), WithoutIds(zoomed));
        Assert.Equal(ids[zoomInto], Ids(zoomed)[0]);

        // Deeper, into the zoom's widest callee: drawn from the table of the zoom, as from the whole tree.
        var wholeZoomedIds = Ids(JsonNode.Parse(FlameGraphJson.Write(whole, wholeIds[zoomInto], top))!);
        var deeper = JsonNode.Parse(await server.Client.GetStringAsync(new Uri($"/ui/api/flamegraph?node={Ids(zoomed)[1]}", UriKind.Relative)))!;
        Assert.Equal(WithoutIds(JsonNode.Parse(FlameGraphJson.Write(whole, wholeZoomedIds[1], top))!), WithoutIds(deeper));

        using var missing = await server.Client.GetAsync(new Uri($"/ui/api/flamegraph?node={(1L << 20) + 1}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(
            $"node={(1L << 20) + 1}: the flame graph has no such frame: zoom out and click the frame again\n",
            await missing.Content.ReadAsStringAsync());
    }

    /// <summary>The frame <paramref name="id"/> of the table made for it, and its callees.</summary>
    private static string[] Names(ProfileReport report, long id)
    {
        var table = report.WidestCallTree(id, 10);
        if (table is null)
        {
            return ["none"];
        }

        var node = table.NodeOf(id);
        return [table.Name(node), .. table.Callees(node).ToArray().Select(table.Name)];
    }

    /// <summary>One sample of 1 for each stack, given from the root down.</summary>
    private static Profile Profile(params string[][] stacks)
    {
        var profile = new Profile([new SampleType("samples", "count")]);
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stack in stacks)
        {
            profile.Samples.Add([.. stack.Reverse().Select(name => Location(profile, locations, name))], [1], []);
        }

        return profile;
    }

    private static int Location(Profile profile, Dictionary<string, int> locations, string name)
    {
        if (!locations.TryGetValue(name, out var index))
        {
            var function = new Function { Id = (ulong)profile.Functions.Count + 1, Name = name, SystemName = name };
            profile.Functions.Add(function);
            profile.Locations.Add(new Location { Id = function.Id, Address = function.Id, Lines = [new Line(function, 0)] });
            locations[name] = index = profile.Locations.Count - 1;
        }

        return index;
    }

    /// <summary>Few functions, some inlined into others, deep random stacks and values of 1 to 3: many equal widths.</summary>
    internal static Profile RandomProfile(Random random, bool withNegative)
    {
        var profile = new Profile([new SampleType("samples", "count")]);
        var functions = random.Next(2, 7);
        for (var f = 0; f < functions; f++)
        {
            profile.Functions.Add(new Function { Id = (ulong)f + 1, Name = $"f{f}", SystemName = $"f{f}" });
        }

        var locations = functions + random.Next(0, 4);
        for (var l = 0; l < locations; l++)
        {
            var function = profile.Functions[l % functions];
            var lines = l < functions ? [new Line(function, 0)] : new[] { new Line(profile.Functions[random.Next(functions)], 0), new Line(function, 0) };
            profile.Locations.Add(new Location { Id = (ulong)l + 1, Address = (ulong)l + 1, Lines = [.. lines] });
        }

        var samples = random.Next(1, 400);
        for (var s = 0; s < samples; s++)
        {
            var stack = new int[random.Next(0, 14)];
            for (var i = 0; i < stack.Length; i++)
            {
                stack[i] = random.Next(locations);
            }

            var value = random.Next(4) - (withNegative && random.Next(8) == 0 ? 4 : 0);
            profile.Samples.Add(stack, [value], []);
        }

        return profile;
    }

    internal static List<long> Ids(JsonNode picture) => [.. picture["ids"]!.AsArray().Select(id => id!.GetValue<long>())];

    /// <summary>The picture without the frames' ids, which are numbered differently in a table of part of the tree.</summary>
    internal static string WithoutIds(JsonNode picture)
    {
        var copy = picture.DeepClone();
        copy.AsObject().Remove("ids");
        foreach (var caller in copy["path"]!.AsArray())
        {
            caller![1] = 0;
        }

        return copy.ToJsonString();
    }
}
