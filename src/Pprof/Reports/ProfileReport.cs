using System.Text;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// Reports on a profile, as data or as the text <c>go tool pprof</c> prints. Each report works on its own copy of the
/// profile, so the profile given is never changed and one <see cref="ProfileReport"/> can make any number of
/// reports. To report on several profiles, merge or compare them first (<c>ProfileSource.Merge</c>, <c>Compare</c>).
/// </summary>
public sealed class ProfileReport
{
    private readonly Profile _profile;
    private readonly List<string> _warnings = [];

    public ProfileReport(Profile profile, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        Options = options ?? ReportOptions.Default;
    }

    public ReportOptions Options { get; }

    /// <summary>What the reports so far had to say, as pprof says it on stderr (a filter that matched nothing, say).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The <c>-top</c> table.</summary>
    public TopTable Top() => TopTable.From(Prepare(ReportFormat.Text, null));

    /// <summary>
    /// The legend and total of <see cref="Top"/> without its rows: a pass over the samples fewer, for what shows the
    /// legend alone (a flame graph's).
    /// </summary>
    public ReportSummary Summary() => TopTable.SummaryOf(Prepare(ReportFormat.Text, null));

    /// <summary>The call graph, trimmed as <c>-tree</c> and <c>-dot</c> trim it (80 nodes unless <see cref="ReportOptions.NodeCount"/> says).</summary>
    public CallGraph Graph() => CallGraph.From(Prepare(ReportFormat.Tree, null));

    /// <summary>The nodes that <paramref name="symbol"/> matches, with their callers and callees, as <c>-peek</c> shows them.</summary>
    public IReadOnlyList<PeekEntry> Peek(Regex symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return PeekEntry.From(CallGraph.From(Prepare(ReportFormat.Tree, symbol)), symbol);
    }

    /// <summary>The call tree of <c>-flamegraph</c> and <c>-collapsed</c>, whole, as objects.</summary>
    public CallTreeNode CallTree() => CallTreeTable().ToTree();

    /// <summary>
    /// The call tree of <c>-flamegraph</c> and <c>-collapsed</c> as flat arrays, to show part of a large one: the
    /// widest frames, or a subtree, without making an object per frame.
    /// </summary>
    public CallTreeTable CallTreeTable()
    {
        if (Options.Filter is not { Focus: null, Ignore: null, Hide: null, Show: null, TagFocus: null, TagIgnore: null } || !Reports.CallTreeSamples.CanDerive(Options.Filter))
        {
            return new(StackTable.From(Prepare(ReportFormat.FlameGraph, null)));
        }

        LocationNames[] locationNames = [];
        var report = Prepare(ReportFormat.FlameGraph, null, profile => locationNames = Reports.CallTreeSamples.NamesOf(profile));
        var table = StackTable.From(report);
        return new(table) { Samples = new Reports.CallTreeSamples(table, report.Profile, locationNames, linesAreFrames: !Options.NoInlines) };
    }

    /// <summary>
    /// What a picture of the call tree's subtree at frame <paramref name="id"/> (a <see cref="Reports.CallTreeTable.Id"/>,
    /// 0 for the root) with room for <paramref name="nodeBudget"/> frames needs, without the whole tree: that frame,
    /// its callers, and its widest descendants as <see cref="Reports.CallTreeTable.Widest"/> picks them, each with its
    /// exact values; the rest of each frame's callees summed (<see cref="Reports.CallTreeTable.LeftOut"/>). It reads
    /// the samples two or three times and holds some 16 times the budget's frames, for profiles whose whole tree
    /// would take gigabytes. Null when no frame has that id.
    /// </summary>
    /// <param name="earlier">
    /// A table this method made earlier for a report with the same options, which holds frame <paramref name="id"/>
    /// (the one a picture showing that frame was drawn from), or null: the values of the frame's callers are read from
    /// it, so that a subtree small enough is found in one pass over the samples instead of two.
    /// </param>
    public CallTreeTable? WidestCallTree(long id, int nodeBudget, CallTreeTable? earlier = null) =>
        WidestCallTree(id, nodeBudget, sketchWidth: 0, room: 0, earlier);

    /// <param name="sketchWidth">Counters a row of the first pass's sketch (0: the default), which tests make few.</param>
    /// <param name="room">Frames the second pass holds before it raises its threshold (0: the default).</param>
    internal CallTreeTable? WidestCallTree(long id, int nodeBudget, int sketchWidth, int room, CallTreeTable? earlier = null) =>
        WidestTreeBuilder.Build(() => Prepare(ReportFormat.FlameGraph, null), id, nodeBudget, _profile.Samples.StayInFile, sketchWidth, room, earlier);

