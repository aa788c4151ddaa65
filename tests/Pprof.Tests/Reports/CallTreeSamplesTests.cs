using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.Tests.Reports;

/// <summary>
/// A call tree derived for another focus, ignore, hide, show or sample index is the tree merging the filtered samples makes: on
/// generated profiles with inlined locations, recursion, zero and negative values, functions of one name in several
/// files and binaries, at every granularity, the derived tree gives the flame graph's answer byte for byte, or is not
/// derived at all.
/// </summary>
public sealed class CallTreeSamplesTests
{
    private static readonly string[] FunctionNames = ["main.a", "main.b", "pkg.c", "pkg.d", "x.a"];
    private static readonly string[] Files = ["a.go", "b.go"];
    private static readonly string[] Binaries = ["/bin/app", "/lib/libc.so"];
    private static readonly string?[] Regexes = [null, null, "main", @"^main\.a$", "pkg", @"a\.go", "libc", "a$", "x"];
    private static readonly string?[] SampleIndexes = [null, "objects", "space", "0"];
    private static readonly string?[] TagFilters = [null, null, "kind=a", "kind=b", "bytes=1kb:", "a", "kind=a,b"];

    /// <summary>The labels a sample may carry, by number.</summary>
    private static readonly Label[][] LabelSets =
        [[], [Label.String("kind", "a")], [Label.String("kind", "b"), Label.Number("bytes", 64, "bytes")], [Label.Number("bytes", 4096, "bytes")]];

