using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/diff</c>, when started with <c>-base</c> or <c>-diff_base</c>: the base's and the new profile's flame graphs
/// side by side, and below them one flame graph of both whose frames are coloured by how much they grew or shrank.
/// </summary>
internal sealed class DiffView(ViewContext context)
{
    private readonly Lazy<DiffSides?> _sides = new(() => context.Settings.Comparison is { } comparison ? DiffSides.Of(comparison) : null);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/diff", context.Page("diff", Page));
        app.MapGet("/ui/api/diff", context.Api(Data));
    }

    private ProfileComparison Comparison => context.Settings.Comparison
        ?? throw new ViewUnavailableException("no base to compare with: start with -diff_base=BASE (or -base=BASE) before the profile, such as dotnet-pprof -http=:8080 -diff_base=before.pb.gz after.pb.gz");

    private string Page(ViewQuery query, IQueryCollection raw)
    {
        _ = Comparison;
        // Read as every parameter is, as pprof reads a URL: its first value.
        if (raw.TryGetValue("palette", out var values) && ViewQuery.First(values) is not ("" or "colorblind") and var palette)
        {
            throw new BadQueryException($"palette: {palette} is not colorblind (leave it out for red and green)");
        }

        return "<pre class=\"legend\" id=\"view-legend\"></pre>\n" +
            "<div class=\"flame-controls\"><label><input type=\"checkbox\" id=\"diff-palette\"> colour-blind palette</label>" +
            "<span class=\"key\" id=\"diff-key\"></span></div>\n<p class=\"totals\" id=\"diff-totals\"></p>\n" +
            "<div id=\"view-details\" class=\"details\">&nbsp;</div>\n" +
            $"<div id=\"diff\" data-api=\"api/diff{PageWriter.Encode(ViewQuery.Carried(raw))}\">" +
            "<div class=\"sides\"><div><h2>base</h2><div class=\"flame\" id=\"diff-base\"></div></div>" +
            "<div><h2>new</h2><div class=\"flame\" id=\"diff-new\"></div></div></div>" +
            "<h2>change</h2><div class=\"flame\" id=\"diff-graph\"></div></div>\n";
    }

    private (byte[], string) Data(ViewQuery query) => (Answer(query), "application/json");

    /// <summary>The diff's data for <paramref name="query"/>, computed once: what the page asks for, and what is computed ahead for the first view's query.</summary>
    public byte[] Answer(ViewQuery query)
    {
        var comparison = Comparison;
        return context.Cache.Get("diff", query.Key, () => Compute(comparison, query));
    }

    /// <summary>The answer: the legend of the comparison, each side's flame graph with its own legend and total, and the diff's.</summary>
    /// <param name="budget">How many frames each of the three flame graphs draws.</param>
    internal static byte[] Write(
        ReportSummary legend, ReportSummary baseSummary, ReportSummary newSummary, (IFlameFrame Base, IFlameFrame New, IDiffFrame Diff) trees, int budget = FlameGraphJson.NodeBudget) =>
        Write(legend, baseSummary, newSummary, Pictures.Of(trees, budget));

    private static byte[] Write(ReportSummary legend, ReportSummary baseSummary, ReportSummary newSummary, Pictures pictures) =>
        ViewJson.Write(legend, json =>
        {
            var trees = pictures.Trees;
            json.WriteNumber("baseTotal", trees.Base.Value);
            json.WriteNumber("newTotal", trees.New.Value);
            json.WritePropertyName("base");
            FlameGraphJson.WriteObject(json, trees.Base, baseSummary, pictures.BaseFrames);
            json.WritePropertyName("new");
            FlameGraphJson.WriteObject(json, trees.New, newSummary, pictures.NewFrames);
            json.WriteStartObject("diff");
            DiffFrames.Write(json, pictures.DiffFrames);
            json.WriteEndObject();
        });

    /// <summary>The sides' trees when each is merged from its own samples, paired by name as they are drawn.</summary>
    internal static (IFlameFrame Base, IFlameFrame New, IDiffFrame Diff) Paired(CallTreeTable baseTree, CallTreeTable newTree)
    {
        var (baseRoot, newRoot) = (new TableFrame(baseTree, 0), new TableFrame(newTree, 0));
        return (baseRoot, newRoot, DiffTree.Of(baseRoot, newRoot));
    }

    /// <summary>The sides' trees told apart in the comparison's tree.</summary>
    internal static (IFlameFrame Base, IFlameFrame New, IDiffFrame Diff) Apart(DiffTable table) => (table.BaseRoot, table.NewRoot, table.Root);

    /// <summary>
    /// The comparison's legend, the base's and the new profile's (each side's legend and total) and the three
    /// pictures. The passes share nothing: on two cores they take half the time, and the pictures' frames are picked
    /// while the legends are summed. The trees are told apart in a tree of the served profile at hand where that holds
    /// both sides' samples as they are (a pass over the samples and the tree's arrays, where merging each side's
    /// samples into a tree of its own takes seconds on a million).
    /// </summary>
    private byte[] Compute(ProfileComparison comparison, ViewQuery query)
    {
        ProfileReport[] reports = [new(comparison.Base, query.Options), new(comparison.New, query.Options)];
        ReportSummary? legend = null, baseSummary = null, newSummary = null;
        Pictures? pictures = null;
        Parallel.Invoke(
            () => legend = context.Summary(query),
            () => baseSummary = reports[0].Summary(),
            () => newSummary = reports[1].Summary(),
            () => pictures = TellApart(comparison, query) is { } apart ? Pictures.Of(Apart(apart), FlameGraphJson.NodeBudget) : null);
        if (pictures is null)
        {
            var trees = new CallTreeTable[2];
            Parallel.For(0, reports.Length, i => trees[i] = reports[i].CallTreeTable());
            pictures = Pictures.Of(Paired(trees[0], trees[1]), FlameGraphJson.NodeBudget);
        }

        return Write(legend!, baseSummary!, newSummary!, pictures.Value);
    }

    /// <summary>
    /// The sides told apart in a tree of the served profile by the signs of its samples' values
    /// (<see cref="CallTreeSamples.DiffBaseApart(string, ProfileFilter)"/>): over the frames of a tree at hand that
    /// the query's tree is derived from, where no frame is removed and no focus narrows the tree; else in the query's
    /// own tree (the flame graph's, derived as it derives its own). Null where they cannot be.
    /// </summary>
    private DiffTable? TellApart(ProfileComparison comparison, ViewQuery query)
    {
        var options = query.Options;
        if (!CanTellApart(comparison, context.Settings.Profile, options)
            || _sides.Value is not { NegativeValues: false } facts
            || (options.Filter is not { TagFocus: null, TagIgnore: null } && !facts.LabelUnitsAgree))
        {
            return null;
        }

        // The query's own tree where the flame graph keeps it (the first view's, or one derived for the same filters):
        // told apart over it in place, as it holds the samples the filters keep.
        if (context.ComputedCallTree(query)?.Samples?.DiffBaseApart(options.SampleIndex, ProfileFilter.None) is { } own)
        {
            return new DiffTable(own);
        }

        // Else over a tree at hand, in arrays of the size of a call tree that take the place of the one tree kept, as
        // the query's derived tree would have (false where the sides are not told apart so). Not for a focus, whose
        // derived tree is the part of the tree under the frames it matches, usually small: the flame graph's, below.
        if (options.Filter is { Hide: null, Show: null, Focus: null }
            && context.DerivationSource(query) is { } source
            && context.LargeAnswers.Get<object>("diff sides", query.Key, () => (object?)source.DiffBaseApart(options.SampleIndex, options.Filter) ?? false) is CallTreeComparison sides)
        {
            return new DiffTable(sides);
        }

        if (!context.CallTreeKeepsSamples(query))
        {
            return null;
        }

        return context.CallTree(query).Samples?.DiffBaseApart(options.SampleIndex, ProfileFilter.None) is { } derived ? new DiffTable(derived) : null;
    }

    /// <summary>
    /// Whether the served profile's tree of a query with <paramref name="options"/> holds the sides' trees
    /// (<see cref="CallTreeSamples.DiffBaseApart()"/>): its samples are the sides' own (and only the base's carry its
    /// label), no tag filter reads the base's label (<see cref="DiffSides.MayReadBaseLabel"/>; tagshow, taghide,
    /// tagroot and tagleaf change the labels or the stacks), the sample index is the same in each (a profile's default
    /// type may not be), and the tree is one whose samples are kept, which one with show_from or prune_from is not.
    /// </summary>
    private static bool CanTellApart(ProfileComparison comparison, Profile served, ReportOptions options) =>
        comparison.BaseLabelledInProfile
        && !comparison.New.Samples.MayHaveLabel(Label.DiffBaseKey)
        && comparison.Base.SampleTypes.SequenceEqual(comparison.New.SampleTypes)
        && (comparison.Base.DropFrames, comparison.Base.KeepFrames) == (comparison.New.DropFrames, comparison.New.KeepFrames)
        && (options.SampleIndex is { Length: > 0 }
            || (comparison.Base.DefaultSampleType == served.DefaultSampleType && comparison.New.DefaultSampleType == served.DefaultSampleType))
        && options.Filter is { TagShow: null, TagHide: null }
        && !DiffSides.MayReadBaseLabel(options.Filter.TagFocus) && !DiffSides.MayReadBaseLabel(options.Filter.TagIgnore)
        && options is { TagRoot.Count: 0, TagLeaf.Count: 0 }
        && CallTreeSamples.CanDerive(options.Filter);

    /// <summary>The three trees and the frames each picture draws of them.</summary>
    private readonly record struct Pictures(
        (IFlameFrame Base, IFlameFrame New, IDiffFrame Diff) Trees,
        (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) BaseFrames,
        (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) NewFrames,
        (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) DiffFrames)
    {
        /// <summary>The three pictures share nothing but the trees they read: on two cores their frames are picked in less time.</summary>
        public static Pictures Of((IFlameFrame Base, IFlameFrame New, IDiffFrame Diff) trees, int budget)
        {
            (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) baseFrames = default, newFrames = default, diffFrames = default;
            Parallel.Invoke(
                () => baseFrames = FlameGraphJson.Widest(trees.Base, budget),
                () => newFrames = FlameGraphJson.Widest(trees.New, budget),
                () => diffFrames = Pprof.Web.DiffFrames.Widest(trees.Diff, budget));
            return new Pictures(trees, baseFrames, newFrames, diffFrames);
        }
    }
}
