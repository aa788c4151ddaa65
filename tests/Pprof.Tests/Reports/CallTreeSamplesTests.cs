using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.Tests.Reports;

/// <summary>
/// A call tree derived for another focus, ignore or sample index is the tree merging the filtered samples makes: on
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

    internal static readonly Gen<Case> Cases =
        from functions in Gen.Int[0, FunctionNames.Length * Files.Length - 1].Array[1, 8]
        from locations in Gen.Select(functions.Length > 0 ? Gen.Int[0, functions.Length - 1].Array[1, 3] : Gen.Const(Array.Empty<int>()), Gen.Int[0, Binaries.Length]).Array[1, 8]
        from samples in Gen.Select(Gen.Int[0, locations.Length - 1].Array[0, 7], Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9], Gen.Long[-5, 5]), Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9])).Array[0, 30]
        from granularity in Gen.Enum<Granularity>()
        from noInlines in Gen.Bool
        from focus in Gen.Int[0, Regexes.Length - 1]
        from ignore in Gen.Int[0, Regexes.Length - 1]
        from sampleIndex in Gen.Int[0, SampleIndexes.Length - 1]
        select new Case(functions, locations, samples, granularity, noInlines, Regexes[focus], Regexes[ignore], SampleIndexes[sampleIndex]);

    [Fact]
    public void A_derived_tree_answers_as_the_tree_of_the_filtered_samples()
    {
        Cases.Sample(test =>
        {
            var profile = test.Profile();
            var expected = new ProfileReport(profile, test.Options(focus: true)).CallTreeTable();
            var fromEverySample = new ProfileReport(profile, test.Options(focus: false) with { SampleIndex = "0" }).CallTreeTable().Samples!.EverySample()
                .Derive(test.SampleIndex, Regex(test.Focus), Regex(test.Ignore));
            var fromUnfiltered = new ProfileReport(profile, test.Options(focus: false)).CallTreeTable().Samples!
                .Derive(test.SampleIndex, Regex(test.Focus), Regex(test.Ignore));
            var unfilteredOtherIndex = new ProfileReport(profile, test.Options(focus: false) with { SampleIndex = "0" }).CallTreeTable().Samples!
                .Derive(test.SampleIndex, Regex(test.Focus), Regex(test.Ignore));

            // Without a focus or ignore the tree of every sample has every index's tree in it.
            return (fromEverySample is not null || !(test.Focus is null && test.Ignore is null))
                && new[] { fromEverySample, fromUnfiltered, unfilteredOtherIndex }.All(derived => derived is null || Answers(derived, expected));
        }, iter: 2_000, print: test => test.ToString());
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

        var derived = new ProfileReport(profile, test.Options(focus: false)).CallTreeTable().Samples!.Derive(null, Regex(test.Focus), null);

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

        var derived = new ProfileReport(test.Profile(), test.Options(focus: false)).CallTreeTable().Samples!.Derive(null, Regex(test.Focus), null);

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

        var top = new ProfileReport(new Profile([new SampleType("samples", "count")])).Top();
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

            foreach (var (stack, objects, space) in Samples)
            {
                profile.Samples.Add(stack, [objects, space], []);
            }

            return profile;
        }

        public ReportOptions Options(bool focus) => ReportOptions.Default with
        {
            Granularity = Granularity,
            NoInlines = NoInlines,
            SampleIndex = focus ? SampleIndex : null,
            Filter = focus ? ProfileFilter.None with { Focus = Regex(Focus), Ignore = Regex(Ignore) } : ProfileFilter.None,
        };

        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append($"functions [{string.Join(", ", Functions.Select(f => $"{FunctionNames[f / Files.Length]}@{Files[f % Files.Length]}"))}]\n");
            text.Append($"locations [{string.Join(", ", Locations.Select(l => $"[{string.Join(' ', l.Lines)}]@{l.Binary}"))}]\n");
            text.Append($"samples [{string.Join(", ", Samples.Select(s => $"[{string.Join(' ', s.Stack)}]={s.Objects}/{s.Space}"))}]\n");
            return text.Append($"g={Granularity} noinlines={NoInlines} f={Focus} i={Ignore} si={SampleIndex}").ToString();
        }
    }
}
