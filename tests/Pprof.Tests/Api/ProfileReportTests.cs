using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Api;

/// <summary>The library's reports: the same bytes as go tool pprof, as data that agrees with the text, and no change to the caller's profile.</summary>
public sealed class ProfileReportTests
{
    private static readonly Profile Heap = ProfileSource.Load(TestData.File("gobmap.heap.4.pb.gz"));

    private static readonly string[] TopReportNames =
    [
        "top", "top.alloc_space", "top.cum", "top.lines", "top.files", "top.unitMB", "top.nodecount5", "top.focus", "top.ignore",
        "top.hide", "top.show", "top.showfrom", "top.base0", "top.diffbase0", "top.normalize",
    ];

    public static TheoryData<string> GoldenReports() =>
        [.. TopReportNames, "traces", "tree", "raw", "dot", "callgrind", "peek", "peek.lines", "list"];

    public static TheoryData<string> TopReports() => [.. TopReportNames];

    [Theory]
    [MemberData(nameof(GoldenReports))]
    public void A_report_from_code_is_go_tool_pprofs_byte_for_byte(string report)
    {
        var (profile, options, format, symbol) = Request(report);
        using var output = new MemoryStream();

        new ProfileReport(profile, options).Write(format, output, symbol);

        Golden.AssertMatchesGoOutput(Path.Combine(TestData.Expected, $"gobmap.heap.4.{report}.txt"), output.ToArray());
    }