    internal static readonly Gen<Case> Cases =
        from functions in Gen.Int[0, FunctionNames.Length * Files.Length - 1].Array[1, 8]
        from locations in Gen.Select(functions.Length > 0 ? Gen.Int[0, functions.Length - 1].Array[1, 3] : Gen.Const(Array.Empty<int>()), Gen.Int[0, Binaries.Length]).Array[1, 8]
        from samples in Gen.Select(Gen.Int[0, locations.Length - 1].Array[0, 7], Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9], Gen.Long[-5, 5]), Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9])).Array[0, 30]
        from granularity in Gen.Enum<Granularity>()
        from noInlines in Gen.Bool
        from focus in Gen.Int[0, Regexes.Length - 1]
        from ignore in Gen.Int[0, Regexes.Length - 1]
        from hide in Gen.Int[0, Regexes.Length - 1]
        from show in Gen.Int[0, Regexes.Length - 1]
        from sampleIndex in Gen.Int[0, SampleIndexes.Length - 1]
        from labels in Gen.Int[0, LabelSets.Length - 1].Array[samples.Length]
        from tagFocus in Gen.Int[0, TagFilters.Length - 1]
        from tagIgnore in Gen.Int[0, TagFilters.Length - 1]
        select new Case(functions, locations, samples, granularity, noInlines, Regexes[focus], Regexes[ignore], SampleIndexes[sampleIndex])
        {
            Hide = Regexes[hide],
            Show = Regexes[show],
            Labels = labels,
            TagFocus = TagFilters[tagFocus],
            TagIgnore = TagFilters[tagIgnore],
        };

    [Fact]
    public void A_derived_tree_answers_as_the_tree_of_the_filtered_samples()
    {
        var (derivedWithFramesRemoved, derivedWithTags) = (0, 0);
        Cases.Sample(test =>
        {
            var profile = test.Profile();
            var expected = new ProfileReport(profile, test.Options(focus: true)).CallTreeTable();
            var fromEverySample = new ProfileReport(profile, test.Options(focus: false) with { SampleIndex = "0" }).CallTreeTable().Samples!.EverySample()
                .Derive(test.SampleIndex, test.Filters());
            var fromUnfiltered = new ProfileReport(profile, test.Options(focus: false)).CallTreeTable().Samples!
                .Derive(test.SampleIndex, test.Filters());
            var unfilteredOtherIndex = new ProfileReport(profile, test.Options(focus: false) with { SampleIndex = "0" }).CallTreeTable().Samples!
                .Derive(test.SampleIndex, test.Filters());

            if ((test.Hide is not null || test.Show is not null) && fromUnfiltered is not null)
            {
                Interlocked.Increment(ref derivedWithFramesRemoved);
            }

            if ((test.TagFocus is not null || test.TagIgnore is not null) && fromUnfiltered is not null)
            {
                Interlocked.Increment(ref derivedWithTags);
            }

            // Without filters the tree of every sample has every index's tree in it.
            return (fromEverySample is not null || test.Filters() != ProfileFilter.None)
                && new[] { fromEverySample, fromUnfiltered, unfilteredOtherIndex }.All(derived => derived is null || Answers(derived, expected));
        }, iter: 4_000, print: test => test.ToString());

        // Trees with frames hidden or shown, or samples kept by their labels, are derived, not only told apart.
        Assert.True(derivedWithFramesRemoved > 400, $"{derivedWithFramesRemoved} trees with frames hidden or shown were derived");
        Assert.True(derivedWithTags > 400, $"{derivedWithTags} trees with tag filters were derived");
    }

    [Fact]
    public void A_hidden_frame_merges_the_callees_it_stood_between()
    {
        // main.a calls pkg.c directly and through pkg.d; hiding pkg.d makes both calls one frame, pkg.c under main.a,
        // with pkg.d's own samples main.a's.
        var test = new Case(
            [0, 4, 6], // main.a, pkg.c and pkg.d, of a.go
            [([0], 0), ([1], 0), ([2], 0)],
            [([1, 0], 5, 1), ([2, 0], 3, 0), ([1, 2, 0], 2, 2), ([2], 7, 7), ([1, 2], 0, 4)],
            Granularity.Functions, NoInlines: false, Focus: null, Ignore: null, SampleIndex: null) { Hide = @"^pkg\.d$" };
        var profile = test.Profile();
        var expected = new ProfileReport(profile, test.Options(focus: true)).CallTreeTable();

        var derived = new ProfileReport(profile, test.Options(focus: false)).CallTreeTable().Samples!.Derive(null, test.Filters());

        Assert.NotNull(derived);
        Assert.True(Answers(derived, expected));
        Assert.Equal(["root", "main.a", "pkg.c", "pkg.c"], Enumerable.Range(0, derived.Count).Select(derived.Name));
        Assert.Null(derived.Samples!.Derive(null, ProfileFilter.None));
    }

    [Fact]
    public void A_focus_on_a_function_inlined_into_some_callers_is_derived_from_the_frames()
    {
        var test = new Case(
            [0, 4, 8], // main.a, pkg.c and x.a, of a.go
            [([1], 0), ([1, 0], 0), ([0], 0), ([2, 0], 1)], // pkg.c alone and inlined into main.a, main.a, x.a inlined into main.a
            [([1, 0], 5, 1), ([2], 3, 0), ([0, 3], 2, 2), ([3, 0, 0], 1, 1), ([2, 2], 0, 4)],
            Granularity.Functions, NoInlines: false, Focus: @"^pkg\.c$", Ignore: null, SampleIndex: null);
        var profile = test.Profile();

        var derived = new ProfileReport(profile, test.Options(focus: false)).CallTreeTable().Samples!.Derive(null, test.Filters());

        Assert.NotNull(derived);
        Assert.True(Answers(derived, new ProfileReport(profile, test.Options(focus: true)).CallTreeTable()));
    }

    [Fact]
    public void A_frame_the_filter_cannot_tell_apart_is_not_derived()
    {
        // main.a of a.go and main.a of b.go are one frame at the functions' granularity: a focus on a.go keeps the
        // samples of one of them only.
        var test = new Case(
            [0, 1], [([0], 0), ([1], 0)], [([0], 1, 1), ([1], 2, 2)],
            Granularity.Functions, NoInlines: false, Focus: @"a\.go", Ignore: null, SampleIndex: null);

        var derived = new ProfileReport(test.Profile(), test.Options(focus: false)).CallTreeTable().Samples!.Derive(null, test.Filters());

        Assert.Null(derived);
    }

    private static Regex? Regex(string? pattern) => pattern is null ? null : new Regex(pattern);

    /// <summary>The flame graph's answers of both, from the root and from each frame, and the frames' numbers.</summary>
    private static bool Answers(CallTreeTable derived, CallTreeTable expected)
    {
        if (derived.Count != expected.Count || derived.HasNegativeSamples != expected.HasNegativeSamples)
        {
            return false;
        }

        var top = new ProfileReport(new Profile([new SampleType("samples", "count")])).Summary();
        for (var node = 0; node < expected.Count; node++)
        {
            if (derived.Parent(node) != expected.Parent(node) || derived.Name(node) != expected.Name(node)
                || !FlameGraphJson.Write(derived, node, top).AsSpan().SequenceEqual(FlameGraphJson.Write(expected, node, top)))
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="Functions">By function: its name and file, as an index into names × files.</param>
    /// <param name="Locations">By location: its lines' functions, innermost first, and its binary (none past the last).</param>
    /// <param name="Samples">Locations leaf first, and a value of each sample type.</param>
    internal sealed record Case(
        int[] Functions, (int[] Lines, int Binary)[] Locations, (int[] Stack, long Objects, long Space)[] Samples,
        Granularity Granularity, bool NoInlines, string? Focus, string? Ignore, string? SampleIndex)
    {
        public string? Hide { get; init; }

        public string? Show { get; init; }

        /// <summary>By sample, its labels' number in <see cref="LabelSets"/>; none past the end.</summary>
        public int[] Labels { get; init; } = [];

        public string? TagFocus { get; init; }

        public string? TagIgnore { get; init; }

        public ProfileFilter Filters() => ProfileFilter.None with
        {
            Focus = Regex(Focus), Ignore = Regex(Ignore), Hide = Regex(Hide), Show = Regex(Show),
            TagFocus = TagFocus is null ? null : LabelFilter.Parse(TagFocus),
            TagIgnore = TagIgnore is null ? null : LabelFilter.Parse(TagIgnore),
        };

        public Profile Profile()
        {
            var profile = new Profile([new SampleType("objects", "count"), new SampleType("space", "bytes")]);
            var mappings = Binaries.Select((file, i) => new Mapping
            {
                Id = (ulong)i + 1, Start = 0x1000 * ((ulong)i + 1), Limit = 0x1000 * ((ulong)i + 2), File = file,
                HasFunctions = true, HasFilenames = true, HasLineNumbers = true, HasInlineFrames = true,
            }).ToArray();
            profile.Mappings.AddRange(mappings);
            var functions = Functions.Select((f, i) => new Function
            {
                Id = (ulong)i + 1, Name = FunctionNames[f / Files.Length], SystemName = FunctionNames[f / Files.Length], Filename = Files[f % Files.Length],
            }).ToArray();
            profile.Functions.AddRange(functions);
            for (var l = 0; l < Locations.Length; l++)
            {
                var (lines, binary) = Locations[l];
                profile.Locations.Add(new Location
                {
                    Id = (ulong)l + 1,
                    Mapping = binary < mappings.Length ? mappings[binary] : null,
                    Address = binary < mappings.Length ? mappings[binary].Start + (ulong)l : 0,
                    Lines = [.. lines.Select((f, i) => new Line(functions[f % functions.Length], 10 + i))],
                });
            }

            foreach (var ((stack, objects, space), i) in Samples.Select((sample, i) => (sample, i)))
            {
                profile.Samples.Add(stack, [objects, space], i < Labels.Length ? LabelSets[Labels[i]] : []);
            }

            return profile;
        }

        public ReportOptions Options(bool focus) => ReportOptions.Default with
        {
            Granularity = Granularity,
            NoInlines = NoInlines,
            SampleIndex = focus ? SampleIndex : null,
            Filter = focus ? Filters() : ProfileFilter.None,
        };

        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append($"functions [{string.Join(", ", Functions.Select(f => $"{FunctionNames[f / Files.Length]}@{Files[f % Files.Length]}"))}]\n");
            text.Append($"locations [{string.Join(", ", Locations.Select(l => $"[{string.Join(' ', l.Lines)}]@{l.Binary}"))}]\n");
            text.Append($"samples [{string.Join(", ", Samples.Select(s => $"[{string.Join(' ', s.Stack)}]={s.Objects}/{s.Space}"))}]\n");
            text.Append($"labels [{string.Join(' ', Labels)}]\n");
            return text.Append($"g={Granularity} noinlines={NoInlines} f={Focus} i={Ignore} h={Hide} s={Show} tf={TagFocus} ti={TagIgnore} si={SampleIndex}").ToString();
        }
    }
}
