using System.Globalization;
using System.Xml.Linq;
using Pprof.Tests.Support;

namespace Pprof.Tests.Reports;

/// <summary>The <c>-flamegraph</c> SVG: its frames, their widths, tooltips and script, without Graphviz.</summary>
public sealed class FlameGraphReportTests
{
    private const double PlotWidth = 1180;
    private static readonly string Heap = TestData.File("gobmap.heap.4.pb.gz");
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData("reflect.mapassign_faststr")]
    [InlineData("reflect.makemap")]
    [InlineData("encoding/gob.decString")]
    [InlineData("runtime.malg")]
    [InlineData("main.gobmap")]
    public void Frames_are_rects_as_wide_as_their_share_of_the_value(string function)
    {
        var frames = Frames(DriverRun.Of("-flamegraph", Heap).Succeeded().Text);
        var through = SampleSums.Through(Heap, function, out var total);

        var width = frames.Where(f => f.Name == function).Sum(f => f.Width);

        Assert.Equal(PlotWidth, Assert.Single(frames, f => f.Name == "root").Width);
        Assert.Equal(PlotWidth * through / total, width, tolerance: 0.02);
    }

    [Fact]
    public void Tooltips_give_the_full_name_the_value_and_the_percentage()
    {
        var titles = XDocument.Parse(DriverRun.Of("-flamegraph", Heap).Succeeded().Text).Descendants(Svg + "title").Select(t => t.Value);

        Assert.Contains("reflect.mapassign_faststr\n2MB (36.37%)", titles);
        Assert.Contains("root\n5.50MB (100%)", titles);
    }

    [Fact]
    public void The_picture_carries_its_zoom_script_and_reset_control()
    {
        var svg = XDocument.Parse(DriverRun.Of("-flamegraph", Heap).Succeeded().Text).Root!;

        var script = Assert.Single(svg.Elements(Svg + "script")).Value;
        Assert.Contains("function zoom(target)", script, StringComparison.Ordinal);
        Assert.Contains(svg.Elements(Svg + "text"), text => (string?)text.Attribute("id") == "reset");
        Assert.DoesNotContain("http", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Callees_lie_within_their_caller_one_row_below()
    {
        var frames = Frames(DriverRun.Of("-flamegraph", Heap).Succeeded().Text);

        foreach (var frame in frames.Where(f => f.Depth > 0))
        {
            Assert.Contains(frames, caller => caller.Depth == frame.Depth - 1 && caller.X <= frame.X + 0.01
                && frame.X + frame.Width <= caller.X + caller.Width + 0.01);
        }
    }

    [Fact]
    public void Filters_apply_before_the_stacks_are_drawn()
    {
        var frames = Frames(DriverRun.Of("-flamegraph", "-focus", "decodeMap", Heap).Succeeded().Text);

        Assert.Contains(frames, f => f.Name == "reflect.mapassign_faststr");
        Assert.DoesNotContain(frames, f => f.Name == "runtime.malg");
    }

    [Fact]
    public void Lines_granularity_names_frames_by_file_and_line()
    {
        var frames = Frames(DriverRun.Of("-flamegraph", "-lines", Heap).Succeeded().Text);

        Assert.All(frames.Where(f => f.Depth > 0), f => Assert.Matches(@" \S+:\d+$", f.Name));
    }

    [Fact]
    public void A_comparison_is_coloured_by_change_with_absolute_widths()
    {
        var text = DriverRun.Of("-flamegraph", "-base", Heap, TestData.File("gobmap.heap.2.pb.gz")).Succeeded().Text;
        var frames = Frames(text);

        Assert.Equal(PlotWidth, Assert.Single(frames, f => f.Name == "root").Width);
        Assert.All(frames.Where(f => f.Name != "root"), f => Assert.StartsWith("hsl(120,", f.Fill, StringComparison.Ordinal));
        Assert.Contains("Red grew, green shrank.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_without_samples_still_makes_a_picture()
    {
        var svg = XDocument.Parse(DriverRun.Of("-flamegraph", "-focus", "no such function", Heap).Succeeded().Text);

        Assert.Empty(svg.Descendants(Svg + "rect").Skip(1));
        Assert.Contains(svg.Descendants(Svg + "text"), text => text.Value == "No samples to show.");
    }

    private sealed record Frame(string Name, int Depth, double X, double Width, string Fill);

    /// <summary>Each frame's name (the first line of its tooltip), row and rectangle.</summary>
    private static List<Frame> Frames(string svg) =>
        [.. XDocument.Parse(svg).Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "frame").Select(g =>
        {
            var rect = g.Element(Svg + "rect")!;
            return new Frame(
                g.Element(Svg + "title")!.Value.Split('\n')[0],
                int.Parse((string)g.Attribute("data-depth")!, CultureInfo.InvariantCulture),
                double.Parse((string)rect.Attribute("x")!, CultureInfo.InvariantCulture) - 10,
                double.Parse((string)rect.Attribute("width")!, CultureInfo.InvariantCulture),
                (string)rect.Attribute("fill")!);
        })];
}