    [Fact]
    public void Merged_sources_report_as_the_command_line_merges_them()
    {
        var merged = ProfileSource.Merge([ProfileSource.Load(TestData.File("gobmap.heap.3.pb.gz")), Heap]);

        var text = new ProfileReport(merged).ToText(ReportFormat.Text);

        Golden.AssertMatchesGoOutput(Path.Combine(TestData.Expected, "gobmap.heap.3+4.top.merged.txt"), System.Text.Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void No_report_changes_the_profile_it_is_given()
    {
        var profile = ProfileSource.Load(TestData.File("gobmap.heap.4.pb.gz"));
        var before = ProfileWriter.ToBytes(profile, compress: false);
        var options = new ReportOptions
        {
            Filter = new ProfileFilter { Focus = new Regex("gob"), Hide = new Regex("runtime"), PruneFrom = new Regex("reflect") },
            Granularity = Granularity.Lines,
            DivideBy = 2,
        };

        // Image runs Graphviz's dot, which this machine and CI have: without it the test fails rather than skip a format.
        foreach (var format in Enum.GetValues<ReportFormat>())
        {
            var report = new ProfileReport(profile, options);
            report.Write(format, Stream.Null, format is ReportFormat.List or ReportFormat.Tree ? new Regex("gob") : null);
            Assert.True(before.AsSpan().SequenceEqual(ProfileWriter.ToBytes(profile, compress: false)), $"{format} changed the profile");
        }

        var data = new ProfileReport(profile, options);
        _ = data.Top();
        _ = data.Graph();
        _ = data.Peek(new Regex("gob"));
        _ = data.CallTree();
        _ = data.Tags();
        _ = options.Filter.Apply(profile);
        _ = ProfileSource.Merge([profile, profile]);
        _ = ProfileSource.Compare(profile, Heap, normalize: true);
        _ = ProfileSource.Subtract(profile, Heap);
        Assert.Equal(before, ProfileWriter.ToBytes(profile, compress: false));
    }

    [Fact]
    public void The_top_table_holds_what_top_prints()
    {
        var report = new ProfileReport(Heap, new ReportOptions { SampleIndex = "alloc_space" });

        var top = report.Top();

        Assert.Equal(report.ToText(ReportFormat.Text), top.ToString());
        Assert.Equal("alloc_space", top.SampleType);
        Assert.Equal("bytes", top.SampleUnit);
        Assert.Equal(100.0 * top.Rows.Sum(r => r.Flat) / top.Total, top.Rows[^1].SumPercent, precision: 6);
        Assert.True(top.Rows.Zip(top.Rows.Skip(1)).All(p => Math.Abs(p.First.Flat) >= Math.Abs(p.Second.Flat)));
        Assert.Contains(top.Legend, line => line.StartsWith("Showing nodes accounting for", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TopReports))]
    public void The_summary_is_the_top_tables_legend_and_total(string report)
    {
        var (profile, options, _, _) = Request(report);
        var top = new ProfileReport(profile, options).Top();

        var summary = new ProfileReport(profile, options).Summary();

        Assert.Equal(top.Legend, summary.Legend);
        Assert.Equal((top.Total, top.TotalText, top.SampleType, top.SampleUnit), (summary.Total, summary.TotalText, summary.SampleType, summary.SampleUnit));
    }

    [Fact]
    public void The_call_graph_and_peek_agree_with_the_tree()
    {
        var report = new ProfileReport(Heap);

        var graph = report.Graph();
        var peek = report.Peek(new Regex(@"main\."));

        var tree = report.ToText(ReportFormat.Tree);
        Assert.All(graph.Nodes, node => Assert.Contains("| " + node.Name + "\n", tree, StringComparison.Ordinal));
        Assert.All(graph.Edges, edge => Assert.True(edge.Caller != edge.Callee || edge.Weight != 0));
        var entry = Assert.Single(peek, e => e.Node.Name == "main.main");
        Assert.Equal(entry.Node.Cum, entry.Callees.Sum(c => c.Weight) + entry.Node.Flat);
        Assert.All(peek, e => Assert.Matches(@"main\.", e.Node.Name));
    }

    [Fact]
    public void The_call_tree_sums_its_children_and_the_collapsed_stacks()
    {
        var tree = new ProfileReport(Heap).CallTree();

        Assert.Equal("root", tree.Name);
        static void Check(CallTreeNode node) => Assert.Equal(node.Value, node.Self + node.Children.Sum(c => c.Value));
        Check(tree);
        Assert.All(tree.Children, Check);
        var collapsed = new ProfileReport(Heap).ToText(ReportFormat.Collapsed);
        Assert.Equal(tree.Value, collapsed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Tags_are_data_and_text_alike()
    {
        var profile = ProfileSource.Load(TestData.File("loggerleak.goroutine.4.pb.gz"));
        var report = new ProfileReport(profile);

        var tags = report.Tags();
        var text = report.ToText(ReportFormat.Tags);

        Assert.All(tags, tag =>
        {
            Assert.Contains($"{tag.Key}:", text, StringComparison.Ordinal);
            Assert.Equal(tag.Total, tag.Values.Sum(v => v.Amount));
        });
    }

    [Fact]
    public void The_tags_text_of_the_summaries_is_the_tags_report()
    {
        var profile = new Profile([new SampleType("space", "bytes")]);
        var function = new Function { Id = 1, Name = "main.F", SystemName = "main.F" };
        profile.Functions.Add(function);
        profile.Locations.Add(new Location { Id = 1, Lines = [new Line(function, 0)] });
        // 1500000 and 1500001 bytes are both 1.43MB: one line, their samples added up.
        profile.Samples.Add([0], [10], [Label.Number("bytes", 1_500_000, "bytes"), Label.String("kind", "a")]);
        profile.Samples.Add([0], [20], [Label.Number("bytes", 1_500_001, "bytes"), Label.String("kind", "b")]);
        profile.Samples.Add([0], [5], [Label.Number("bytes", 64, "bytes"), Label.String("kind", "a")]);
        var report = new ProfileReport(profile);

        var tags = report.Tags();

        Assert.Equal(report.ToText(ReportFormat.Tags), ProfileReport.TagsText(tags));
        Assert.Equal([("1.43MB", 30L), ("64B", 5L)], tags.Single(t => t.Key == "bytes").Values.Select(v => (v.Value, v.Amount)));
    }

    [Fact]
    public void A_filter_that_matches_nothing_is_a_warning_not_an_error()
    {
        var report = new ProfileReport(Heap, new ReportOptions { Filter = new ProfileFilter { Focus = new Regex("no such function") } });

        var top = report.Top();

        Assert.Empty(top.Rows);
        Assert.Contains("Focus expression matched no samples", report.Warnings);
    }

    [Fact]
    public void Label_frames_are_typed_options_too()
    {
        var heap = ProfileSource.Load(TestData.File("gobmap.heap.0.pb.gz"));

        var text = new ProfileReport(heap, new ReportOptions { TagLeaf = ["bytes"] }).ToText(ReportFormat.Text);

        var golden = Path.Combine(TestData.RepositoryRoot, "testdata", "tagroot", "gobmap.heap.0.top.tagleaf.txt");
        Golden.AssertMatchesGoOutput(golden, System.Text.Encoding.UTF8.GetBytes(text));
        Assert.DoesNotContain(heap.Functions, f => f.Filename == "bytes");
    }

    [Fact]
    public void Label_filters_are_typed_or_parsed_from_pprofs_syntax()
    {
        Assert.Equal("bytes=1kb:64kb", LabelFilter.Range("bytes", 1, 64, "kb").Expression);
        Assert.True(LabelFilter.Parse("bytes=1kb:").IsRange);
        Assert.False(LabelFilter.Parse("state=running,waiting").IsRange);
        Assert.ThrowsAny<ArgumentException>(() => LabelFilter.Parse("key=(unclosed"));
    }

    private static (Profile Profile, ReportOptions Options, ReportFormat Format, Regex? Symbol) Request(string report)
    {
        var options = ReportOptions.Default;
        Profile Base(int n) => ProfileSource.Load(TestData.File($"gobmap.heap.{n}.pb.gz"));
        return report switch
        {
            "top" => (Heap, options, ReportFormat.Text, null),
            "top.alloc_space" => (Heap, options with { SampleIndex = "alloc_space" }, ReportFormat.Text, null),
            "top.cum" => (Heap, options with { CumSort = true }, ReportFormat.Text, null),
            "top.lines" => (Heap, options with { Granularity = Granularity.Lines }, ReportFormat.Text, null),
            "top.files" => (Heap, options with { Granularity = Granularity.Files }, ReportFormat.Text, null),
            "top.unitMB" => (Heap, options with { Unit = "MB" }, ReportFormat.Text, null),
            "top.nodecount5" => (Heap, options with { NodeCount = 5 }, ReportFormat.Text, null),
            "top.focus" => (Heap, Filtered(new ProfileFilter { Focus = new Regex("decodeMap") }), ReportFormat.Text, null),
            "top.ignore" => (Heap, Filtered(new ProfileFilter { Ignore = new Regex("gob") }), ReportFormat.Text, null),
            "top.hide" => (Heap, Filtered(new ProfileFilter { Hide = new Regex("runtime") }), ReportFormat.Text, null),
            "top.show" => (Heap, Filtered(new ProfileFilter { Show = new Regex("gob") }), ReportFormat.Text, null),
            "top.showfrom" => (Heap, Filtered(new ProfileFilter { ShowFrom = new Regex(@"main\.gobmap") }), ReportFormat.Text, null),
            "top.base0" => (ProfileSource.Subtract(Heap, Base(0)), options, ReportFormat.Text, null),
            "top.diffbase0" => (ProfileSource.Compare(Heap, Base(0)), options, ReportFormat.Text, null),
            "top.normalize" => (ProfileSource.Subtract(Heap, Base(2), normalize: true), options, ReportFormat.Text, null),
            "traces" => (Heap, options, ReportFormat.Traces, null),
            "tree" => (Heap, options, ReportFormat.Tree, null),
            "raw" => (Heap, options, ReportFormat.Raw, null),
            "dot" => (Heap, options, ReportFormat.Dot, null),
            "callgrind" => (Heap, options, ReportFormat.Callgrind, null),
            "peek" => (Heap, options, ReportFormat.Tree, new Regex(@"main\.")),
            "peek.lines" => (Heap, options with { Granularity = Granularity.Lines }, ReportFormat.Tree, new Regex("decodeMap")),
            "list" => (Heap, options with { SourcePath = TestData.File("src") }, ReportFormat.List, new Regex(@"main\.")),
            _ => throw new ArgumentException("no request known for " + report, nameof(report)),
        };

        ReportOptions Filtered(ProfileFilter filter) => options with { Filter = filter };
    }
}
