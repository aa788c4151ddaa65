using System.Text.Json;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Reports;
using Pprof.Tests.Support;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>
/// The diff view's sides told apart in the tree of a <c>-diff_base</c> comparison answer as each side's tree merged
/// from its own samples, paired by name: on generated profiles with inlined locations, recursion, zero values, frames
/// on one side only, at every granularity, focus, ignore and sample index (the tree derived as the server derives
/// it), with budgets small enough to cut frames into "(other)" boxes. Sides with negative values of their own are
/// merged each on its own by the server (<see cref="DiffView"/>), and are not generated here.
/// </summary>
public sealed class DiffTableTests
{
    private static readonly Gen<(CallTreeSamplesTests.Case New, (int[] Stack, long Objects, long Space)[] Base, int Budget)> Cases =
        from test in CallTreeSamplesTests.Cases
        from baseSamples in Gen.Select(
            Gen.Int[0, test.Locations.Length - 1].Array[0, 7],
            Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9]),
            Gen.OneOf(Gen.Const(0L), Gen.Long[1, 9])).Array[0, 30]
        from budget in Gen.OneOf(Gen.Int[1, 12], Gen.Const(FlameGraphJson.NodeBudget))
        select (test, baseSamples, budget);

    [Fact]
    public void Sides_told_apart_in_the_comparison_answer_as_sides_merged_on_their_own()
    {
        var top = new ProfileReport(new Profile([new SampleType("samples", "count")])).Top();
        Cases.Sample(test =>
        {
            var (generated, baseSamples, budget) = test;
            // Tag filters read the base's label on one side only: the server merges each side on its own then.
            var newCase = generated with { Samples = [.. generated.Samples.Select(s => (s.Stack, Math.Abs(s.Objects), Math.Abs(s.Space)))], TagFocus = null, TagIgnore = null };
            var (newProfile, baseProfile) = (newCase.Profile(), (newCase with { Samples = baseSamples }).Profile());
            var options = newCase.Options(focus: true);
            var unfiltered = new ProfileReport(ProfileSource.Compare(newProfile, baseProfile), newCase.Options(focus: false)).CallTreeTable();
            var tree = newCase.Filters() == ProfileFilter.None && newCase.SampleIndex is null
                ? unfiltered
                : unfiltered.Samples!.Derive(newCase.SampleIndex, newCase.Filters());
            if (tree is null)
            {
                // Not derived: the server merges each side on its own.
                return true;
            }

            // Told apart by the base's label and by the values' signs, over the derived tree's own frames: the same.
            var (baseSide, newSide) = tree.Samples!.DiffBaseApart()!.Value;
            if (tree.Samples.DiffBaseApart(newCase.SampleIndex, ProfileFilter.None) is not { } signs
                || !(baseSide.Values.SequenceEqual(signs.Base.Values) && baseSide.Widths.SequenceEqual(signs.Base.Widths)
                    && newSide.Values.SequenceEqual(signs.New.Values) && newSide.Widths.SequenceEqual(signs.New.Widths)))
            {
                return false;
            }

            var apart = DiffView.Write(top.Summary, top.Summary, top.Summary, DiffView.Apart(new DiffTable(signs)), budget);
            var paired = DiffView.Write(
                top.Summary, top.Summary, top.Summary, DiffView.Paired(new ProfileReport(baseProfile, options).CallTreeTable(), new ProfileReport(newProfile, options).CallTreeTable()), budget);
            return apart.AsSpan().SequenceEqual(paired);
        }, iter: 5_000, print: test => $"{test.New}\nbase samples [{string.Join(", ", test.Base.Select(s => $"[{string.Join(' ', s.Stack)}]={s.Objects}/{s.Space}"))}]\nbudget {test.Budget}");
    }

    [Fact]
    public void Sides_told_apart_over_a_tree_at_hand_answer_as_sides_merged_on_their_own()
    {
        var top = new ProfileReport(new Profile([new SampleType("samples", "count")])).Top().Summary;
        var toldApart = 0;
        Cases.Sample(test =>
        {
            var (generated, baseSamples, budget) = test;
            // Hide and show make frames fall together, which only a derived tree has: those are not told apart here;
            // nor are tag filters that may read the base's label (the server merges each side on its own then).
            static string? KeyedTagFilter(string? filter) => filter is not null && DiffSides.MayReadBaseLabel(LabelFilter.Parse(filter)) ? null : filter;
            var newCase = generated with
            {
                Samples = [.. generated.Samples.Select(s => (s.Stack, Math.Abs(s.Objects), Math.Abs(s.Space)))],
                TagFocus = KeyedTagFilter(generated.TagFocus),
                TagIgnore = KeyedTagFilter(generated.TagIgnore),
                Hide = null,
                Show = null,
            };
            var (newProfile, baseProfile) = (newCase.Profile(), (newCase with { Samples = baseSamples }).Profile());
            var comparison = ProfileSource.Compare(newProfile, baseProfile);
            var unfiltered = new ProfileReport(comparison, newCase.Options(focus: false)).CallTreeTable().Samples!;
            var everySample = new ProfileReport(comparison, newCase.Options(focus: false) with { SampleIndex = "0" }).CallTreeTable().Samples!.EverySample();
            var sides = new[] { unfiltered, everySample }.Select(samples => samples.DiffBaseApart(newCase.SampleIndex, newCase.Filters())).OfType<CallTreeComparison>().ToList();
            if (sides.Count == 0)
            {
                // Not told apart where the comparison's tree is not derived either: the server merges each side on its own.
                return unfiltered.Derive(newCase.SampleIndex, newCase.Filters()) is null;
            }

            Interlocked.Increment(ref toldApart);
            var options = newCase.Options(focus: true);
            var paired = DiffView.Write(
                top, top, top, DiffView.Paired(new ProfileReport(baseProfile, options).CallTreeTable(), new ProfileReport(newProfile, options).CallTreeTable()), budget);
            return sides.All(apart => DiffView.Write(top, top, top, DiffView.Apart(new DiffTable(apart)), budget).AsSpan().SequenceEqual(paired));
        }, iter: 5_000, print: test => $"{test.New}\nbase samples [{string.Join(", ", test.Base.Select(s => $"[{string.Join(' ', s.Stack)}]={s.Objects}/{s.Space}"))}]\nbudget {test.Budget}");

        Assert.True(toldApart > 1_000, $"{toldApart} comparisons were told apart over a tree at hand");
    }

    [Fact]
    public void Sides_are_not_told_apart_over_a_tree_whose_frames_a_hide_would_merge()
    {
        var comparison = ProfileSource.Compare(ProfileSource.Load(TestData.File("gobmap.heap.4.pb.gz")), ProfileSource.Load(TestData.File("gobmap.heap.0.pb.gz")));
        var samples = new ProfileReport(comparison).CallTreeTable().Samples!;

        Assert.NotNull(samples.DiffBaseApart(null, ProfileFilter.None));
        Assert.Null(samples.DiffBaseApart(null, ProfileFilter.None with { Hide = new System.Text.RegularExpressions.Regex("runtime") }));
        Assert.Null(samples.DiffBaseApart(null, ProfileFilter.None with { Show = new System.Text.RegularExpressions.Regex("gob") }));
    }

    [Fact]
    public void A_tree_of_every_sample_has_no_sides_to_tell_apart()
    {
        var profile = ProfileSource.Compare(ProfileSource.Load(TestData.File("gobmap.heap.4.pb.gz")), ProfileSource.Load(TestData.File("gobmap.heap.0.pb.gz")));

        var everySample = new ProfileReport(profile).CallTreeTable().Samples!.EverySample();

        Assert.Null(everySample.DiffBaseApart());
    }

    [Fact]
    public async Task A_side_whose_samples_of_one_stack_cancel_out_keeps_their_frame()
    {
        // main.a calls main.b and pkg.c; the new profile's two samples in main.b cancel out, which merging the
        // comparison sums into a sample of no value, while the new profile's own tree has main.b, of a value of 0.
        CallTreeSamplesTests.Case Of(params (int[] Stack, long Objects, long Space)[] samples) =>
            new([0, 2, 4], [([0], 0), ([1], 0), ([2], 0)], samples, Granularity.Functions, NoInlines: false, Focus: null, Ignore: null, SampleIndex: null);
        var newProfile = Of(([1, 0], 1, 2), ([1, 0], 1, -2), ([2, 0], 1, 1)).Profile();
        var baseProfile = Of(([2, 0], 3, 3)).Profile();
        await using var server = await InProcessServer.Start(
            ProfileSource.Compare(newProfile, baseProfile), new ProfileComparison(baseProfile, newProfile) { BaseLabelledInProfile = true });

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/ui/api/diff", UriKind.Relative)));

        var newSide = SandwichAndTagsTests.Frames(json.RootElement.GetProperty("new"));
        Assert.Contains(newSide, frame => frame.Name == "main.b" && frame.Value == 0);
        Assert.DoesNotContain(SandwichAndTagsTests.Frames(json.RootElement.GetProperty("base")), frame => frame.Name == "main.b");
    }
}