    /// <summary>
    /// The sandwich of the frames <paramref name="function"/> matches (by name or function) as a picture with room for
    /// <paramref name="nodeBudget"/> frames in each of its callers and callees draws it, without the whole call tree:
    /// two or three passes over the samples, for profiles whose whole tree would take gigabytes. Each stack through
    /// the function is cut at its outermost match; its callers and callees are merged by name. Null when a sample's
    /// value is negative (a comparison), where widths are not sums of samples: make the whole tree then.
    /// </summary>
    public CallTreeSandwich? WidestSandwich(Regex function, int nodeBudget) => WidestSandwich(function, nodeBudget, sketchWidth: 0, room: 0);

    /// <param name="sketchWidth">Counters a row of the first pass's sketches (0: the default), which tests make few.</param>
    /// <param name="room">Frames the second pass holds in each tree before it raises its threshold (0: the default).</param>
    internal CallTreeSandwich? WidestSandwich(Regex function, int nodeBudget, int sketchWidth, int room)
    {
        ArgumentNullException.ThrowIfNull(function);
        return WidestSandwichBuilder.Build(() => Prepare(ReportFormat.FlameGraph, null), function, nodeBudget, _profile.Samples.StayInFile, sketchWidth, room);
    }

    /// <summary>The label keys and values of <c>-tags</c>.</summary>
    public IReadOnlyList<TagSummary> Tags() => TagsReport.Summarize(Prepare(ReportFormat.Tags, null));

    /// <summary>The <c>-tags</c> report of these summaries (from <see cref="Tags"/>), byte for byte as <see cref="Write"/> gives it.</summary>
    public static string TagsText(IReadOnlyList<TagSummary> tags)
    {
        using var text = new StringWriter { NewLine = "\n" };
        TagsReport.Write(text, tags);
        return text.ToString();
    }

    /// <summary>
    /// Writes a report as <c>go tool pprof</c> does, byte for byte. <paramref name="symbol"/> is the regexp of
    /// <c>-list</c>, and of <c>-peek</c> with <see cref="ReportFormat.Tree"/>.
    /// </summary>
    /// <param name="imageFormat">For <see cref="ReportFormat.Image"/>: the picture format, as Graphviz's <c>dot -T</c> names it.</param>
    /// <exception cref="ReportException">The report cannot be made: no function matched the <c>-list</c> regexp, say.</exception>
    public void Write(ReportFormat format, Stream output, Regex? symbol = null, string imageFormat = "svg")
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == ReportFormat.List && symbol is null)
        {
            throw new ArgumentNullException(nameof(symbol), "a listing needs the regexp of the functions to list");
        }

        ReportPipeline.Write(Prepare(format, symbol), format, output, imageFormat);
    }

    /// <summary>
    /// A text report (any but <see cref="ReportFormat.Proto"/>, <see cref="ReportFormat.TopProto"/> and
    /// <see cref="ReportFormat.Image"/>) as a string. Names that are not valid UTF-8 become U+FFFD here; <see cref="Write"/>
    /// passes them through byte for byte, as pprof does.
    /// </summary>
    public string ToText(ReportFormat format, Regex? symbol = null)
    {
        if (format is ReportFormat.Proto or ReportFormat.TopProto or ReportFormat.Image)
        {
            throw new ArgumentException($"{format} is not text: write it to a stream", nameof(format));
        }

        using var output = new MemoryStream();
        Write(format, output, symbol);
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>
    /// A copy of the profile prepared for one report as pprof loads profiles (names simplified as its symbolizer
    /// leaves them, drop_frames pruned), then filtered and aggregated.
    /// </summary>
    private Report Prepare(ReportFormat format, Regex? symbol, Action<Profile>? beforeFilters = null)
    {
        // Merging a profile with itself copies it, and is what pprof does before reports that print samples one by one.
        var copy = format.ShowsSamples() ? Merger.Compact(_profile) : _profile.Clone();
        DemangledNames.Simplify(copy, DemangleMode.Simplified, force: false);
        Pruning.RemoveUninteresting(copy);
        return ReportPipeline.Prepare(copy, Options, format, symbol, _warnings.Add, beforeFilters);
    }
}
