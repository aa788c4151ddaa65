using System.Xml.Linq;
using Pprof.Reports;
using Pprof.Tests.Support;

namespace Pprof.Tests.Reports;

/// <summary>
/// Pictures drawn by Graphviz's <c>dot</c>, which must be installed (CI installs it): without it these tests fail
/// rather than skip, so that a broken setup cannot pass for a working one.
/// </summary>
public sealed class GraphvizRendererTests
{
    private static readonly string Heap = TestData.File("gobmap.heap.4.pb.gz");
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    [Fact]
    public void Svg_is_well_formed_and_shows_the_top_frames()
    {
        var svg = XDocument.Parse(DriverRun.Of("-svg", Heap).Succeeded().Text);

        var tooltips = svg.Descendants(Svg + "a").Select(a => (string?)a.Attribute(XLink + "title") ?? "").ToList();
        foreach (var frame in new[] { "reflect.mapassign_faststr", "reflect.makemap", "encoding/gob.decString", "runtime.malg" })
        {
            Assert.Contains(tooltips, tooltip => tooltip.StartsWith(frame + " (", StringComparison.Ordinal));
        }

        Assert.Contains(svg.Descendants(Svg + "text"), text => text.Value == "mapassign_faststr");
    }

    [Fact]
    public void Svg_fills_the_window_and_carries_the_pan_and_zoom_script()
    {
        var svg = XDocument.Parse(DriverRun.Of("-svg", Heap).Succeeded().Text).Root!;

        Assert.Equal("100%", (string?)svg.Attribute("width"));
        Assert.Equal("100%", (string?)svg.Attribute("height"));
        var script = Assert.Single(svg.Elements(Svg + "script")).Value;
        Assert.Contains("'wheel'", script, StringComparison.Ordinal);
        Assert.Contains("'mousemove'", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a })]
    [InlineData("-gif", new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8' })]
    [InlineData("-pdf", new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-' })]
    [InlineData("-ps", new byte[] { (byte)'%', (byte)'!', (byte)'P', (byte)'S' })]
    public void Binary_pictures_start_with_their_format_signature(string flag, byte[] signature)
    {
        var picture = DriverRun.Of(flag, Heap).Succeeded().Stdout;

        Assert.True(picture.AsSpan().StartsWith(signature), $"{flag} output starts with {Convert.ToHexString(picture.AsSpan(0, Math.Min(8, picture.Length)))}");
    }

    [Fact]
    public void Output_flag_writes_the_picture_to_that_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pprof-png-").FullName, "graph.png");

        var result = DriverRun.Of("-png", "-output", path, Heap).Succeeded();

        Assert.Empty(result.Stdout);
        Assert.Equal("Generating report in " + path, result.Stderr.TrimEnd());
        Assert.Equal(0x89, File.ReadAllBytes(path)[0]);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_graph_dot_rejects_is_reported_with_its_message()
    {
        var error = Assert.Throws<ReportException>(() => GraphvizRenderer.Render("digraph { a -> }", "svg"));

        Assert.StartsWith("dot -Tsvg failed with exit status", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Pan_and_zoom_replaces_the_fixed_size_and_ends_the_picture_with_the_script()
    {
        const string picture = """<?xml version="1.0"?><svg width="10pt" height="20pt" viewBox="0 0 10 20" xmlns="http://www.w3.org/2000/svg"><g/></svg>""";

        var root = XDocument.Parse(SvgPanZoom.Inject(picture)).Root!;

        Assert.Equal("100%", (string?)root.Attribute("width"));
        Assert.Equal("0 0 10 20", (string?)root.Attribute("viewBox"));
        Assert.Equal(Svg + "script", root.Elements().Last().Name);
        Assert.Equal("<html/>", SvgPanZoom.Inject("<html/>"));
    }
}
