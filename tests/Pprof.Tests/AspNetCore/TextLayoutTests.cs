using System.Text;
using Pprof.AspNetCore;
using Pprof.Legacy;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// The <c>debug=1</c> and <c>debug=2</c> layouts, written from profiles with the names the collector gives frames
/// (generic types, retention roots with spaces and colons, compiler-made names), read back by our own reader: every
/// stack keeps its name and its counts.
/// </summary>
public sealed class TextLayoutTests
{
    private static readonly string[] Names =
    [
        "LeakyService.SessionLogger.Run",
        "[static] Orders: System.Collections.Generic.Dictionary`2[System.Int32,LeakyService.Order]",
        "Program+<>c.<<Main>$>b__0_4",
        "[no managed frames]",
        "System.Threading.Thread+StartHelper.Callback",
    ];

    [Fact]
    public void Count_layout_keeps_every_stack_and_its_count()
    {
        var profile = Sample(new SampleType("threads", "count"));

        var text = CountProfileText.Write(profile, "goroutine");

        Assert.StartsWith("goroutine profile: total 9\n5 @ ", text, StringComparison.Ordinal);
        var parsed = Parse(text);
        Assert.Equal(["goroutine/count"], parsed.SampleTypes.Select(t => t.ToString()));
        Assert.Equal(ProfileCounts.ByStack(profile), ProfileCounts.ByStack(parsed));
    }

    [Fact]
    public void Dump_layout_has_one_goroutine_per_thread_and_reads_back_as_counts()
    {
        var profile = Sample(new SampleType("threads", "count"));

        var text = ThreadDumpText.Write(profile);

        Assert.Equal(9, text.Split('\n').Count(line => line.EndsWith(" [sampled]:", StringComparison.Ordinal)));
        Assert.Contains("goroutine 1 [sampled]:\nLeakyService.SessionLogger.Run(...)\n\t?:0\n", text, StringComparison.Ordinal);
        Assert.Equal(ProfileCounts.ByStack(profile), ProfileCounts.ByStack(Parse(text)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Heap_layout_keeps_objects_and_bytes_of_every_stack(bool allocations)
    {
        var half = allocations ? "alloc" : "inuse";
        var profile = Sample(
            new SampleType(half + "_objects", "count"), new SampleType(half + "_space", "bytes"), new SampleType("retained_space", "bytes"));

        var text = HeapProfileText.Write(profile, allocations);

        Assert.StartsWith(allocations ? "heap profile: 0: 0 [9: 9000] @ heapprofile\n" : "heap profile: 9: 9000 [0: 0] @ heapprofile\n", text);
        // Either way the known half comes first: alloc_* before inuse_* in allocs, objects and space alone in heap.
        var parsed = Parse(text);
        Assert.Equal(ProfileCounts.ByStack(profile, 0), ProfileCounts.ByStack(parsed, 0));
        Assert.Equal(ProfileCounts.ByStack(profile, 1), ProfileCounts.ByStack(parsed, 1));
    }

    private static Profile Parse(string text) => ProfileReader.Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>Three stacks counted 5, 3 and 1; further values are 1000 and 7 times the count.</summary>
    private static Profile Sample(params SampleType[] types)
    {
        var profile = new Profile(types);
        for (var i = 0; i < Names.Length; i++)
        {
            var function = new Function { Id = (ulong)i + 1, Name = Names[i], SystemName = Names[i] };
            profile.Functions.Add(function);
            profile.Locations.Add(new Location { Id = (ulong)i + 1, Lines = [new Line(function, 0)] });
        }

        foreach (var (stack, count) in new (int[] Stack, long Count)[] { ([0, 4], 5), ([2, 1, 4], 3), ([3], 1) })
        {
            profile.Samples.Add(stack, ((long[])[count, count * 1000, count * 7])[..types.Length], []);
        }

        return profile;
    }
}
